#!/usr/bin/env bash
# The capstone's numbers, measured side by side in one run (see BENCHMARKS.md):
#  - bulk load rows/s of the 100,000-row .tsv.gz (MovieSupport, incl. gunzip and parsing)
#    against sqlite3's .import of the same data decompressed and Python's executemany;
#  - /health p99 during the load and during 10 heavy searches, blocking and non-blocking;
#  - a year+genre query from SQLite with its index against the TSV scan;
#  - peak memory while scanning the .tsv.gz at 10,000 and at 1,000,000 rows.
#
# Usage: scripts/bench-movies.sh    Env: ROUNDS (load rounds, default 3), SCRATCH (default .build)
# Needs libsqlite3-dev, zlib1g-dev, sqlite3 and python3.
set -euo pipefail
cd "$(dirname "$0")/.."

rounds="${ROUNDS:-3}"
scratch="${SCRATCH:-.build}"
swift build -c release --product movie-bench --scratch-path "$scratch" >&2
bench="$scratch/release/movie-bench"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export LESSON_STATE_DIR="$work/state"

echo "machine: $(nproc) cores, $(uname -sr), sqlite $(sqlite3 --version | cut -d' ' -f1), $(python3 --version)"
"$bench" generate --rows 100000
data="$LESSON_STATE_DIR/movies/title.basics-100000-1894.tsv.gz"
gzip -dc "$data" > "$work/titles.tsv"

cat > "$work/import.sql" <<SQL
CREATE TABLE titles (tconst TEXT NOT NULL, titleType TEXT NOT NULL, primaryTitle TEXT NOT NULL,
    originalTitle TEXT NOT NULL, isAdult INTEGER NOT NULL, startYear INTEGER, endYear INTEGER,
    runtimeMinutes INTEGER, genres TEXT);
.mode tabs
.import --skip 1 $work/titles.tsv titles
CREATE UNIQUE INDEX titles_tconst ON titles(tconst);
CREATE INDEX titles_year ON titles(startYear);
CREATE INDEX titles_type ON titles(titleType);
SQL

echo "== bulk load, 100,000 rows, $rounds rounds interleaved (each into a new file in $work)"
for round in $(seq 1 "$rounds"); do
    "$bench" load --rows 100000 --dir "$work"
    rm -f "$work/import.sqlite"
    start=$(date +%s.%N)
    sqlite3 "$work/import.sqlite" < "$work/import.sql"
    end=$(date +%s.%N)
    count=$(sqlite3 "$work/import.sqlite" "SELECT count(*) FROM titles")
    awk -v s="$start" -v e="$end" -v n="$count" \
        'BEGIN { printf "sqlite3 .import (already decompressed): %d rows in %.3f s = %.0f rows/s\n", n, e - s, n / (e - s) }'
    rm -f "$work/python.sqlite"
    python3 scripts/bench-movies.py "$data" "$work/python.sqlite"
done

echo "== /health latency (a probe every 5 ms)"
"$bench" health --rows 100000 --during load --mode nonblocking --dir "$work"
"$bench" health --rows 100000 --during load --mode blocking --dir "$work"
"$bench" health --rows 100000 --during search --mode nonblocking --dir "$work"
"$bench" health --rows 100000 --during search --mode blocking --dir "$work"

echo "== year+genre query, 100,000 rows"
"$bench" query --rows 100000 --dir "$work"

echo "== peak memory while scanning the .tsv.gz"
"$bench" generate --rows 10000
"$bench" generate --rows 1000000
"$bench" scan-memory --rows 10000
"$bench" scan-memory --rows 1000000
