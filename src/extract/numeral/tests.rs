use super::*;
use crate::extract::corpus::{self, Report};
use crate::extract::text::Tokens;

fn numerals(text: &str) -> (Tokens, Vec<Numeral>) {
    let toks = Tokens::new(text);
    let mut out = Vec::new();
    scan(text, toks.as_slice(), &mut out);
    (toks, out)
}

/// The strict corpus check: exactly one numeral, covering exactly the marked span,
/// with the expected value; nothing else in the text.
#[test]
fn corpus() {
    let mut report = Report::default();
    for ex in corpus::parse(include_str!("corpus.txt")) {
        let (toks, found) = numerals(&ex.text);
        let t = toks.as_slice();
        let result = if ex.negative {
            match found.first() {
                None => Ok(()),
                Some(n) => Err(format!("found {}", n.value)),
            }
        } else {
            check(&ex, t, &found)
        };
        report.check(&ex, result);
    }
    report.finish("numeral corpus");
}

fn check(ex: &corpus::Example, t: &[Token], found: &[Numeral]) -> Result<(), String> {
    let covering: Vec<&Numeral> = found
        .iter()
        .filter(|n| t[n.toks.start].start == ex.span.start && t[n.toks.end - 1].end == ex.span.end)
        .collect();
    let [n] = covering.as_slice() else {
        let spans: Vec<_> = found
            .iter()
            .map(|n| {
                (
                    &ex.text[t[n.toks.start].start..t[n.toks.end - 1].end],
                    n.value,
                )
            })
            .collect();
        return Err(format!(
            "no single numeral covers the span; found {spans:?}"
        ));
    };
    if found.len() > 1 && ex.span == (0..ex.text.len()) {
        return Err(format!("{} numerals where one was expected", found.len()));
    }
    let want: Decimal = ex.get("value").unwrap().parse().unwrap();
    if n.value != want {
        return Err(format!("value {} instead of {want}", n.value));
    }
    if n.ordinal != (ex.get("ordinal") == Some("yes")) {
        return Err(format!("ordinal is {}", n.ordinal));
    }
    Ok(())
}

#[test]
fn values_are_exact_at_every_scale() {
    for (s, want) in [
        ("15.24 billion", "15240000000"),
        ("4.7 billion", "4700000000"),
        ("34.6 million", "34600000"),
        ("0.1 trillion", "100000000000"),
        ("2.26 trillion", "2260000000000"),
        ("153.78 billion", "153780000000"),
    ] {
        let (_, found) = numerals(s);
        assert_eq!(found[0].value.to_string(), want, "{s}");
    }
}

#[test]
fn years_are_plain_four_digit_numbers() {
    let text = "in 2023, 1,999 and 20235 and 0999";
    let (toks, found) = numerals(text);
    let years: Vec<bool> = found
        .iter()
        .map(|n| n.is_year_like(text, toks.as_slice()))
        .collect();
    assert_eq!(years, [true, false, false, false]);
}

#[test]
fn a_dash_glued_to_a_name_is_no_sign() {
    for text in ["GPT-4", "F-35", "2024-2027"] {
        let (_, found) = numerals(text);
        assert!(found.iter().all(|n| n.value > Decimal::ZERO), "{text}");
    }
}

#[test]
fn signs_and_points_open_numbers() {
    // the minus sign (U+2212), the hyphen and the point open a number; other
    // punctuation does not
    for (text, value) in [("−5", "-5"), ("-5", "-5"), (".5", "0.5")] {
        let (_, found) = numerals(text);
        assert_eq!(
            found.first().map(|n| n.value.to_string()).as_deref(),
            Some(value),
            "{text}"
        );
        let toks = Tokens::new(text);
        assert!(opens_number(text, &toks.as_slice()[0]), "{text}");
    }
    let toks = Tokens::new("– , $");
    assert!(toks.iter().all(|t| !opens_number("– , $", t)));
}
