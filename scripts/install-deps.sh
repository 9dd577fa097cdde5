#!/usr/bin/env bash
# Installs the Debian 12 packages layan needs, and only those that are missing.
#
#   scripts/install-deps.sh [runtime] [build] [test]      (default: test)
#
#   runtime  what a built `layan` needs to run (shared libraries, espeak-ng with its Indonesian voice)
#   build    the compiler, CMake, Ninja and the -dev packages of every library
#   test     runtime + build + the checkers and the browser test tools (clang-format, clang-tidy,
#            Chromium, Node.js, npm, ...)
#
# Idempotent: when dpkg already has every package (or an installed package provides it), it
# neither runs `apt-get update` nor `apt-get install`. Otherwise it runs `apt-get update` once and
# installs what is missing, without recommended packages. It then checks that the tools work.
set -euo pipefail

readonly runtime_packages=(
    ca-certificates tzdata
    libsqlite3-0 libsodium23 libqrencode4 libspdlog1.10 libfmt9
    espeak-ng       # the display board calls ticket numbers aloud in Indonesian
    libxlsxwriter4  # the dashboard's XLSX exports
    libpq5          # PostgreSQL client library, for `database = postgresql://...`
    libmagic1 libmagic-mgc  # uploaded documents' media types, judged by content (libmagic and its database)
)
readonly build_packages=(
    build-essential cmake ninja-build pkg-config git ca-certificates
    libboost-dev libsqlite3-dev nlohmann-json3-dev libspdlog-dev libfmt-dev libcli11-dev libexpected-dev
    libsodium-dev libqrencode-dev libespeak-ng-dev libgtest-dev libgmock-dev libbenchmark-dev
    libjs-chart.js     # Chart.js, embedded in the binary for the supervisors' charts (halls run offline)
    libxlsxwriter-dev  # the dashboard's XLSX exports (CSV needs nothing)
    zlib1g-dev         # xlsxwriter.pc links -lz, but libxlsxwriter-dev does not depend on zlib's -dev package
    libpq-dev          # the PostgreSQL backend (libpq)
    libmagic-dev       # uploaded documents' media types (libmagic)
)
readonly test_only_packages=(
    clang-format clang-tidy  # CI's format and static-analysis checks
    chromium nodejs npm      # browser tests: Node's test runner drives Debian's Chromium via playwright-core
    sqlite3                  # tests and people inspect the database file
    curl procps              # end-to-end tests probe the server (curl) and find/stop processes (ps, kill)
    postgresql-15            # the PostgreSQL backend's tests start a throwaway cluster: scripts/pg-test-cluster.sh
    nginx                    # the two-node test balances its nodes with nginx (tests/app/multinode_test.cc)
)

usage() {
    sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
}

tiers=("$@")
[[ ${#tiers[@]} -eq 0 ]] && tiers=(test)
wanted=()
want_runtime=0
want_test=0
for tier in "${tiers[@]}"; do
    case "$tier" in
        runtime) wanted+=("${runtime_packages[@]}"); want_runtime=1 ;;
        build) wanted+=("${build_packages[@]}") ;;
        test)
            wanted+=("${runtime_packages[@]}" "${build_packages[@]}" "${test_only_packages[@]}")
            want_runtime=1
            want_test=1
            ;;
        -h | --help) usage ;;
        *) echo "install-deps: unknown tier '$tier'" >&2; usage ;;
    esac
done

if [[ ! -r /etc/debian_version ]] || ! command -v dpkg-query >/dev/null; then
    echo "install-deps: this script installs Debian 12 packages; this system is not Debian." >&2
    exit 1
fi

# Every package name dpkg has installed, plus every name an installed package provides (e.g. a
# Node.js build that bundles npm provides "npm": installing Debian's npm beside it would conflict).
present_names() {
    dpkg-query -W -f='${db:Status-Abbrev}|${Package}|${Provides}\n' |
        awk -F'|' '$1 ~ /^ii/ {
            print $2
            n = split($3, provided, ",")
            for (i = 1; i <= n; i++) {
                name = provided[i]
                sub(/\(.*\)/, "", name)
                gsub(/[[:space:]]/, "", name)
                if (name != "") print name
            }
        }' | sort -u
}

mapfile -t wanted < <(printf '%s\n' "${wanted[@]}" | sort -u)
mapfile -t missing < <(comm -23 <(printf '%s\n' "${wanted[@]}") <(present_names))

if [[ ${#missing[@]} -eq 0 ]]; then
    echo "install-deps: all ${#wanted[@]} packages for '${tiers[*]}' are already installed."
else
    if [[ $EUID -ne 0 ]]; then
        echo "install-deps: missing packages: ${missing[*]}" >&2
        echo "install-deps: run this script as root (or install them with sudo apt-get install)." >&2
        exit 1
    fi
    echo "install-deps: installing ${#missing[@]} missing packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt_options=(-o DPkg::Lock::Timeout=600 -o Dpkg::Use-Pty=0 -q)
    apt-get "${apt_options[@]}" update
    apt-get "${apt_options[@]}" install -y --no-install-recommends "${missing[@]}"
fi

# The packages being there is not enough: check that the tools answer.
check() {
    local what="$1"
    shift
    if ! "$@" >/dev/null 2>&1; then
        echo "install-deps: check failed: $what (command: $*)" >&2
        exit 1
    fi
}
if [[ $want_runtime -eq 1 ]]; then
    check "espeak-ng has an Indonesian voice" bash -c 'espeak-ng --voices=id | grep -qw id'
    wav="$(mktemp --suffix=.wav)"
    # shellcheck disable=SC2016 # $1 is expanded by the inner bash
    check "espeak-ng speaks Indonesian to a WAV file" \
        bash -c 'espeak-ng -v id -w "$1" "nomor antrian A dua belas" && [[ -s "$1" ]]' _ "$wav"
    rm -f "$wav"
fi
if [[ $want_test -eq 1 ]]; then
    for tool in cmake ninja g++ pkg-config git clang-format clang-tidy chromium node npm sqlite3 curl ps psql nginx; do
        check "$tool is on PATH" command -v "$tool"
    done
    for tool in initdb pg_ctl postgres; do
        check "PostgreSQL 15's $tool is installed" test -x "/usr/lib/postgresql/15/bin/$tool"
    done
    check "the postgres system user exists (initdb and postgres refuse to run as root)" id -u postgres
    node_major="$(node -p 'process.versions.node.split(".")[0]')"
    if ((node_major < 18)); then
        echo "install-deps: Node.js $(node --version) is too old; the browser tests need Node.js 18 or later." >&2
        exit 1
    fi
fi
echo "install-deps: ok (${tiers[*]})."
