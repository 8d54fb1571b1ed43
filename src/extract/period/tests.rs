use super::*;
use crate::extract::corpus::{self, Report, PINNED};
use crate::extract::text::Tokens;
use crate::extract::Period;
use crate::transform::period::{resolve, Fiscal};

/// Every phrase of `corpus.txt`: exactly one time phrase covering the marked span,
/// nothing else, and the expected first and last days (and grain, when given). Keys:
/// `future=yes` resolves as a clause about the future; `fiscal=JP` (a country code or
/// `US-federal`) keeps that fiscal year; `published=` changes the pinned date.
#[test]
fn corpus() {
    let mut report = Report::default();
    let examples = corpus::parse(include_str!("corpus.txt"));
    for ex in &examples {
        let published = ex.get("published").unwrap_or(PINNED).parse().ok();
        let toks = Tokens::new(&ex.text);
        let t = toks.as_slice();
        let mut claimed = vec![false; t.len()];
        let found = scan(&ex.text, t, &mut claimed);
        let result = (|| {
            if ex.negative {
                return match found.first() {
                    None => Ok(()),
                    Some(m) => Err(format!("found {:?}", m.expr)),
                };
            }
            let [m] = found.as_slice() else {
                let texts: Vec<_> = found
                    .iter()
                    .map(|m| &ex.text[t[m.toks.start].start..t[m.toks.end - 1].end])
                    .collect();
                return Err(format!("{} phrases instead of one: {texts:?}", found.len()));
            };
            let span = t[m.toks.start].start..t[m.toks.end - 1].end;
            if span != ex.span {
                return Err(format!("phrase {:?}", &ex.text[span]));
            }
            let p = Period {
                text: String::new(),
                expr: m.expr,
                anchor: None,
                future: ex.get("future") == Some("yes"),
            };
            let fiscal = ex.get("fiscal").map_or_else(Fiscal::default, Fiscal::of);
            let d = resolve(&p, published, fiscal);
            let got = (
                d.start.map(|x| x.to_string()).unwrap_or("-".into()),
                d.end.map(|x| x.to_string()).unwrap_or("-".into()),
            );
            let want = (
                ex.get("start").unwrap_or("-").to_string(),
                ex.get("end").unwrap_or("-").to_string(),
            );
            if got != want {
                return Err(format!("{got:?} instead of {want:?}"));
            }
            if let Some(g) = ex.get("grain") {
                if g != m.expr.grain() {
                    return Err(format!("grain {} instead of {g}", m.expr.grain()));
                }
            }
            Ok(())
        })();
        report.check(ex, result);
    }
    report.finish("period corpus");
    let phrases = examples.iter().filter(|e| !e.negative).count();
    assert!(
        phrases >= 150,
        "the time corpus has {phrases} phrases, fewer than 150"
    );
}

/// Figures and the time phrases around them: which phrase belongs to which figure.
#[test]
fn attachment() {
    let text = include_str!("attach.txt");
    corpus::check_figures(text, crate::extract::Kind::Money, "period attachment");
    let sentences: std::collections::HashSet<_> = corpus::parse(text)
        .into_iter()
        .filter(|e| !e.negative)
        .map(|e| e.text)
        .collect();
    assert!(
        sentences.len() >= 60,
        "{} attachment sentences, fewer than 60",
        sentences.len()
    );
}

#[test]
fn reported_times_only_anchor() {
    let text = "Sony said on Monday it would invest $1 billion.";
    let toks = Tokens::new(text);
    let mut claimed = vec![false; toks.len()];
    let found = scan(text, toks.as_slice(), &mut claimed);
    assert!(found[0].reported);
}

/// `scan` passes over words without a vocabulary id: every word the rules compare a
/// token with must be in `RULE_WORDS`. Reads the module's sources for string literals
/// of letters.
#[test]
fn rule_words_are_whole() {
    for src in [
        include_str!("mod.rs"),
        include_str!("calendar.rs"),
        include_str!("duration.rs"),
    ] {
        for line in src.lines().filter(|l| !l.trim_start().starts_with("//")) {
            for lit in line.split('"').skip(1).step_by(2) {
                if !lit.is_empty() && lit.chars().all(|c| c.is_ascii_alphabetic()) {
                    let w = lit.to_ascii_lowercase();
                    assert!(
                        RULE_WORDS.contains(&w.as_str()),
                        "{lit:?} is not in RULE_WORDS"
                    );
                }
            }
        }
    }
}

/// `point_at` turns away a word that is not a month, a weekday or one of
/// `FISCAL_OPENERS` and `POINT_OPENERS` before its rules run: no rule may start with
/// another word. Every word of the vocabulary, capitalized or not, is tried before what
/// the rules read after their first word.
#[test]
fn points_open_only_with_their_openers() {
    let vocab = crate::lexicon::vocab();
    let lex = crate::lexicon::lexicon();
    let rests = [
        "2025",
        "of 2025",
        "-2025",
        "2",
        "quarter of 2025",
        "half of 2025",
        "1990s",
        "9, 2025",
        "year 2025",
        "25",
        "fiscal year",
        "of the year",
    ];
    for w in vocab.all_words().iter().skip(1) {
        if FISCAL_OPENERS.words().contains(&w.as_str())
            || POINT_OPENERS.words().contains(&w.as_str())
            || matches!(
                lex.time_word(w),
                Some(TimeWord::Month(_) | TimeWord::Weekday(_))
            )
        {
            continue;
        }
        let capitalized: String = w
            .chars()
            .take(1)
            .flat_map(char::to_uppercase)
            .chain(w.chars().skip(1))
            .collect();
        for first in [w.as_str(), capitalized.as_str(), &w.to_uppercase()] {
            for rest in rests {
                let text = format!("{first} {rest}");
                let toks = Tokens::new(&text);
                assert_eq!(point_rules(&text, toks.as_slice(), 0), None, "{text}");
            }
        }
    }
    // and the rules do read what the openers open
    for text in [
        "the first half of 2025",
        "Q3 2024",
        "mid-2026",
        "FY2025",
        "the 1990s",
    ] {
        let toks = Tokens::new(text);
        assert!(point_at(text, toks.as_slice(), 0).is_some(), "{text}");
    }
}
