#!/usr/bin/env bash
# Fuzz the parsers of untrusted text with libFuzzer and AddressSanitizer: the CommonMark
# parser and renderer, and the site's Swift highlighter.
# Usage: scripts/fuzz.sh [SECONDS_EACH] [commonmark|highlighter]...
# Builds each harness (Fuzz/*.swift with the sources it exercises) with
# `swiftc -sanitize=fuzzer,address`, seeds a corpus from the workshop's lessons, runs it for
# SECONDS_EACH (default 120) and prints the executions and the crashes. A crash leaves its
# input in .build/fuzz/NAME/ (crash-*, timeout-*, oom-*) and makes the script exit 1.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-120}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(commonmark highlighter)

out=.build/fuzz
mkdir -p "$out"
flags=(-sanitize=fuzzer,address -parse-as-library -O -g -swift-version 6 -package-name fuzz)

# The sources each harness is compiled with (one module: the harness calls package API).
sources() {
    case "$1" in
        commonmark) echo Sources/CommonMark/*.swift Fuzz/CommonMarkFuzz.swift ;;
        highlighter)
            # HTML.swift imports CommonMark (the one escaper): linked from a module of its own.
            echo -I "$out/modules" "$out/modules/CommonMark.o" Sources/LessonSite/SwiftHighlighter.swift \
                Sources/LessonSite/SwiftToken.swift Sources/LessonSite/HTML.swift Fuzz/HighlighterFuzz.swift ;;
        *) echo "scripts/fuzz.sh: unknown harness $1 (commonmark or highlighter)" >&2; exit 2 ;;
    esac
}

# Seeds: every lesson and quiz README for markdown; every Swift block of them for Swift.
seed() {
    local name=$1 corpus=$2
    mkdir -p "$corpus"
    local files=(Lessons/*.md Quizzes/*/README.md)
    if [ "$name" = commonmark ]; then
        cp "${files[@]}" "$corpus/" 2>/dev/null || true
    else
        awk -v dir="$corpus" '
            /^```swift/ { inside = 1; n += 1; file = dir "/block-" FILENAME "-" n; gsub(/\//, "_", file); file = dir "/" substr(file, length(dir) + 2); next }
            /^```/ { inside = 0; next }
            inside { print > file }
        ' "${files[@]}"
    fi
}

# CommonMark as a module, instrumented the same way, for the harnesses that import it.
mkdir -p "$out/modules"
swiftc "${flags[@]}" -wmo -module-name CommonMark -emit-module -emit-module-path "$out/modules/CommonMark.swiftmodule" \
    -c Sources/CommonMark/*.swift -o "$out/modules/CommonMark.o"

status=0
for name in "${targets[@]}"; do
    binary="$out/$name-fuzz"
    # shellcheck disable=SC2046
    # (ld.gold warns about every sanitizer symbol it cannot export; those lines are dropped.)
    swiftc "${flags[@]}" $(sources "$name") -o "$binary" 2>&1 | { grep -v 'Cannot export local symbol' || true; }
    [ -x "$binary" ] || exit 3
    corpus="$out/$name/corpus"
    seed "$name" "$corpus"
    log="$out/$name/fuzz.log"
    echo "fuzzing $name for ${seconds}s (corpus $corpus, log $log)"
    set +e
    (cd "$out/$name" && "../$name-fuzz" -max_total_time="$seconds" -max_len=32768 -timeout=10 \
        -rss_limit_mb=2048 -print_final_stats=1 corpus) >"$log" 2>&1
    code=$?
    set -e
    runs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' || echo 0)
    crashes=$(find "$out/$name" -maxdepth 1 \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' \) | wc -l)
    echo "$name: $runs executions, $crashes crashes (libFuzzer exit $code)"
    if [ "$code" -ne 0 ] || [ "$crashes" -gt 0 ]; then
        tail -n 30 "$log"
        status=1
    fi
done
exit $status
