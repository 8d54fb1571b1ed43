#!/usr/bin/env bash
# Makes pgo/figures.profdata again: the profile that release builds are compiled with
# (see pgo/rustc-wrapper). Run it after a change to the extractor, the readers or the
# writers, or to Cargo.toml or Cargo.lock, and commit what it writes in pgo/.
#
# Usage: bench/pgo.sh              (LLVM_PROFDATA=/path/to/llvm-profdata to choose one)
#
# 1. `figures` is built instrumented (FIGURES_PGO=gen:...), in the usual target folder:
#    only the workspace's crates are compiled again, as they are for the release build.
# 2. It runs over training articles that no benchmark reads: 20 MB of generated text
#    (seed 7; the benchmarks use seed 1 and the bundled input/), 5 MB of JSON Lines
#    (seed 8), 75 of the text's articles as HTML, Markdown and gzip; then again, each
#    document from the cache.
# 3. llvm-profdata merges the counts into pgo/figures.profdata (--sparse: the functions
#    never run are left out, and stay cold), and the units' metadata is kept beside it.
#    It reads the raw profiles of rustc's LLVM; Debian's llvm-19 reads those of rustc
#    1.95 (LLVM 22): `apt-get install llvm-19`.
# 4. The release binary is built again, with the new profile.
set -euo pipefail
cd "$(dirname "$0")/.."
profdata=${LLVM_PROFDATA:-$(command -v llvm-profdata-19 || ls /usr/lib/llvm-*/bin/llvm-profdata 2>/dev/null | sort -V | tail -1 || true)}
[ -x "$profdata" ] || { echo "bench/pgo.sh: no llvm-profdata (apt-get install llvm-19, or set LLVM_PROFDATA)" >&2; exit 1; }
# an older one (Debian's llvm-14 comes with other packages) fails only at the merge,
# after the build and the training: told here, before them
llvm=$("$profdata" merge --version 2>/dev/null | grep -o 'LLVM version [0-9]*' | grep -o '[0-9]*$' || true)
[ "${llvm:-0}" -ge 19 ] || { echo "bench/pgo.sh: $profdata is LLVM ${llvm:-of unknown version}; rustc's profiles need 19 or newer (apt-get install llvm-19, or set LLVM_PROFDATA)" >&2; exit 1; }
work=$(realpath -m "${BENCH_DIR:-target/bench}")/pgo
rm -rf "$work"
mkdir -p "$work/train"
bin=target/release/figures

# cargo does not see FIGURES_PGO: the workspace's crates are made stale by hand
touch src/lib.rs src/main.rs
FIGURES_PGO=gen:$work/raw cargo build --release --bin figures
export LLVM_PROFILE_FILE=$work/ignored/%p.profraw
"$bin" generate --out "$work/train/text" --mb 20 --seed 7 >/dev/null
"$bin" generate --out "$work/train/jsonl" --mb 5 --seed 8 --jsonl >/dev/null
# a few hundred of the articles as the other formats the readers take
n=0
for f in "$work"/train/text/000/article-0000*.txt; do
    n=$((n + 1))
    case $((n % 4)) in
        0) awk 'NR == 1 {print "<html><head><title>" $0 "</title><script>var x = 1;</script></head><body><nav>Home | World</nav><article>"; next}
                NF {print "<p>" $0 "</p>"} END {print "</article><footer>© News</footer></body></html>"}' "$f" >"${f%.txt}.html" ;;
        1) awk 'NR == 1 {print "# " $0; next} NF {print ""; print $0}' "$f" >"${f%.txt}.md" ;;
        2) gzip -k "$f" ;;
        *) continue ;;
    esac
    rm "$f"
done
export LLVM_PROFILE_FILE=$work/raw/run-%p.profraw
"$bin" run --out "$work/out" --quiet "$work/train"
"$bin" run --out "$work/out" --quiet "$work/train" # the cache's path
unset LLVM_PROFILE_FILE
"$profdata" merge --sparse -o pgo/figures.profdata "$work"/raw/*.profraw
sort -u "$work/raw/units" >pgo/figures.units
# the sources trained on (pgo/rustc-wrapper warns when they are no longer these)
echo "sources src/ $(pgo/rustc-wrapper --sources-hash)" >>pgo/figures.units
echo "bench/pgo.sh: pgo/figures.profdata ($(wc -c <pgo/figures.profdata) bytes) from $(ls "$work"/raw/*.profraw | wc -l) runs"
touch src/lib.rs src/main.rs
cargo build --release --bin figures
