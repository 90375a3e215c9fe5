#!/usr/bin/env bash
# Syntax-checks the front end: every tracked .js file with `node --check`, every tracked .css
# file with a real CSS parser (tinycss2, installed with pip when missing). Prints each error
# as FILE:LINE:COL: message and exits 1 when there is one (2 when a checker is missing).
set -euo pipefail
cd "$(dirname "$0")/.."

status=0
command -v node >/dev/null 2>&1 || { echo "check-front-end: node is not installed" >&2; exit 2; }
while IFS= read -r -d '' file; do
    if ! output=$(node --check "$file" 2>&1); then
        # node prints FILE:LINE, the line, a caret and the error; keep it whole.
        echo "$output" >&2
        status=1
    fi
done < <(git ls-files -z '*.js' '*.mjs')

if ! python3 -c 'import tinycss2' 2>/dev/null; then
    python3 -m pip install --quiet --disable-pip-version-check tinycss2 >&2 \
        || { echo "check-front-end: could not install tinycss2 (pip install tinycss2)" >&2; exit 2; }
fi
git ls-files -z '*.css' | python3 -c '
import sys, tinycss2

def errors(nodes):
    """Every parse error in a list of rules or declarations, nested blocks included."""
    for node in nodes:
        if node.type == "error":
            yield node
        elif node.type == "qualified-rule":
            yield from errors(tinycss2.parse_blocks_contents(node.content, skip_comments=True, skip_whitespace=True)
                              if hasattr(tinycss2, "parse_blocks_contents")
                              else tinycss2.parse_declaration_list(node.content, skip_comments=True, skip_whitespace=True))
        elif node.type == "at-rule" and node.content is not None:
            inner = tinycss2.parse_rule_list(node.content, skip_comments=True, skip_whitespace=True)
            if node.lower_at_keyword in ("font-face", "page", "counter-style", "property", "font-palette-values"):
                inner = tinycss2.parse_declaration_list(node.content, skip_comments=True, skip_whitespace=True)
            yield from errors(inner)
        elif node.type == "declaration":
            yield from (token for token in node.value if token.type == "error")

found = 0
for path in sys.stdin.read().split("\0"):
    if not path:
        continue
    with open(path, encoding="utf-8") as handle:
        rules = tinycss2.parse_stylesheet(handle.read(), skip_comments=True, skip_whitespace=True)
    for error in errors(rules):
        print(f"{path}:{error.source_line}:{error.source_column}: {error.message}", file=sys.stderr)
        found += 1
sys.exit(1 if found else 0)
' || status=1

if [ "$status" -eq 0 ]; then echo "front end: every .js and .css file parses"; fi
exit $status
