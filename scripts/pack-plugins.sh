#!/usr/bin/env bash
# Packs every published package (plugins/*) into tarballs a registry would accept, after the
# build: `yarn pack` runs each package's prepack (`backstage-cli package prepack`), which swaps
# in publishConfig, and replaces `workspace:^` ranges with the versions being published.
# Usage: scripts/pack-plugins.sh OUT_DIR   (expects `yarn tsc` and `yarn build:all` to have run)
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$(mkdir -p "${1:?usage: pack-plugins.sh OUT_DIR}" && cd "$1" && pwd)"
rm -f "$out"/*.tgz
# The engine and the model declare no Backstage package, not even the CLI their prepack runs:
# it comes from the repository root.
export PATH="$repo_root/node_modules/.bin:$PATH"
say() { printf '[slipway] %s\n' "$*" >&2; }

for dir in "$repo_root"/plugins/*/; do
  name="$(node -p "require('$dir/package.json').name")"
  if [ "$(node -p "!!require('$dir/package.json').private")" = true ]; then continue; fi
  say "packing $name"
  (cd "$dir" && yarn pack --out "$out/%s-%v.tgz" >/dev/null)
done

# What a registry and an installing app would trip over.
for tarball in "$out"/*.tgz; do
  manifest="$(tar -xzOf "$tarball" package/package.json)"
  node -e '
    const [file, text] = process.argv.slice(1);
    const pkg = JSON.parse(text);
    const problems = [];
    const inDist = file => String(file ?? "").replace(/^\.\//, "").startsWith("dist/");
    if (pkg.private) problems.push("is private");
    if (!inDist(pkg.main)) problems.push(`main is ${pkg.main}, not in dist/`);
    if (pkg.types && !inDist(pkg.types)) problems.push(`types is ${pkg.types}, not in dist/`);
    for (const field of ["dependencies", "peerDependencies"])
      for (const [dep, range] of Object.entries(pkg[field] ?? {}))
        if (String(range).startsWith("workspace:")) problems.push(`${field}.${dep} is ${range}`);
    const b = pkg.backstage ?? {};
    if (!b.pluginId) problems.push("backstage.pluginId missing");
    if (b.role === "backend-plugin-module" ? !b.pluginPackage : !b.pluginPackages?.length)
      problems.push("backstage.pluginPackages (pluginPackage for a module) missing");
    if (problems.length) { console.error(`${file}: ${problems.join("; ")}`); process.exit(1); }
  ' "$(basename "$tarball")" "$manifest"
  files="$(tar -tzf "$tarball")"
  if grep -q '^package/src/' <<<"$files"; then say "$(basename "$tarball") ships src/"; exit 1; fi
  main="$(node -p "JSON.parse(process.argv[1]).main.replace(/^\.\//, '')" "$manifest")"
  grep -qx "package/$main" <<<"$files" || { say "$(basename "$tarball") lacks its main file $main"; exit 1; }
done
say "$(ls "$out"/*.tgz | wc -l) tarballs in $out, each with dist/, no src/, no workspace: ranges"
