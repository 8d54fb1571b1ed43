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

use std::time::Instant;

use figures::document::{Document, Given};
use figures::extract::Extractor;
use figures::gen::Corpus;

// the allocator of the `figures` binary
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
    let passes: usize = std::env::var("PASSES")
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(1);
    let (mut best, mut figures) = (f64::MAX, 0);
    for _ in 0..passes {
        let clock = Instant::now();
        figures = run_extract(&extractor, &docs);
        best = best.min(clock.elapsed().as_secs_f64() * 1e3);
    }
    let mb = docs.iter().map(|d| d.text.len()).sum::<usize>() as f64 / 1e6;
    println!(
        "{figures} figures from {mb:.1} MB; best of {passes} passes: {best:.1} ms ({:.1} MB/s)",
        mb / (best / 1e3)
    );
}
