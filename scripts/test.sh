#!/usr/bin/env bash
# Installs what the tests need, builds layan and runs every test (README "Quick start", command 2;
# CI runs it through .ci/run). Run it as root on Debian 12, from any folder.
#
# Steps, cheapest first so that a failure shows early and plainly; ctest's summary is printed last:
#   1. Debian packages (scripts/install-deps.sh test)
#   2. the browser tests' npm packages (npm ci in e2e/)
#   3. format check (clang-format, .clang-format)
#   4. dev build (CMake preset dev: Debug, ASan+UBSan, -Werror)
#   5. static analysis (clang-tidy, .clang-tidy, over src/, with the dev build's compile commands)
#   6. every test of every label (ctest --preset dev)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

started=$SECONDS
step_started=
current=
step() {
    if [[ -n $step_started ]]; then
        printf -- '-- %s: done in %d s\n' "$current" $((SECONDS - step_started))
    fi
    current="$*"
    step_started=$SECONDS
    printf '\n========== %s ==========\n' "$current"
}
on_error() {
    printf '\n========== FAILED: %s (after %d s in all) ==========\n' "$current" $((SECONDS - started)) >&2
}
trap on_error ERR

step "1/6 Debian packages"
bash scripts/install-deps.sh test
jobs="$(nproc)"
export HOME="${HOME:-$(getent passwd "$(id -u)" | cut -d: -f6)}"

step "2/6 npm packages for the browser tests (e2e/)"
(cd e2e && npm ci --no-audit --no-fund --loglevel=error)

step "3/6 Format check (clang-format)"
bash scripts/check-format.sh

step "4/6 Build (preset dev: ASan+UBSan, -Werror)"
cmake --preset dev
cmake --build --preset dev --parallel "$jobs"

step "5/6 Static analysis (clang-tidy over src/)"
node scripts/check-tidy.mjs build/dev

step "6/6 Tests (ctest --preset dev, every label)"
for label in unit integration e2e slow browser; do
    count="$(ctest --preset dev -N -L "^${label}\$" | sed -n 's/^Total Tests: //p')"
    printf '%-12s %s tests\n' "$label" "${count:-0}"
    if [[ ${count:-0} -eq 0 ]]; then
        echo "warning: no test carries the label '$label'" >&2
    fi
done
rm -rf build/dev/e2e-artifacts
trap - ERR
echo "(ctest starts $((SECONDS - started)) s after the start; browser screenshots go to build/dev/e2e-artifacts/)"
exec ctest --preset dev --parallel "$jobs" --no-tests=error
