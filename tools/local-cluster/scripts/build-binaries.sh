#!/usr/bin/env bash
# Builds the local control plane (etcd, kube-apiserver, kube-controller-manager, kube-scheduler,
# kubectl), KWOK, kustomize and helm from their Go modules into a cache outside the repository, keyed by
# version, and fetches the Gateway API and App Mesh CRDs from theirs.
# Binaries already present in SLIPWAY_K8S_BIN or KUBEBUILDER_ASSETS are used as they are.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=versions.sh
source "$here/versions.sh"

log() { printf '[local-cluster] %s\n' "$*" >&2; }

found_elsewhere() {
  local name="$1" dir
  for dir in "${SLIPWAY_K8S_BIN:-}" "${KUBEBUILDER_ASSETS:-}"; do
    [ -n "$dir" ] && [ -x "$dir/$name" ] && return 0
  done
  return 1
}

missing() {
  local name
  for name in "$@"; do
    found_elsewhere "$name" || [ -x "$SLIPWAY_K8S_BIN_DIR/$name" ] || printf '%s\n' "$name"
  done
}

# Prints a line every 30 s while a long build runs, so nobody thinks it hung.
with_heartbeat() {
  local what="$1"; shift
  local start=$SECONDS
  ( while sleep 30; do log "  still building $what ($((SECONDS - start)) s so far)"; done ) &
  local beat=$!
  local rc=0
  "$@" || rc=$?
  kill "$beat" 2>/dev/null || true
  wait "$beat" 2>/dev/null || true
  return $rc
}

command -v go >/dev/null || { log "Go is required to build the control plane (or set SLIPWAY_K8S_BIN)"; exit 1; }
mkdir -p "$SLIPWAY_K8S_BIN_DIR"
work="$SLIPWAY_K8S_CACHE/src"
mkdir -p "$work"
export CGO_ENABLED=0 GOFLAGS=-mod=mod

k8s_ldflags() {
  local pkg flags="-s -w"
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    flags+=" -X $pkg.gitVersion=v$K8S_VERSION -X $pkg.gitMajor=${K8S_VERSION%%.*}"
    flags+=" -X $pkg.gitMinor=$(echo "$K8S_VERSION" | cut -d. -f2) -X $pkg.gitTreeState=clean"
    flags+=" -X $pkg.buildDate=1970-01-01T00:00:00Z"
  done
  printf '%s' "$flags"
}

build_kubernetes() {
  local mod="$work/kubernetes"
  mkdir -p "$mod"
  log "resolving k8s.io/kubernetes v$K8S_VERSION"
  local kk_dir
  kk_dir="$(cd "$mod" && go mod download -json "k8s.io/kubernetes@v$K8S_VERSION" | sed -n 's/^\s*"Dir": "\(.*\)",$/\1/p')"
  [ -f "$kk_dir/go.mod" ] || { log "could not download k8s.io/kubernetes v$K8S_VERSION"; exit 1; }
  # k/k requires its staging modules at v0.0.0 and replaces them with ./staging: pin each to
  # its published v0.<minor>.<patch> instead, so the release builds as a dependency.
  local staging_version="v0.${K8S_VERSION#*.}"
  {
    echo "module slipway.local/k8s-tools"
    echo
    grep -E '^go [0-9]' "$kk_dir/go.mod"
    grep -E '^godebug ' "$kk_dir/go.mod" || true
    echo
    echo "require k8s.io/kubernetes v$K8S_VERSION"
    echo
    grep -E '^\s*k8s\.io/[a-z0-9-]+ => \./staging/' "$kk_dir/go.mod" \
      | awk -v v="$staging_version" '{ printf "replace %s => %s %s\n", $1, $1, v }'
  } > "$mod/go.mod"
  cat > "$mod/tools.go" <<'GO'
//go:build tools

package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
	_ "k8s.io/kubernetes/cmd/kube-scheduler"
	_ "k8s.io/kubernetes/cmd/kubectl"
)
GO
  log "resolving the Kubernetes dependency graph (module download, a few minutes when cold)"
  (cd "$mod" && go mod tidy >/dev/null)
  log "compiling $* (15-30 min on 2 cores when cold)"
  local pkgs=() name
  for name in "$@"; do pkgs+=("k8s.io/kubernetes/cmd/$name"); done
  (cd "$mod" && with_heartbeat "Kubernetes" go build -trimpath -ldflags "$(k8s_ldflags)" -o "$SLIPWAY_K8S_BIN_DIR/" "${pkgs[@]}")
}

build_etcd() {
  local mod="$work/etcd"
  mkdir -p "$mod"
  printf 'module slipway.local/etcd-tools\n\ngo 1.24\n\nrequire go.etcd.io/etcd/server/v3 v%s\n' "$ETCD_VERSION" > "$mod/go.mod"
  printf '//go:build tools\n\npackage tools\n\nimport _ "go.etcd.io/etcd/server/v3"\n' > "$mod/tools.go"
  log "resolving etcd v$ETCD_VERSION"
  (cd "$mod" && go mod tidy >/dev/null)
  log "compiling etcd"
  (cd "$mod" && with_heartbeat "etcd" go build -trimpath -ldflags "-s -w" -o "$SLIPWAY_K8S_BIN_DIR/etcd" go.etcd.io/etcd/server/v3)
}

