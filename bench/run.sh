#!/usr/bin/env bash
# Times the release binary's `run` over generated corpora, with /usr/bin/time -v, and
# prints MB/s, documents/s and peak memory, for 1 worker and for all cores, then for a
# rerun that takes every document from the cache. Each figure is the median of
# $REPEAT runs (default 3); peak memory is the largest of them. A gauge line before and
# after the tables gives the speed of the extractor alone and of a fixed reference (the
# Unicode sentence splitter) in those minutes (the median of $GAUGE_PASSES pairs of
# passes, default 9), so that tables from other hours or processors can be compared.
#
# Usage: bench/run.sh [SIZE_MB...]        (default: 10 100 1000)
#        BENCH_DIR=/tmp/bench REPEAT=5 bench/run.sh 100
#        ARTICLE_BYTES=1000 bench/run.sh 1000   (many small files: articles of about
#        1 kB instead of 5 kB, for the per-file costs; its own corpus folder)
#
# The corpora are written once by `figures generate` (deterministic: the same bytes on
# every machine) under $BENCH_DIR (default target/bench) and reused. A cold run writes
# into a new folder, as a first run does; the run before's folder is deleted first. (When
# the cache was a file per document, outputs were kept to the end: ext4 creates files
# slowly for 30 seconds after many were deleted. A run now writes a few large files, and
# keeping them filled the disk and the page cache: 12 GB after the 1 GB runs.)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin figures --example extract_loop
bin=target/release/figures
work=${BENCH_DIR:-target/bench}
repeat=${REPEAT:-3}
mkdir -p "$work"
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(10 100 1000)
cores=$(nproc)

# the processor behind this virtual machine has changed across restarts (an AMD EPYC,
# later an Intel Xeon at 2.3 GHz, at half the speed of the first tables): every table
# names it
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
mhz=$(awk -F: '/^cpu MHz/ {printf "%.0f MHz", $2; exit}' /proc/cpuinfo)
flags=$(grep -m1 '^flags' /proc/cpuinfo | grep -ow 'avx2\|avx512f\|sha_ni' | tr '\n' ' ' | sed 's/ $//' || true)
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $cpu${mhz:+, $mhz}${flags:+, $flags}"
commit=$(git rev-parse --short HEAD 2>/dev/null || true)
echo "figures $($bin --version | cut -d' ' -f2)${commit:+ ($commit)}, $(date -u '+%Y-%m-%d %H:%M UTC'), median of $repeat runs"

# the gauge (see above): the splitter's speed is the machine's, not this project's
gauge() { # when
    echo "gauge $1: $(GAUGE=1 PASSES=${GAUGE_PASSES:-9} target/release/examples/extract_loop | sed 's/^[0-9]* pairs over //')"
}
gauge before
printf '%9s %7s %-7s %4s %9s %9s %9s %8s\n' size docs run jobs seconds MB/s docs/s peak_MB

# one timed run: prints "seconds peak_MB"
once() { # corpus out jobs extra-args...
    local corpus=$1 out=$2 jobs=$3
    shift 3
    warm "$corpus"
    /usr/bin/time -v "$bin" run "$corpus" --out "$out" --quiet --jobs "$jobs" "$@" 2>"$work/time.txt"
    awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; secs=s}
                /Maximum resident set size/ {peak=$2/1024}
                END {printf "%.2f %.0f\n", secs, peak}' "$work/time.txt"
}

# Reads every file of a corpus once, untimed, so that a run times the program and not the
# disk: this virtual machine pages out file pages left unread for a minute (DAMON's
# `pageout` scheme, /sys/kernel/mm/damon), and the first run after a pause, a build or a
# run over another size read up to three quarters of its inputs from the disk (a 1 GB
# run: 42.0 s, 12.0 s of it in the kernel; the next, over inputs just read, 29.1 s, 3.2 s).
warm() { # corpus
    find "$1" -type f -exec cat {} + >/dev/null
}

fresh=0
measure() { # label jobs corpus cold|cached
    local label=$1 jobs=$2 corpus=$3
    local runs=() peak=0 secs mb docs
    for _ in $(seq "$repeat"); do
        if [ "$label" = cold ]; then
            # the run before's outputs go first (see above)
            [ -n "${out:-}" ] && rm -rf "$out" && sync
            fresh=$((fresh + 1))
            out="$work/runs/out-$fresh"
        fi
        read -r s p < <(once "$corpus" "$out" "$jobs")
        runs+=("$s")
        [ "$p" -gt "$peak" ] && peak=$p
    done
    secs=$(printf '%s\n' "${runs[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    mb=$(find "$corpus" -type f -printf '%s\n' | awk '{s+=$1} END {printf "%.1f", s/1e6}')
    docs=$(sed -n '/"counts"/,/}/p' "$out/manifest.json" | grep -m1 '"documents"' | tr -dc 0-9)
    printf '%9s %7s %-7s %4s %9.2f %9.1f %9.0f %8s\n' "${mb}MB" "$docs" "$label" "$jobs" "$secs" \
        "$(echo "$mb / $secs" | bc -l)" "$(echo "$docs / $secs" | bc -l)" "$peak"
}

if [ -d "$work/runs" ]; then
    rm -rf "$work/runs"
    sleep 31
fi
for mb in "${sizes[@]}"; do
    article=${ARTICLE_BYTES:-}
    corpus="$work/corpus-$mb${article:+-a$article}"
    if [ ! -d "$corpus" ]; then
        "$bin" generate --out "$corpus" --mb "$mb" ${article:+--article-bytes "$article"} 2>/dev/null
    fi
    measure cold 1 "$corpus"
    measure cold "$cores" "$corpus"
    measure cached "$cores" "$corpus"
done
rm -rf "$work/runs"
gauge after
