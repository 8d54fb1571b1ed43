//! Where extraction spends its time, phase by phase, on 10 MB of generated articles:
//! `cargo run --release --example phases`. The phases are the ones
//! `Extractor::extract` runs on every sentence; the figure rules (money, counts,
//! attachment) run only in sentences with a number and are left out. The last column
//! is the share of sentences without digits, which hold no figure but feed the context
//! of the next ones. Each phase is timed around each sentence, so the clock adds a
//! little to every line: compare runs of this program with each other, and take speeds
//! from `cargo bench`. A last line times the whole extractor per document: what it
//! spends beyond the phases (less their clock reads) is the figure rules and their
//! attachment.

use std::time::{Duration, Instant};

use figures::document::{Document, Given};
use figures::extract::actor::{self, names::Salience};
use figures::extract::text::{Layout, TokKind, Tokens};
use figures::extract::{numeral, period, place, Extractor};
use figures::gen::Corpus;

// the allocator of the `figures` binary
#[global_allocator]
static GLOBAL: figures::alloc::Allocator = figures::alloc::Allocator;

const PHASES: [&str; 8] = [
    "layout", "tokens", "places", "numerals", "periods", "clauses", "names", "subject",
];

fn main() {
    let docs: Vec<String> = Corpus::new(1)
        .articles(10_000_000, 5000)
        .into_iter()
        .map(|a| a.text)
        .collect();
    let bytes: usize = docs.iter().map(String::len).sum();
    // the lexicons are parsed once, before the clock starts
    let _ = Tokens::new("warm up");
    // per phase: the time in sentences with digits, and in those without
    let mut spent = [[Duration::ZERO; 2]; PHASES.len()];
    let (mut sentences, mut with_numbers) = (0, 0);
    let mut toks = Tokens::default();
    let (mut numerals, mut places, mut times, mut clauses) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let (mut claimed, mut scratch) = (Vec::new(), Vec::new());
    for text in &docs {
        let mut clock = Instant::now();
        let mut lap = |phase: usize, clock: &mut Instant, no_digits: bool| {
            let now = Instant::now();
            spent[phase][usize::from(no_digits)] += now - *clock;
            *clock = now;
        };
        let layout = Layout::new(text);
        lap(0, &mut clock, false);
        let mut salience = Salience::default();
        for s in &layout.sentences {
            sentences += 1;
            toks.clear();
            toks.push_interned(text, s.range.clone());
            let t = toks.as_slice();
            let no_digits = !t.iter().any(|x| x.kind == TokKind::Num);
            lap(1, &mut clock, no_digits);
            place::find_into(text, t, &mut places);
            lap(2, &mut clock, no_digits);
            numerals.clear();
            numeral::scan(text, t, &mut numerals);
            with_numbers += usize::from(!numerals.is_empty());
            lap(3, &mut clock, no_digits);
            claimed.clear();
            claimed.resize(t.len(), false);
            period::scan_into(text, t, &mut claimed, &mut times, &mut scratch);
            lap(4, &mut clock, no_digits);
            actor::clauses_into(text, t, &mut clauses);
            lap(5, &mut clock, no_digits);
            salience.observe(text, t);
            lap(6, &mut clock, no_digits);
            let sentence = actor::Sentence {
                text,
                toks: t,
                clauses: &clauses,
                timed: &claimed,
            };
            if let Some(subject) = actor::sentence_subject(&sentence, &salience) {
                salience.note(&subject);
            }
            lap(7, &mut clock, no_digits);
        }
    }
    let mb = bytes as f64 / 1e6;
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "{:>9}  {:>8}  {:>10}  {:>24}",
        "phase", "ms", "MB/s", "ms in sentences w/o digits"
    );
    for (name, [with, without]) in PHASES.iter().zip(spent) {
        let all = with + without;
        println!(
            "{name:>9}  {:8.1}  {:10.1}  {:24.1}",
            ms(all),
            mb / all.as_secs_f64(),
            ms(without)
        );
    }
    let total: Duration = spent.iter().flatten().sum();
    let without: Duration = spent.iter().map(|p| p[1]).sum();
    println!(
        "{:>9}  {:8.1}  {:10.1}  {:24.1}  ({sentences} sentences, {with_numbers} with a numeral)",
        "total",
        ms(total),
        mb / total.as_secs_f64(),
        ms(without)
    );
    // the whole extractor, timed per document (no clock per sentence): what it spends
    // beyond the phases is the figure rules (money, percentages, ranks, counts), their
    // attachment and the context kept between sentences, plus the phases' clock reads
    let documents: Vec<Document> = docs
        .iter()
        .map(|d| Document::new("a.txt", d, &Given::default()))
        .collect();
    let (extractor, mut figures) = (Extractor::new(), Vec::new());
    let clock = Instant::now();
    for d in &documents {
        figures.clear();
        extractor.extract(d, &mut figures);
    }
    let whole = clock.elapsed();
    println!(
        "{:>9}  {:8.1}  {:10.1}  (the extractor, timed per document: the figure rules and \
         attachment are the rest)",
        "extract",
        ms(whole),
        mb / whole.as_secs_f64(),
    );
}
