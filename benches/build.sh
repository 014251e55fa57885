#!/usr/bin/env bash
# Build throughput: `vitrine build` (release binary) on generated corpora of
# 250, 2,500 and 10,000 cards (10% mojibake), RUNS times each; prints the
# median wall time and the median peak RSS. Targets for 10,000 cards on the
# 2-core machine: <= 1.5 s and <= 400 MB.
#
#   benches/build.sh            # all sizes, 5 runs each
#   SIZES="10000" RUNS=7 benches/build.sh
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${SIZES:-"250 2500 10000"}
RUNS=${RUNS:-5}
GEN=${GEN_CORPUS:-/work/shared/tools/gen-corpus}
WORK=.bench
mkdir -p "$WORK"

cargo build --release --quiet
BIN=target/release/vitrine

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

printf '%-8s %-6s %-14s %-14s %s\n' cards runs median_wall_s median_rss_MB pages
for n in $SIZES; do
  corpus="$WORK/corpus-$n"
  if [ ! -f "$corpus/.complete" ]; then
    rm -rf "$corpus"
    "$GEN" "$corpus" --apis "$n" --mojibake 0.1 >/dev/null
    touch "$corpus/.complete"
  fi
  walls=()
  rss=()
  pages=""
  for _ in $(seq "$RUNS"); do
    out="$WORK/public-$n"
    /usr/bin/time -f '%e %M' -o "$WORK/time-$n" \
      "$BIN" build --content "$corpus" --output "$out" >/dev/null 2>"$WORK/stderr-$n" || true
    line=$(tail -n 1 "$WORK/time-$n")
    summary=$(grep -E '^(built|build failed)' "$WORK/stderr-$n" | tail -n 1 || true)
    walls+=("$(echo "$line" | awk '{ print $1 }')")
    rss+=("$(echo "$line" | awk '{ printf "%.0f", $2 / 1024 }')")
    pages=$(echo "$summary" | grep -oE '^built [0-9]+ pages' | grep -oE '[0-9]+' || echo "?")
  done
  wall=$(printf '%s\n' "${walls[@]}" | median)
  mem=$(printf '%s\n' "${rss[@]}" | median)
  printf '%-8s %-6s %-14s %-14s %s\n' "$n" "$RUNS" "$wall" "$mem" "$pages"
done
