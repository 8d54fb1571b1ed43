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
fn plain_digits_read_as_the_text_parser_reads_them() {
    // the fast path gives what the text parser gives, and leaves to it what it cannot
    let mut cases: Vec<String> = [
        "0",
        "7",
        "007",
        "2024",
        "15.24",
        "15.20",
        "0.50",
        "100.000",
        "9.999",
        "1234567890123456789",
        "9999999999999999999",
        "123456789012345678.9",
        "0.0000000000000000001",
        "12345678901234567890",
        "99999999999999999999",
        "1.2.3",
        ".5",
        "5.",
        "1,5",
        "",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    for _ in 0..2000 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let digits = x.to_string();
        let cut = (x % 25) as usize;
        let len = 1 + (x % 20) as usize;
        let d = &digits[..len.min(digits.len())];
        cases.push(d.to_string());
        if cut > 0 && cut < d.len() {
            cases.push(format!("{}.{}", &d[..cut], &d[cut..]));
        }
    }
    let mut fast = 0;
    for s in &cases {
        let text = Decimal::from_str(s).ok().map(|d| d.normalize());
        match plain_decimal(s.as_bytes()) {
            Some(d) => {
                fast += 1;
                assert_eq!(Some(d), text, "{s}");
                assert_eq!(d.to_string(), text.unwrap().to_string(), "{s}");
            }
            None => assert!(
                s.bytes().filter(u8::is_ascii_digit).count() > 19
                    || s.bytes().any(|b| b != b'.' && !b.is_ascii_digit())
                    || s.starts_with('.')
                    || s.ends_with('.')
                    || s.matches('.').count() > 1
                    || s.is_empty(),
                "{s} left to the text parser"
            ),
        }
        assert_eq!(parse_digits(s), parse_digits_by_text(s), "{s}");
    }
    assert!(fast > 2000, "{fast} read by the fast path");
}

/// [`parse_digits`] as it was before its fast path: the text parser for digits with at
/// most one decimal point.
fn parse_digits_by_text(s: &str) -> Option<Decimal> {
    let commas = s.bytes().filter(|&b| b == b',').count();
    let dots = s.bytes().filter(|&b| b == b'.').count();
    if commas == 0 && dots <= 1 {
        return Some(Decimal::from_str(s).ok()?.normalize());
    }
    parse_digits(s)
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
