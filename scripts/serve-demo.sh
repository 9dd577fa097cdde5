#!/usr/bin/env bash
# Installs what layan needs, builds the release binary and serves the demo city (Kota Mojokerto)
# on the embedded SQLite database (README "Quick start", command 1). Run it as root on Debian 12,
# from any folder. The server prints the addresses of its pages; stop it with Ctrl-C.
#
#   scripts/serve-demo.sh [--port N] [--db PATH] [flags of `layan serve`...]
#
#   --port N    port on 127.0.0.1 (default 8080)
#   --db PATH   SQLite database file (default /var/lib/layan/layan.db as root, else var/layan.db in
#               the checkout); created and migrated if new, and seeded with the demo city
#   any other flag goes to `layan serve`, e.g. --clock-start 2026-11-30T08:00:00+07:00 to open the
#   hall on a Monday morning whatever the time (`layan serve --help` lists them all)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

port=8080
serve_flags=()
if [[ $EUID -eq 0 ]]; then
    db=/var/lib/layan/layan.db
else
    db="$root/var/layan.db"
fi
while [[ $# -gt 0 ]]; do
    case "$1" in
        --port) port="$2"; shift 2 ;;
        --db) db="$(realpath -m "$2")"; shift 2 ;;
        -h | --help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) serve_flags+=("$1"); shift ;;
    esac
done

step() { printf '\n========== %s ==========\n' "$*"; }

step "Debian packages"
bash scripts/install-deps.sh runtime build

step "Release build of layan"
cmake --preset release
cmake --build --preset release --target layan
layan="$root/build/release/src/layan/app/layan"
if [[ ! -x $layan ]]; then
    echo "serve-demo: the build did not produce $layan" >&2
    exit 1
fi

step "Database $db"
mkdir -p "$(dirname "$db")"
database="sqlite://$db"
"$layan" migrate --database "$database"
"$layan" seed-demo --database "$database"

step "layan serve on http://127.0.0.1:$port"
exec "$layan" serve --database "$database" --port "$port" "${serve_flags[@]}"
