#!/usr/bin/env bash
# Times `navplan scan` against `cat` of the same bytes, warm page cache, in the same run, on
#   1. a folder of about 6,000 split exports (150 MB in all), and
#   2. one combined export of about 1 GB,
# and prints MB/s, the ratio to cat and navplan's peak memory. See docs/benchmark.md.
#
#   scripts/bench-scan.sh            # data in /work/bench-data (BENCH_DATA=... to move it)
#   RUNS=5 scripts/bench-scan.sh     # best of 5 instead of 3
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
DATA=${BENCH_DATA:-/work/bench-data}
RUNS=${RUNS:-3}
cd "$ROOT"

cargo build --release --quiet --bin navplan --example gen_exports
BIN="$ROOT/target/release/navplan"
GEN="$ROOT/target/release/examples/gen_exports"

mkdir -p "$DATA"
[ -d "$DATA/split" ] || "$GEN" split "$DATA/split" 6000 150
[ -f "$DATA/combined.txt" ] || "$GEN" combined "$DATA/combined.txt" 1024

now() { date +%s.%N; }

# best_of CMD...: the fastest of $RUNS runs, in seconds.
best_of() {
  local best="" start end t
  for _ in $(seq "$RUNS"); do
    start=$(now)
    "$@" >/dev/null 2>&1 || true
    end=$(now)
    t=$(echo "$end - $start" | bc -l)
    if [ -z "$best" ] || [ "$(echo "$t < $best" | bc -l)" = 1 ]; then best=$t; fi
  done
  echo "$best"
}

cat_split() { find "$DATA/split" -type f -print0 | xargs -0 cat; }
cat_combined() { cat "$DATA/combined.txt"; }

peak_rss_mb() {
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -v "$@" 2>&1 >/dev/null | awk '/Maximum resident set size/ {printf "%.0f", $6/1024}'
  else
    echo "n/a"
  fi
}

report() {
  local label=$1 bytes=$2 t_cat=$3 t_scan=$4 rss=$5 largest=$6
  local mb
  mb=$(echo "$bytes / 1048576" | bc -l)
  printf '%-9s %8.1f MB  cat %6.3f s (%7.1f MB/s)  scan %6.3f s (%7.1f MB/s)  ratio %5.2fx  peak RSS %s MB (limit %s MB)\n' \
    "$label" "$mb" "$t_cat" "$(echo "$mb / $t_cat" | bc -l)" "$t_scan" "$(echo "$mb / $t_scan" | bc -l)" \
    "$(echo "$t_scan / $t_cat" | bc -l)" "$rss" "$(echo "2 * $largest / 1048576 + 100" | bc)"
}

split_bytes=$(find "$DATA/split" -type f -printf '%s\n' | awk '{s+=$1} END {print s}')
split_largest=$(find "$DATA/split" -type f -printf '%s\n' | sort -n | tail -1)
combined_bytes=$(stat -c %s "$DATA/combined.txt")

# Warm the page cache.
cat_split >/dev/null; cat_combined >/dev/null

t_cat=$(best_of cat_split)
t_scan=$(best_of "$BIN" scan "$DATA/split")
rss=$(peak_rss_mb "$BIN" scan "$DATA/split")
report split "$split_bytes" "$t_cat" "$t_scan" "$rss" "$split_largest"

t_cat=$(best_of cat_combined)
t_scan=$(best_of "$BIN" scan "$DATA/combined.txt")
rss=$(peak_rss_mb "$BIN" scan "$DATA/combined.txt")
report combined "$combined_bytes" "$t_cat" "$t_scan" "$rss" "$combined_bytes"