build_kwok() {
  log "compiling kwok v$KWOK_VERSION"
  with_heartbeat "kwok" env GOBIN="$SLIPWAY_K8S_BIN_DIR" go install -trimpath -ldflags "-s -w" "sigs.k8s.io/kwok/cmd/kwok@v$KWOK_VERSION"
  # KWOK does nothing without stages; the module ships the fast node and pod lifecycles.
  local kwok_dir
  kwok_dir="$(go mod download -json "sigs.k8s.io/kwok@v$KWOK_VERSION" | sed -n 's/^\s*"Dir": "\(.*\)",$/\1/p')"
  local stage_dir="$kwok_dir/kustomize/stage" out="$SLIPWAY_K8S_BIN_DIR/kwok-stages.yaml.tmp" f
  : > "$out"
  for f in node/fast/node-initialize.yaml node/heartbeat-with-lease/node-heartbeat-with-lease.yaml \
           pod/fast/pod-ready.yaml pod/fast/pod-complete.yaml pod/fast/pod-delete.yaml; do
    [ -f "$stage_dir/$f" ] || { log "kwok stage $f not found in $stage_dir"; exit 1; }
    { echo "---"; cat "$stage_dir/$f"; } >> "$out"
  done
  mv "$out" "$SLIPWAY_K8S_BIN_DIR/kwok-stages.yaml"
}

build_kustomize() {
  log "compiling kustomize v$KUSTOMIZE_VERSION"
  mkdir -p "$SLIPWAY_KUSTOMIZE_BIN_DIR"
  with_heartbeat "kustomize" env GOBIN="$SLIPWAY_KUSTOMIZE_BIN_DIR" go install -trimpath \
    -ldflags "-s -w" "sigs.k8s.io/kustomize/kustomize/v5@v$KUSTOMIZE_VERSION"
}

build_helm() {
  log "compiling helm v$HELM_VERSION (3-8 min on 2 cores when cold)"
  mkdir -p "$SLIPWAY_HELM_BIN_DIR"
  with_heartbeat "helm" env GOBIN="$SLIPWAY_HELM_BIN_DIR" go install -trimpath \
    -ldflags "-s -w -X helm.sh/helm/v3/internal/version.version=v$HELM_VERSION" \
    "helm.sh/helm/v3/cmd/helm@v$HELM_VERSION"
}

fetch_gateway_api_crds() {
  log "fetching the Gateway API v$GATEWAY_API_VERSION CRDs from their Go module"
  local dir
  dir="$(go mod download -json "sigs.k8s.io/gateway-api@v$GATEWAY_API_VERSION" | sed -n 's/^\s*"Dir": "\(.*\)",$/\1/p')"
  [ -d "$dir/config/crd/standard" ] || { log "no config/crd/standard in sigs.k8s.io/gateway-api@v$GATEWAY_API_VERSION"; exit 1; }
  mkdir -p "$SLIPWAY_GATEWAY_API_CRD_DIR.tmp"
  cp "$dir"/config/crd/standard/*.yaml "$SLIPWAY_GATEWAY_API_CRD_DIR.tmp/"
  chmod u+w "$SLIPWAY_GATEWAY_API_CRD_DIR.tmp"/*.yaml
  rm -rf "$SLIPWAY_GATEWAY_API_CRD_DIR"
  mv "$SLIPWAY_GATEWAY_API_CRD_DIR.tmp" "$SLIPWAY_GATEWAY_API_CRD_DIR"
}

fetch_app_mesh_crds() {
  log "fetching the App Mesh CRDs from github.com/aws/eks-charts@$EKS_CHARTS_VERSION"
  local dir
  dir="$(go mod download -json "github.com/aws/eks-charts@$EKS_CHARTS_VERSION" | sed -n 's/^\s*"Dir": "\(.*\)",$/\1/p')"
  [ -f "$dir/stable/appmesh-controller/crds/crds.yaml" ] || { log "no stable/appmesh-controller/crds/crds.yaml in github.com/aws/eks-charts@$EKS_CHARTS_VERSION"; exit 1; }
  mkdir -p "$SLIPWAY_APP_MESH_CRD_DIR"
  cp "$dir/stable/appmesh-controller/crds/crds.yaml" "$SLIPWAY_APP_MESH_CRD_DIR/appmesh.yaml.tmp"
  chmod u+w "$SLIPWAY_APP_MESH_CRD_DIR/appmesh.yaml.tmp"
  mv "$SLIPWAY_APP_MESH_CRD_DIR/appmesh.yaml.tmp" "$SLIPWAY_APP_MESH_CRD_DIR/appmesh.yaml"
}

started=$SECONDS
mapfile -t k8s_missing < <(missing kube-apiserver kube-controller-manager kube-scheduler kubectl)
[ "${#k8s_missing[@]}" -eq 0 ] || build_kubernetes "${k8s_missing[@]}"
[ -z "$(missing etcd)" ] || build_etcd
[ -z "$(missing kwok)" ] && [ -f "$SLIPWAY_K8S_BIN_DIR/kwok-stages.yaml" ] || build_kwok
[ -n "${SLIPWAY_KUSTOMIZE:-}" ] || [ -x "$SLIPWAY_KUSTOMIZE_BIN_DIR/kustomize" ] || build_kustomize
[ -n "${SLIPWAY_HELM:-}" ] || [ -x "$SLIPWAY_HELM_BIN_DIR/helm" ] || build_helm
[ -f "$SLIPWAY_GATEWAY_API_CRD_DIR/gateway.networking.k8s.io_httproutes.yaml" ] || fetch_gateway_api_crds
[ -f "$SLIPWAY_APP_MESH_CRD_DIR/appmesh.yaml" ] || fetch_app_mesh_crds
if [ $((SECONDS - started)) -gt 1 ]; then
  log "binaries ready in $SLIPWAY_K8S_BIN_DIR, $SLIPWAY_KUSTOMIZE_BIN_DIR and $SLIPWAY_HELM_BIN_DIR ($((SECONDS - started)) s)"
fi
