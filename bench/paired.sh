#!/usr/bin/env bash
# Times two `figures` binaries at the same time, each pinned to a core of its own with
# one worker, the cores swapped every round: on a shared machine whose speed swings
# from minute to minute (by 2x in one afternoon here), both runs of a round see the
# same swing, and the ratio of a round is steadier than two runs one after the other.
# Prints each round's milliseconds and ratio (B/A), then the median ratio.
#
# Usage: bench/paired.sh A_BIN B_BIN [ROUNDS] [SIZE_MB]
#        BENCH_DIR=/tmp/bench bench/paired.sh /tmp/figures-old target/release/figures 22 10
#
# Needs two cores (taskset) and the generated corpus of SIZE_MB (default 10) under
# $BENCH_DIR (default target/bench): `bench/run.sh SIZE_MB` writes it.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 2 ] || { sed -n '8,9p' "$0"; exit 2; }
a=$(realpath "$1")
b=$(realpath "$2")
rounds=${3:-10}
mb=${4:-10}
work=$(realpath -m "${BENCH_DIR:-target/bench}")
corpus="$work/corpus-$mb"
[ -d "$corpus" ] || { echo "no corpus at $corpus: run bench/run.sh $mb first" >&2; exit 2; }
rm -rf "$work/paired"
mkdir -p "$work/paired"

one() { # binary core out: milliseconds of one cold run
    rm -rf "$3"
    local s e
    s=$(date +%s%N)
    taskset -c "$2" "$1" run "$corpus" --out "$3" --quiet --jobs 1 >/dev/null 2>&1
    e=$(date +%s%N)
    echo $(((e - s) / 1000000))
}

# the corpus read once, untimed: this machine pages out files unread for a minute
# (see bench/run.sh), and the first run of the first round would read it from the disk
find "$corpus" -type f -exec cat {} + >/dev/null
for r in $(seq "$rounds"); do
    ca=$((r % 2))
    cb=$((1 - ca))
    one "$a" "$ca" "$work/paired/out-a" >"$work/paired/a" &
    one "$b" "$cb" "$work/paired/out-b" >"$work/paired/b" &
    wait
    ta=$(cat "$work/paired/a")
    tb=$(cat "$work/paired/b")
    ratio=$(echo "$tb / $ta" | bc -l)
    printf 'round %d: A %d ms, B %d ms, B/A %.3f\n' "$r" "$ta" "$tb" "$ratio"
    echo "$ratio" >>"$work/paired/ratios"
done
sort -n "$work/paired/ratios" | awk '{r[NR] = $1}
    END {m = (NR % 2) ? r[(NR + 1) / 2] : (r[NR / 2] + r[NR / 2 + 1]) / 2
         printf "median B/A over %d rounds: %.3f (%.3f to %.3f)\n", NR, m, r[1], r[NR]}'
rm -rf "$work/paired"
