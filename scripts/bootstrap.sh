# Sourced by demo.sh and test.sh: brings a fresh machine with only the system Node and npm to
# where the project runs. Everything it installs goes to a cache outside the repository
# ($SLIPWAY_CACHE, default ~/.cache/slipway) and is reused on the next run.

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export SLIPWAY_CACHE="${SLIPWAY_CACHE:-$HOME/.cache/slipway}"

say() { printf '[slipway] %s\n' "$*" >&2; }

node_major() { "${1:-node}" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

# Backstage 1.55 needs Node 22 or 24; the npm package node@22 is a real Node 22 binary.
ensure_node() {
  case "$(node_major)" in
    22 | 24) ;;
    *)
      local dir="$SLIPWAY_CACHE/node-22"
      if [ "$(node_major "$dir/bin/node")" != 22 ] || [ ! -x "$dir/bin/yarn" ]; then
        say "installing Node 22 and the Yarn launcher into $dir (once)"
        npm install --global --prefix "$dir" --no-audit --no-fund node@22 yarn@1.22.22 >&2
        if [ "$(node_major "$dir/bin/node")" != 22 ]; then
          say "npm installed node@22 into $dir but $dir/bin/node does not run as Node 22;"
          say "its install script may have been blocked (npm allow-scripts). Install Node 22 or 24 and run again."
          exit 1
        fi
      fi
      export PATH="$dir/bin:$PATH"
      ;;
  esac
  # Native modules (better-sqlite3) must build against the running Node's headers, whatever
  # ~/.npmrc's nodedir says (on these machines it points at the system Node 20's).
  # Headers sit beside the binary, or (the npm package node@22) in its node-linux-* package.
  local prefix candidate
  prefix="$(dirname "$(dirname "$(node -p 'require("fs").realpathSync(process.execPath)')")")"
  for candidate in "$prefix" "$prefix"/node_modules/node-linux-*; do
    if [ -f "$candidate/include/node/node_version.h" ]; then
      export npm_config_nodedir="$candidate"
      break
    fi
  done
  command -v yarn >/dev/null || {
    say "installing the Yarn launcher"
    npm install --global --prefix "$SLIPWAY_CACHE/node-22" --no-audit --no-fund yarn@1.22.22 >&2
    export PATH="$SLIPWAY_CACHE/node-22/bin:$PATH"
  }
  say "using Node $(node --version) at $(command -v node)"
}

# yarn install only when yarn.lock or a package.json changed since the last install.
ensure_dependencies() {
  local stamp="$repo_root/node_modules/.slipway-install-stamp" sum
  sum="$(cd "$repo_root" && cat yarn.lock package.json packages/*/package.json plugins/*/package.json tools/*/package.json bench/package.json | sha256sum | cut -d' ' -f1)-$(node --version)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$sum" ]; then
    return
  fi
  say "installing dependencies (yarn install --immutable; ~4 min when the cache is cold)"
  (cd "$repo_root" && yarn install --immutable) >&2
  ensure_native_modules
  echo "$sum" > "$stamp"
}

# node-gyp now and then takes ~/.npmrc's nodedir (the system Node's headers) over
# npm_config_nodedir, and better-sqlite3 then cannot load in Node 22: check, and rebuild.
ensure_native_modules() {
  if (cd "$repo_root" && node -e "new (require('better-sqlite3'))(':memory:').close()") 2>/dev/null; then
    return
  fi
  say "better-sqlite3 was built for another Node; rebuilding it against $(node --version)"
  (cd "$repo_root/node_modules/better-sqlite3" &&
    npx --yes --prefix "$repo_root" node-gyp rebuild --release --nodedir="${npm_config_nodedir:-}") >&2
  (cd "$repo_root" && node -e "new (require('better-sqlite3'))(':memory:').close()")
}

ensure_control_plane() {
  bash "$repo_root/tools/local-cluster/scripts/build-binaries.sh"
}

# Debian packages the tests and the demo call: openssl (cluster certificates), git (config
# repositories), chromium (browser tests), postgresql (replicas on one database), prometheus
# (canary analysis), docker-registry and apache2-utils' htpasswd (image automation against a real
# registry). Installed only when missing, and only as root.
ensure_apt_packages() {
  local missing=() pkg bin
  for pkg in "$@"; do
    bin="$pkg"
    [ "$pkg" = chromium ] && bin=/usr/bin/chromium
    [ "$pkg" = postgresql ] && bin="$(ls -d /usr/lib/postgresql/*/bin/postgres 2>/dev/null | head -1)"
    [ "$pkg" = apache2-utils ] && bin=htpasswd
    [ -n "$bin" ] && command -v "$bin" >/dev/null || missing+=("$pkg")
  done
  [ "${#missing[@]}" -eq 0 ] && return
  if [ "$(id -u)" != 0 ]; then
    say "missing Debian packages: ${missing[*]} (apt-get install them, then run again)"
    exit 1
  fi
  say "installing Debian packages: ${missing[*]}"
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
}
