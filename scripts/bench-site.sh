#!/usr/bin/env bash
# The lesson renderer on large lessons: prints `lesson site`'s render time for one lesson of
# 50, 100 and 200 KB of each shape below, and the ratio of 200 KB to 50 KB (linear is 4;
# quadratic, 16). Prints numbers, asserts nothing.
# Usage: scripts/bench-site.sh [LESSON_BINARY]   (default .build/release/lesson, built if missing)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-.build/release/lesson}
if [ ! -x "$bin" ]; then swift build -c release --product lesson >/dev/null; fi
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# shape SIZE: writes a lesson of about SIZE bytes made of one repeated piece.
write_lesson() {
    python3 - "$1" "$2" "$3" <<'PY'
import sys
shape, size, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
text = "---\ntitle: Large\nsummary: A large lesson.\n---\n\n# Large\n\n"
n = 0
while len(text) < size:
    n += 1
    if shape == "headings":      # many short headings, most with the same name
        text += "## Step\n\nA line of [prose][ref].\n\n"
    elif shape == "snippets":    # many snippets, each with an output block, and many definitions
        text += f"[d{n}]: https://example.com/{n}\n\n## Snippet {n}\n\n```swift id=s{n}\nprint(\"\\(\"{n}\")\")\n```\n\n```output\n{n}\n```\n\n"
    elif shape == "compare":     # one long snippet compared again and again
        if n == 1:
            text += "```swift id=a\nfor i in 0..<400 { print(i) }\n```\n\n```output\n" + "".join(f"[0.1s] {i}\n" for i in range(400)) + "```\n\n"
            text += "```swift id=b\nprint(1)\n```\n\n```output\n1\n```\n\n"
        text += "<!-- compare: a b -->\n\n"
text += "\n[ref]: https://example.com\n"
open(path, "w").write(text)
PY
}

echo "lesson site --no-run, one lesson of each shape; render time (best of 3)"
for shape in headings snippets compare; do
    line="$shape:"
    declare -A best=()
    for kb in 50 100 200; do
        dir="$work/$shape-$kb"
        "$bin" init "$dir" >/dev/null
        rm -f "$dir"/Lessons/*.md
        write_lesson "$shape" $((kb * 1000)) "$dir/Lessons/01-large.md"
        best[$kb]=""
        for _ in 1 2 3; do
            t=$(cd "$dir" && "$bin" site --no-run --out "$dir/site" 2>&1 | sed -n 's/.*render \([0-9.]*\)s.*/\1/p')
            if [ -z "${best[$kb]}" ] || awk -v a="$t" -v b="${best[$kb]}" 'BEGIN { exit !(a < b) }'; then best[$kb]=$t; fi
        done
        line="$line  ${kb} KB ${best[$kb]}s"
    done
    ratio=$(awk -v a="${best[200]}" -v b="${best[50]}" 'BEGIN { printf "%.1f", (b > 0 ? a / b : 0) }')
    echo "$line  (200 KB / 50 KB = $ratio)"
    unset best
done
