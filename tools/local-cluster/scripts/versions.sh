# Versions of the local control plane; the cache directory is keyed by them.
K8S_VERSION="${SLIPWAY_K8S_VERSION:-1.34.4}"
# etcd 3.6.4 is what Kubernetes 1.34 is built and tested against.
ETCD_VERSION="3.6.4"
KWOK_VERSION="0.8.0"
SLIPWAY_CACHE="${SLIPWAY_CACHE:-$HOME/.cache/slipway}"
SLIPWAY_K8S_CACHE="$SLIPWAY_CACHE/k8s-v$K8S_VERSION-etcd-v$ETCD_VERSION-kwok-v$KWOK_VERSION"
SLIPWAY_K8S_BIN_DIR="$SLIPWAY_K8S_CACHE/bin"
# kustomize renders overlays; kept apart so a new version does not rebuild the control plane.
KUSTOMIZE_VERSION="5.7.1"
SLIPWAY_KUSTOMIZE_BIN_DIR="$SLIPWAY_CACHE/kustomize-v$KUSTOMIZE_VERSION/bin"
# Gateway API CRDs (standard channel) for the canary router tests, from the sigs.k8s.io/gateway-api module.
GATEWAY_API_VERSION="1.3.0"
SLIPWAY_GATEWAY_API_CRD_DIR="$SLIPWAY_CACHE/gateway-api-v$GATEWAY_API_VERSION/crds"
# App Mesh CRDs (controller v1.13.3): the controller's own module is not on the Go module proxy, so
# they come from the chart in the github.com/aws/eks-charts module, pinned to this pseudo-version.
EKS_CHARTS_VERSION="v0.0.243-0.20260821194545-743f98a89b5b"
SLIPWAY_APP_MESH_CRD_DIR="$SLIPWAY_CACHE/eks-charts-$EKS_CHARTS_VERSION/appmesh-crds"
# helm renders the cluster kit's chart (and, later, services' charts); its own cache directory.
HELM_VERSION="3.22.0"
SLIPWAY_HELM_BIN_DIR="$SLIPWAY_CACHE/helm-v$HELM_VERSION/bin"
