#!/usr/bin/env bash
# `npm run demo:push-image -- <service> <tag>`: push a new image tag to the running demo's registry.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"

ensure_node
cd "$repo_root"
exec node --require @backstage/cli/config/nodeTransform.cjs tools/demo/src/pushImageCommand.ts "$@"
