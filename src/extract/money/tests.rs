use crate::extract::corpus::{self, check_figures};
use crate::extract::Kind;

/// Every example of `corpus.txt`, strictly (see `extract::corpus::check_figures`).
#[test]
fn corpus() {
    check_figures(include_str!("corpus.txt"), Kind::Money, "money corpus");
}

/// The corpus is the news-style set the money issue asks for: at least 200 phrases, at
/// least 40 of them negatives, each positive with its value, currency and qualifier.
#[test]
fn corpus_is_complete() {
    let examples = corpus::parse(include_str!("corpus.txt"));
    let negatives = examples.iter().filter(|e| e.negative).count();
    assert!(examples.len() >= 200, "{} examples", examples.len());
    assert!(negatives >= 40, "{negatives} negatives");
    for e in examples.iter().filter(|e| !e.negative) {
        for key in ["value", "currency", "qualifier"] {
            assert!(e.get(key).is_some(), "line {}: no {key}", e.line);
        }
    }
}
