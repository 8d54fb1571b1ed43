//! The extractor alone over 10 MB of generated articles, for profilers:
//! `cargo run --release --example extract_loop` prints the best time of `PASSES` passes
//! (default 1). Under valgrind, only the loop is counted, not the corpus generation:
//!
//! ```text
//! valgrind --tool=callgrind --toggle-collect='extract_loop::run_extract' \
//!     target/release/examples/extract_loop
//! ```
//!
//! Instructions are what tells a change of 1% from the noise of a shared machine; the
//! speed itself comes from `cargo bench`.
//!
//! `GAUGE=1` (with `PASSES`, default 21) alternates each pass of the extractor with a
//! pass of the Unicode sentence splitter (UAX#29, unicode-segmentation) over the same
//! text, and prints the medians and the median of the passes' ratios: the splitter's
//! speed does not depend on this project's code, and two passes a few hundred
//! milliseconds apart see nearly the same machine (`cargo bench` times its benchmarks
//! one after the other, seconds apart). The ratio still moves from one hour to the
//! next (1.17-1.24 in a slow hour, 1.42-1.63 in others: bench/HISTORY.md): it gauges
//! the minute, and no ratio turns another hour's splitter speed into an extraction speed.

use std::time::Instant;

use figures::document::{Document, Given};
use figures::extract::Extractor;
use figures::gen::Corpus;

// the allocator of the `figures` binary
#[global_allocator]
static GLOBAL: figures::alloc::Allocator = figures::alloc::Allocator;

/// One pass of the extractor over every document: the function valgrind is told to
/// count.
#[inline(never)]
fn run_extract(extractor: &Extractor, docs: &[Document]) -> usize {
    let mut out = Vec::new();
    let mut figures = 0;
    for d in docs {
        out.clear();
        extractor.extract(d, &mut out);
        figures += out.len();
    }
    figures
}

fn main() {
    let docs: Vec<Document> = Corpus::new(1)
        .articles(10_000_000, 5000)
        .iter()
        .map(|a| Document::new(&a.id, &a.text, &Given::default()))
        .collect();
    let extractor = Extractor::new();
    let gauged = std::env::var_os("GAUGE").is_some();
    let passes: usize = std::env::var("PASSES")
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(if gauged { 21 } else { 1 });
    let mb = docs.iter().map(|d| d.text.len()).sum::<usize>() as f64 / 1e6;
    if gauged {
        gauge(&extractor, &docs, mb, passes.max(1));
        return;
    }
    let (mut best, mut figures) = (f64::MAX, 0);
    for _ in 0..passes {
        let clock = Instant::now();
        figures = run_extract(&extractor, &docs);
        best = best.min(clock.elapsed().as_secs_f64() * 1e3);
    }
    println!(
        "{figures} figures from {mb:.1} MB; best of {passes} passes: {best:.1} ms ({:.1} MB/s)",
        mb / (best / 1e3)
    );
}

/// One pass of the UAX#29 sentence splitter over every document: the gauge.
#[inline(never)]
fn run_reference(docs: &[Document]) -> usize {
    use unicode_segmentation::UnicodeSegmentation;
    docs.iter()
        .map(|d| d.text.unicode_sentences().count())
        .sum()
}

/// Extractor and splitter passes in turn: prints both medians and the median ratio.
fn gauge(extractor: &Extractor, docs: &[Document], mb: f64, passes: usize) {
    let (mut extract, mut reference, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..passes {
        let clock = Instant::now();
        std::hint::black_box(run_extract(extractor, docs));
        let e = mb / clock.elapsed().as_secs_f64();
        let clock = Instant::now();
        std::hint::black_box(run_reference(docs));
        let r = mb / clock.elapsed().as_secs_f64();
        extract.push(e);
        reference.push(r);
        ratios.push(e / r);
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let (lo, hi) = {
        let mut r = ratios.clone();
        r.sort_by(f64::total_cmp);
        (r[r.len() / 4], r[r.len() * 3 / 4])
    };
    println!(
        "{passes} pairs over {mb:.1} MB: extraction {:.1} MB/s, UAX#29 splitter {:.1} MB/s \
         (medians); extraction / splitter {:.3} (median; quartiles {lo:.3}-{hi:.3})",
        median(&mut extract),
        median(&mut reference),
        median(&mut ratios),
    );
}
