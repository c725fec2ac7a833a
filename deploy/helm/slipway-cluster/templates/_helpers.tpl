{{/* Who holds the engine's write rights: its ServiceAccount, and the groups an identity provider puts it in. */}}
{{- define "slipway-cluster.subjects" -}}
{{- if .Values.engine.serviceAccount.create }}
- kind: ServiceAccount
  name: {{ .Values.engine.serviceAccount.name }}
  namespace: {{ .Release.Namespace }}
{{- end }}
{{- range .Values.engine.groups }}
- kind: Group
  apiGroup: rbac.authorization.k8s.io
  name: {{ . | quote }}
{{- end }}
{{- end -}}

{{- define "slipway-cluster.labels" -}}
app.kubernetes.io/name: slipway-cluster
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ .Chart.Name }}-{{ .Chart.Version }}
{{- end -}}
