//! Where extraction spends its time, phase by phase, on 10 MB of generated articles:
//! `cargo run --release --example phases`. The phases are the ones
//! `Extractor::extract` runs on every sentence; the figure rules (money, counts,
//! attachment) run only in sentences with a number and are left out. Each phase is
//! timed around each sentence, so the clock adds a little to every line: compare runs
//! of this program with each other, and take speeds from `cargo bench`.

use std::time::{Duration, Instant};

use figures::extract::actor::{self, names::Salience};
use figures::extract::text::{Layout, Tokens};
use figures::extract::{numeral, period, place};
use figures::gen::Corpus;

// the allocator of the `figures` binary
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
    let mut spent = [Duration::ZERO; PHASES.len()];
    let mut spent_nonum = [Duration::ZERO; PHASES.len()];
    let (mut sentences, mut with_numbers) = (0, 0);
    let mut toks = Tokens::default();
    let (mut numerals, mut places, mut times, mut clauses) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let (mut claimed, mut scratch) = (Vec::new(), Vec::new());
    for text in &docs {
        let mut clock = Instant::now();
        let mut lap = |phase: usize, clock: &mut Instant, nonum: bool| {
            let now = Instant::now();
            if nonum {
                spent_nonum[phase] += now - *clock;
            } else {
                spent[phase] += now - *clock;
            }
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
            let nonum = !t
                .iter()
                .any(|x| x.kind == figures::extract::text::TokKind::Num);
            lap(1, &mut clock, nonum);
            place::find_into(text, t, &mut places);
            lap(2, &mut clock, nonum);
            numerals.clear();
            numeral::scan(text, t, &mut numerals);
            with_numbers += usize::from(!numerals.is_empty());
            lap(3, &mut clock, nonum);
            claimed.clear();
            claimed.resize(t.len(), false);
            period::scan_into(text, t, &mut claimed, &mut times, &mut scratch);
            lap(4, &mut clock, nonum);
            actor::clauses_into(text, t, &mut clauses);
            lap(5, &mut clock, nonum);
            salience.observe(text, t);
            lap(6, &mut clock, nonum);
            let sentence = actor::Sentence {
                text,
                toks: t,
                clauses: &clauses,
                timed: &claimed,
            };
            if let Some(subject) = actor::sentence_subject(&sentence, &salience) {
                salience.note(&subject);
            }
            lap(7, &mut clock, nonum);
        }
    }
    let mb = bytes as f64 / 1e6;
    for (name, d) in PHASES.iter().zip(spent_nonum) {
        println!("nonum {name:>9}: {:7.1} ms", d.as_secs_f64() * 1e3);
    }
    for (name, d) in PHASES.iter().zip(spent) {
        let s = d.as_secs_f64();
        println!("{name:>9}: {:7.1} ms  {:7.1} MB/s", s * 1e3, mb / s);
    }
    let total: f64 = spent.iter().map(Duration::as_secs_f64).sum();
    println!(
        "{:>9}: {:7.1} ms  {:7.1} MB/s  ({sentences} sentences, {with_numbers} with a number)",
        "total",
        total * 1e3,
        mb / total
    );
}
