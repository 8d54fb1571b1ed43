#!/usr/bin/env bash
# Compares two builds of `figures` back to back: this machine's speed drifts by 10-15%
# from one hour to the next, and a build's code layout alone moves extraction by 2-3%,
# so a change is judged by alternating runs of both builds in the same minutes, never
# against a table.
#
# Usage: bench/compare.sh BASE [PAIRS] [SIZE_MB]
#        bench/compare.sh HEAD~1           (the working tree against its last commit)
#        BENCH_DIR=/tmp/bench bench/compare.sh 2a7dea9 8 100
#
# BASE is a git revision; it is built in a worktree under $BENCH_DIR (default
# target/bench) with the same target folder, so only `figures` itself is compiled
# again (twice: about a minute). Each pair runs both release binaries cold over the generated corpus of
# SIZE_MB (default 100) with all cores, in alternating order, then both extractors on
# 10 MB of generated articles (`examples/phases.rs`, its `extract` line). Prints every
# run, the medians and the ratio of the working tree's to BASE's (below 1: faster),
# and whether both builds wrote the same tables, byte for byte.
# With INSTRUCTIONS=1 and valgrind installed, it also counts both extractors'
# instructions (cachegrind): the measure that tells a change of 1% from the noise.
#
# Release builds use each tree's PGO profile (pgo/, see pgo/rustc-wrapper), trained on
# that tree's code: a function changed in the working tree since its profile was made
# has lost its counts, and the change would be judged with that handicap. Make the
# working tree's profile first (bench/pgo.sh), or compare both builds without one:
# FIGURES_PGO=off bench/compare.sh BASE.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 1 ] || { sed -n '7,9p' "$0"; exit 2; }
base=$1
pairs=${2:-6}
mb=${3:-100}
work=$(realpath -m "${BENCH_DIR:-target/bench}")
target=$(realpath -m "${CARGO_TARGET_DIR:-target}")
mkdir -p "$work/compare"
corpus="$work/corpus-$mb"

build() { # dir name: builds the binary and the phases example, copies both
    # `figures` is cleaned first: in the shared target folder cargo would take the
    # other tree's build for fresh (its records name the other tree's files)
    (cd "$1" && export CARGO_TARGET_DIR="$target" &&
        cargo clean --release --quiet -p figures &&
        cargo build --release --quiet --bin figures --example phases)
    cp "$target/release/figures" "$work/compare/figures-$2"
    cp "$target/release/examples/phases" "$work/compare/phases-$2"
}
tree="$work/compare/base-tree"
git worktree remove --force "$tree" 2>/dev/null || rm -rf "$tree"
git worktree add --detach --quiet "$tree" "$base"
build "$tree" base
git worktree remove --force "$tree"
build . new
[ -d "$corpus" ] || "$work/compare/figures-new" generate --out "$corpus" --mb "$mb" 2>/dev/null

run() { # name: prints "wall cpu" of a cold run into a new folder
    local out="$work/compare/out-$1"
    rm -rf "$out"
    /usr/bin/time -f '%e %U %S' "$work/compare/figures-$1" run "$corpus" --out "$out" --quiet \
        2>&1 >/dev/null | awk '{printf "%.2f %.2f\n", $1, $2 + $3}'
}
extract() { # name: prints the extractor's MB/s
    "$work/compare/phases-$1" | awk '$1 == "extract" {print $3}'
}

echo "base $(git rev-parse --short "$base") against the working tree; $pairs pairs; ${mb} MB, $(nproc) cores"
: >"$work/compare/results"
# the corpus read once, untimed: this machine pages out files unread for a minute
# (see bench/run.sh), and the first run after the builds would read it from the disk
find "$corpus" -type f -exec cat {} + >/dev/null
for i in $(seq "$pairs"); do
    # the order alternates: the second run of a pair finds the page cache warmer
    if [ $((i % 2)) -eq 1 ]; then order="base new"; else order="new base"; fi
    for b in $order; do
        read -r wall cpu < <(run "$b")
        speed=$(extract "$b")
        echo "$b $wall $cpu $speed" | tee -a "$work/compare/results"
    done
done
awk '
    function median(a, n,   i, j, t) {
        for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j > 0 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
        return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
    }
    { n[$1]++; w[$1, n[$1]] = $2; c[$1, n[$1]] = $3; x[$1, n[$1]] = $4 }
    END {
        for (b in n) {
            for (i = 1; i <= n[b]; i++) { ww[i] = w[b, i]; cc[i] = c[b, i]; xx[i] = x[b, i] }
            mw[b] = median(ww, n[b]); mc[b] = median(cc, n[b]); mx[b] = median(xx, n[b])
        }
        printf "median  run wall s  run cpu s  extract MB/s\n"
        printf "base    %10.2f %10.2f %13.1f\n", mw["base"], mc["base"], mx["base"]
        printf "new     %10.2f %10.2f %13.1f\n", mw["new"], mc["new"], mx["new"]
        printf "new/base %9.3f %10.3f %13.3f\n", mw["new"] / mw["base"], mc["new"] / mc["base"], mx["new"] / mx["base"]
    }' "$work/compare/results"
# instructions are not moved by the hour or by code layout: with valgrind, the phases
# program's (the corpus generation included, the same for both) tell small changes apart
if [ "${INSTRUCTIONS:-0}" = 1 ] && command -v valgrind >/dev/null; then
    for b in base new; do
        valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \
            "$work/compare/phases-$b" 2>&1 >/dev/null | awk -v b="$b" '/I +refs/ {gsub(",", "", $4); print b, $4}'
    done | awk '{i[$1] = $2} END {printf "instructions (phases, 10 MB): base %.0fM, new %.0fM, new-base %+.0fM\n", i["base"] / 1e6, i["new"] / 1e6, (i["new"] - i["base"]) / 1e6}'
fi
# a change made for speed alone writes the same tables: the last run of each build is
# compared byte for byte (the manifest, which holds timings, is not)
differ=()
for f in documents.csv figures.csv rejects.csv documents.parquet figures.parquet; do
    if [ -e "$work/compare/out-base/$f" ] || [ -e "$work/compare/out-new/$f" ]; then
        cmp -s "$work/compare/out-base/$f" "$work/compare/out-new/$f" || differ+=("$f")
    fi
done
if [ ${#differ[@]} -eq 0 ]; then
    echo "tables: the same bytes from both builds"
else
    echo "tables: DIFFERENT from the two builds: ${differ[*]}"
fi
rm -rf "$work/compare"/out-*
