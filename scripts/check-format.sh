#!/usr/bin/env bash
# Checks that every C++ file in src/, tests/ and bench/ follows .clang-format.
#
#   scripts/check-format.sh          report files that differ, exit 1 if any
#   scripts/check-format.sh --fix    reformat them in place
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

dirs=()
for dir in src tests bench; do
    [[ -d $dir ]] && dirs+=("$dir")
done
mapfile -d '' files < <(find "${dirs[@]}" -type f \( -name '*.h' -o -name '*.cc' \) -print0 | sort -z)
if [[ ${#files[@]} -eq 0 ]]; then
    echo "format: no C++ files found." >&2
    exit 1
fi

if [[ ${1:-} == --fix ]]; then
    clang-format -i "${files[@]}"
    echo "format: reformatted ${#files[@]} files."
    exit 0
fi

report="$(mktemp)"
trap 'rm -f "$report"' EXIT
if clang-format --dry-run --Werror "${files[@]}" 2>"$report"; then
    echo "format: ${#files[@]} files follow .clang-format."
    exit 0
fi
head -n 80 "$report"
echo
echo "format: these files do not follow .clang-format:"
grep -oE '^[^:]+\.(h|cc):' "$report" | sed 's/:$//' | sort -u | sed 's/^/    /'
echo "format: fix them with: scripts/check-format.sh --fix"
exit 1
