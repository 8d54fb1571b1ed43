//! The example corpora every dimension keeps beside its rules, and the strict checks
//! that drive them (after Duckling's `makeCorpusTest`).
//!
//! A corpus is a text file, one example a line:
//!
//! ```text
//! # a comment
//! AWS plans to invest ⟦$15.24 billion⟧ by 2027.<TAB>value=15240000000 currency=USD
//! 2.3 million<TAB>value=2300000
//! ! Apple unveiled the iPhone 15.
//! ```
//!
//! A positive example has expectations after a tab; `⟦…⟧` marks the span the mention
//! must cover exactly (without marks, the whole line). A line starting with `! ` is a
//! negative example: the dimension must find nothing in it. Values with spaces are
//! written in double quotes: `unit="digital workers"`.

use std::collections::BTreeMap;
use std::ops::Range;

/// One example of a corpus.
#[derive(Debug, Clone)]
pub struct Example {
    /// Line number in the corpus file.
    pub line: usize,
    /// The text, without span marks.
    pub text: String,
    /// The byte span the mention must cover (the whole text when unmarked).
    pub span: Range<usize>,
    /// Expected fields; empty for negatives.
    pub expect: BTreeMap<String, String>,
    /// Whether it is a negative example.
    pub negative: bool,
}

impl Example {
    /// The expected value of `key`.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.expect.get(key).map(String::as_str)
    }
}

/// Parses a corpus file.
pub fn parse(corpus: &str) -> Vec<Example> {
    let mut out = Vec::new();
    for (n, raw) in corpus.lines().enumerate() {
        let line = n + 1;
        if raw.trim().is_empty() || raw.starts_with('#') {
            continue;
        }
        if let Some(rest) = raw.strip_prefix("! ") {
            out.push(Example {
                line,
                text: rest.to_string(),
                span: 0..rest.len(),
                expect: BTreeMap::new(),
                negative: true,
            });
            continue;
        }
        let (marked, fields) = raw
            .split_once('\t')
            .unwrap_or_else(|| panic!("corpus line {line}: no tab before the expectations"));
        let (text, span) = unmark(marked);
        out.push(Example {
            line,
            span: span.unwrap_or(0..text.len()),
            text,
            expect: parse_fields(fields, line),
            negative: false,
        });
    }
    out
}

/// Removes `⟦` and `⟧` and returns the span they marked.
pub fn unmark(marked: &str) -> (String, Option<Range<usize>>) {
    match (marked.find('⟦'), marked.find('⟧')) {
        (Some(a), Some(b)) if a < b => {
            assert!(
                marked.matches('⟦').count() == 1 && marked.matches('⟧').count() == 1,
                "one ⟦span⟧ per corpus line: {marked:?}"
            );
            let text = marked.replacen('⟦', "", 1).replacen('⟧', "", 1);
            (text, Some(a..b - '⟦'.len_utf8()))
        }
        _ => (marked.to_string(), None),
    }
}

fn parse_fields(s: &str, line: usize) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut rest = s.trim();
    while !rest.is_empty() {
        let (key, after) = rest
            .split_once('=')
            .unwrap_or_else(|| panic!("corpus line {line}: expected key=value in {rest:?}"));
        let (value, after) = if let Some(q) = after.strip_prefix('"') {
            let end = q
                .find('"')
                .unwrap_or_else(|| panic!("corpus line {line}: unclosed quote"));
            (q[..end].to_string(), &q[end + 1..])
        } else {
            let end = after.find(' ').unwrap_or(after.len());
            (after[..end].to_string(), &after[end..])
        };
        out.insert(key.trim().to_string(), value);
        rest = after.trim_start();
    }
    out
}

/// Collects failures and reports them all at once, with the pass count.
#[derive(Debug, Default)]
pub struct Report {
    failures: Vec<String>,
    passed: usize,
}

impl Report {
    /// Records one example's outcome.
    pub fn check(&mut self, ex: &Example, result: Result<(), String>) {
        match result {
            Ok(()) => self.passed += 1,
            Err(e) => self
                .failures
                .push(format!("line {}: {:?}: {e}", ex.line, ex.text)),
        }
    }

