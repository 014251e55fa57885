#!/usr/bin/env bash
# Build throughput: `vitrine build` (release binary) on generated corpora of
# 250, 2,500 and 10,000 cards (10% mojibake), RUNS times each; prints the
# median wall time (and the fastest and slowest run), CPU time (user +
# sys) and peak RSS of two cases:
#
#   fresh    into an output folder that does not exist yet (a CI build on a
#            clean clone): every folder and file is created;
#   rebuild  into the same output folder again (an editor rebuilding, a CI
#            cache): the spare kept by the previous build is reused and
#            only changed files are written.
#
# Targets for 10,000 cards on the 2-core machine: <= 1.5 s and <= 400 MB.
#
#   benches/build.sh                       # all sizes, 5 runs each, on disk
#   SIZES="10000" RUNS=7 benches/build.sh
#   OUT_ROOT=/dev/shm/vitrine-bench benches/build.sh   # outputs on tmpfs
#   BASELINE=path/to/other/vitrine benches/build.sh    # same runs, both binaries
#
# Fresh outputs get a new folder name per run and are deleted only at the
# end: on ext4, creating files right after deleting thousands of others is
# several times slower (the allocator skips recently freed inodes), which
# would measure the benchmark's own clean-up. Those skipped inodes are the
# ones freed in the last 60 seconds (ext4 without a journal, like this
# machine's disk), or 360 s when their inode table block is dirty, which it
# is again as soon as a build creates files next to them. So the script
# waits until six minutes have passed since the previous run's clean-up (or
# since `date +%s >.bench/cleaned-at`, run after deleting large trees):
# fresh builds started 70 s after deleting 250,000 files took 1.3 to 3.1 s
# instead of about 1.5 s.
#
# Each run starts after `sync` and a pause (SETTLE seconds, default 1): a
# build leaves 240 MB of pages for the kernel to write back 30 s later, and
# that work, done on the same two cores, would otherwise land in a later
# run. The machine is a shared VM: the `steal_s` column is the CPU time the
# host took from it during the runs (median); compare binaries only within
# one run of this script (BASELINE=).
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${SIZES:-"250 2500 10000"}
RUNS=${RUNS:-5}
GEN=${GEN_CORPUS:-../shared/tools/gen-corpus}
WORK=.bench
OUT_ROOT=${OUT_ROOT:-$WORK/out}
mkdir -p "$WORK" "$OUT_ROOT"
CLEANED="$WORK/cleaned-at"

cargo build --release --quiet
BINS=("target/release/vitrine")
[ -n "${BASELINE:-}" ] && BINS+=("$BASELINE")

# The previous run's outputs were deleted at its end: let the kernel stop
# avoiding their inodes before creating new ones.
if [ -f "$CLEANED" ]; then
  sync
  wait_s=$((${RECENT_S:-370} - ($(date +%s) - $(cat "$CLEANED"))))
  if [ "$wait_s" -gt 0 ]; then
    echo "waiting ${wait_s} s: large trees were deleted less than six minutes ago" >&2
    sleep "$wait_s"
  fi
fi

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# Host steal time so far, in 1/100 s (the 8th number of /proc/stat's cpu line).
steal() { awk '/^cpu / { print $9; exit }' /proc/stat; }

# run BIN CORPUS OUT: one build; prints "wall cpu rss_mb steal".
run() {
  local t="$WORK/time.txt" s0
  sync
  sleep "${SETTLE:-1}"
  s0=$(steal)
  /usr/bin/time -f '%e %U %S %M' -o "$t" "$1" build --content "$2" --output "$3" >/dev/null 2>"$WORK/stderr.txt" || {
    echo "build failed:" >&2
    tail -n 5 "$WORK/stderr.txt" >&2
    exit 1
  }
  awk -v s="$(($(steal) - s0))" '{ printf "%s %.2f %.0f %.2f\n", $1, $2 + $3, $4 / 1024, s / 100 }' "$t"
}

printf '%-8s %-8s %-28s %-6s %-10s %-12s %-10s %-8s %s\n' cards case binary runs wall_s wall_range cpu_s rss_MB steal_s
for n in $SIZES; do
  corpus="$WORK/corpus-$n"
  if [ ! -f "$corpus/.complete" ]; then
    rm -rf "$corpus"
    "$GEN" "$corpus" --apis "$n" --mojibake 0.1 >/dev/null
    touch "$corpus/.complete"
  fi
  for case in fresh rebuild; do
    declare -A walls=() cpus=() rss=() steals=()
    for i in $(seq "$RUNS"); do
      # Alternate the binaries run by run, so load on a shared machine
      # falls on both alike.
      for b in "${BINS[@]}"; do
        key=$(echo "$b" | md5sum | cut -c1-8)
        if [ "$case" = fresh ]; then
          out="$OUT_ROOT/fresh-$n-$key-$i"
        else
          out="$OUT_ROOT/rebuild-$n-$key"
          [ "$i" = 1 ] && run "$b" "$corpus" "$out" >/dev/null # leaves the spare
        fi
        read -r w c m st < <(run "$b" "$corpus" "$out")
        walls[$b]+="$w "
        cpus[$b]+="$c "
        rss[$b]+="$m "
        steals[$b]+="$st "
      done
    done
    for b in "${BINS[@]}"; do
      printf '%-8s %-8s %-28s %-6s %-10s %-12s %-10s %-8s %s\n' "$n" "$case" "$b" "$RUNS" \
        "$(tr ' ' '\n' <<<"${walls[$b]}" | grep . | median)" \
        "$(tr ' ' '\n' <<<"${walls[$b]}" | grep . | sort -n | sed -n '1p;$p' | paste -sd-)" \
        "$(tr ' ' '\n' <<<"${cpus[$b]}" | grep . | median)" \
        "$(tr ' ' '\n' <<<"${rss[$b]}" | grep . | median)" \
        "$(tr ' ' '\n' <<<"${steals[$b]}" | grep . | median)"
    done
  done
done
rm -rf "$OUT_ROOT"/fresh-* "$OUT_ROOT"/.fresh-*
date +%s >"$CLEANED"
