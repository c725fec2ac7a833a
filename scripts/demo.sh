#!/usr/bin/env bash
# `npm run demo`: the example Backstage app with Slipway on a local Kubernetes, until Ctrl-C.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"

ensure_node
ensure_apt_packages openssl git docker-registry
ensure_dependencies
ensure_control_plane
cd "$repo_root"
exec node --require @backstage/cli/config/nodeTransform.cjs tools/demo/src/index.ts
