#!/usr/bin/env bash
# `npm test`: every tier. Type check, lint, build and pack, unit and integration tests (against one
# real local control plane shared by the run), the install test on that cluster, then the browser
# tests against the running demo.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
export CI="${CI:-true}"

ensure_node
ensure_apt_packages openssl git chromium postgresql prometheus docker-registry apache2-utils
ensure_dependencies
ensure_control_plane
cd "$repo_root"

section() { printf '\n[slipway] ==== %s ====\n' "$*" >&2; }
started=$SECONDS

section "type check and API reports"
# From scratch: an incremental emit may print inferred types in another order than a clean one,
# and the reports are made from a clean one (yarn build:api-reports).
rm -rf dist-types
yarn tsc
# A change to a public export fails here until `yarn build:api-reports` updates report.api.md.
yarn build:api-reports:only --ci

section "lint"
yarn backstage-cli repo lint
yarn prettier --check .
# The image is not built here (no Docker engine); its Dockerfile is checked.
yarn dockerfile-utils lint packages/backend/Dockerfile

section "build and pack"
yarn build:all >/dev/null
bash scripts/pack-plugins.sh "$repo_root/dist-packs"

section "unit and integration tests"
run_dir="$(mktemp -d -t slipway-test-XXXXXX)"
cluster_pid=""
cleanup() {
  if [ -n "$cluster_pid" ] && kill -0 "$cluster_pid" 2>/dev/null; then
    kill -TERM "$cluster_pid" 2>/dev/null || true
    wait "$cluster_pid" 2>/dev/null || true
  fi
  rm -rf "$run_dir"
}
trap cleanup EXIT
node --require @backstage/cli/config/nodeTransform.cjs tools/local-cluster/src/cli.ts "$run_dir/kubeconfig-path" \
  > "$run_dir/cluster.log" 2>&1 &
cluster_pid=$!
for _ in $(seq 1 240); do
  [ -s "$run_dir/kubeconfig-path" ] && break
  kill -0 "$cluster_pid" 2>/dev/null || { cat "$run_dir/cluster.log" >&2; exit 1; }
  sleep 0.5
done
[ -s "$run_dir/kubeconfig-path" ] || { say "the shared test cluster did not start"; cat "$run_dir/cluster.log" >&2; exit 1; }
export SLIPWAY_TEST_KUBECONFIG="$(cat "$run_dir/kubeconfig-path")"
yarn backstage-cli repo test --maxWorkers=2 --json --outputFile="$run_dir/jest.json"

section "install test"
# The packed packages in a new app from @backstage/create-app, by the plugin READMEs' steps, on
# the shared cluster (the new app is made once per create-app version and cached, ~3 min).
node --require @backstage/cli/config/nodeTransform.cjs tools/install-test/src/index.ts \
  "$repo_root/dist-packs" "$run_dir/install.json"
unset SLIPWAY_TEST_KUBECONFIG
kill -TERM "$cluster_pid"; wait "$cluster_pid" 2>/dev/null || true; cluster_pid=""

section "browser tests"
PLAYWRIGHT_JSON_OUTPUT_NAME="$run_dir/playwright.json" yarn playwright test --reporter=list,json

say "all tiers passed in $((SECONDS - started)) s"
node -e '
  const fs = require("fs");
  const [jestFile, pwFile, installFile] = process.argv.slice(1);
  const jest = JSON.parse(fs.readFileSync(jestFile, "utf8"));
  const pw = JSON.parse(fs.readFileSync(pwFile, "utf8")).stats;
  const install = JSON.parse(fs.readFileSync(installFile, "utf8"));
  const passed = jest.numPassedTests + pw.expected + pw.flaky + install.passed;
  const failed = jest.numFailedTests + pw.unexpected;
  const skipped = jest.numPendingTests + jest.numTodoTests + pw.skipped;
  console.log(`Jest ${jest.numPassedTests} passed; install test passed in ${install.seconds} s; browser ${pw.expected + pw.flaky} passed`);
  console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
' "$run_dir/jest.json" "$run_dir/playwright.json" "$run_dir/install.json"
