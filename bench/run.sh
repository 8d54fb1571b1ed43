#!/usr/bin/env bash
# Times the release binary's `run` over generated corpora, with /usr/bin/time -v, and
# prints MB/s, documents/s and peak memory, for 1 worker and for all cores; then a
# rerun that takes every document from the cache.
#
# Usage: bench/run.sh [SIZE_MB...]        (default: 10 100 1000)
#        BENCH_DIR=/tmp/bench bench/run.sh 100
#
# The corpora are written once by `figures generate` (deterministic: the same bytes on
# every machine) under $BENCH_DIR (default target/bench) and reused.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=target/release/figures
work=${BENCH_DIR:-target/bench}
mkdir -p "$work"
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(10 100 1000)
cores=$(nproc)

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
echo "figures $($bin --version | cut -d' ' -f2), $(date -u +%Y-%m-%d)"
printf '%8s %6s %-7s %9s %9s %10s %10s %9s\n' size docs run jobs seconds MB/s docs/s peak_MB

measure() { # label jobs corpus out extra-args...
    local label=$1 jobs=$2 corpus=$3 out=$4
    shift 4
    /usr/bin/time -v "$bin" run "$corpus" --out "$out" --quiet --jobs "$jobs" "$@" 2>"$work/time.txt"
    local secs peak mb docs
    secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; print s}' "$work/time.txt")
    peak=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$work/time.txt")
    mb=$(find "$corpus" -type f -printf '%s\n' | awk '{s+=$1} END {printf "%.1f", s/1e6}')
    docs=$(sed -n '/"counts"/,/}/p' "$out/manifest.json" | grep -m1 '"documents"' | tr -dc 0-9)
    printf '%8s %6s %-7s %9s %9.2f %10.1f %10.0f %9s\n' "${mb}MB" "$docs" "$label" "$jobs" "$secs" \
        "$(echo "$mb / $secs" | bc -l)" "$(echo "$docs / $secs" | bc -l)" "$peak"
}

for mb in "${sizes[@]}"; do
    corpus="$work/corpus-$mb"
    if [ ! -d "$corpus" ]; then
        "$bin" generate --out "$corpus" --mb "$mb" 2>/dev/null
    fi
    for jobs in 1 "$cores"; do
        rm -rf "$work/out"
        measure cold "$jobs" "$corpus" "$work/out"
    done
    measure cached "$cores" "$corpus" "$work/out"
    rm -rf "$work/out"
done