    /// Panics with every failure, if any.
    pub fn finish(self, name: &str) {
        let total = self.passed + self.failures.len();
        assert!(total > 0, "{name}: the corpus is empty");
        if !self.failures.is_empty() {
            panic!(
                "{name}: {} of {total} examples fail:\n{}",
                self.failures.len(),
                self.failures.join("\n")
            );
        }
    }
}

/// The publication date pinned for every corpus example, unless the example gives its
/// own (`published=...`): a Tuesday, so that weekdays and months resolve one way.
pub const PINNED: &str = "2024-07-09";

/// Runs the whole pipeline on each example's text (a document of one paragraph) and
/// checks the figures of one kind strictly: every example line names one figure by its
/// span and the column values it must have; the sentence must give exactly as many
/// figures of that kind as the corpus has lines for it. Expected keys are column names
/// of the figures table; `-` expects an empty cell. Negative lines must give no figure
/// of that kind.
pub fn check_figures(corpus: &str, kind: crate::extract::Kind, name: &str) {
    use crate::document::{Document, Given};
    use crate::load::csv::cell_text;
    use crate::load::row::{FigureRow, Table};

    let pipeline = crate::Pipeline::new("USD").unwrap();
    let examples = parse(corpus);
    let mut per_text: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for ex in examples.iter().filter(|e| !e.negative) {
        *per_text.entry(ex.text.as_str()).or_default() += 1;
    }
    let mut report = Report::default();
    for ex in &examples {
        let published = ex.get("published").unwrap_or(PINNED);
        let given = Given {
            published: Some(published.parse().unwrap()),
            locale: ex.get("locale").map(str::to_string),
            ..Given::default()
        };
        let doc = Document::new("corpus", &ex.text, &given);
        let rows: Vec<FigureRow> = pipeline
            .figures(&doc)
            .into_iter()
            .filter(|r| r.kind == kind.as_str())
            .collect();
        let result = if ex.negative {
            match rows.first() {
                None => Ok(()),
                Some(r) => Err(format!("found {:?}", r.text)),
            }
        } else {
            (|| {
                let want = per_text[ex.text.as_str()];
                if rows.len() != want {
                    let texts: Vec<_> = rows.iter().map(|r| r.text.as_str()).collect();
                    return Err(format!(
                        "{} {name} figures instead of {want}: {texts:?}",
                        rows.len()
                    ));
                }
                let start = ex.text[..ex.span.start].chars().count() as i64;
                let end = ex.text[..ex.span.end].chars().count() as i64;
                let Some(row) = rows.iter().find(|r| r.start == start && r.end == end) else {
                    let spans: Vec<_> = rows.iter().map(|r| r.text.as_str()).collect();
                    return Err(format!(
                        "no figure covers {:?}; found {spans:?}",
                        &ex.text[ex.span.clone()]
                    ));
                };
                let mut wrong = Vec::new();
                for (key, want) in &ex.expect {
                    if key == "published" || key == "locale" {
                        continue;
                    }
                    let i = FigureRow::COLUMNS
                        .iter()
                        .position(|c| c.name == key)
                        .unwrap_or_else(|| panic!("line {}: no column {key}", ex.line));
                    let col = FigureRow::COLUMNS[i];
                    let got = cell_text(row.cell(i), col.ty);
                    let ok = if want == "-" {
                        got.is_empty()
                    } else if col.ty == crate::load::row::ColType::Float64 && !got.is_empty() {
                        got.parse::<rust_decimal::Decimal>().ok() == want.parse().ok()
                    } else {
                        &got == want
                    };
                    if !ok {
                        wrong.push(format!("{key}={got:?} (want {want:?})"));
                    }
                }
                if wrong.is_empty() {
                    Ok(())
                } else {
                    Err(wrong.join(", "))
                }
            })()
        };
        report.check(ex, result);
    }
    report.finish(name);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_marks_fields_and_negatives() {
        let c = parse("# c\nsaw ⟦$5 bn⟧ go\tvalue=5000000000 unit=\"digital workers\"\n! GPT-4\n");
        assert_eq!(c.len(), 2);
        assert_eq!(c[0].text, "saw $5 bn go");
        assert_eq!(&c[0].text[c[0].span.clone()], "$5 bn");
        assert_eq!(c[0].get("unit"), Some("digital workers"));
        assert!(c[1].negative);
    }
}
