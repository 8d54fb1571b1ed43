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
fn separated_digits_read_as_their_digits() {
    // thousands separators dropped and a decimal comma made a point, as written by hand
    // here (US, European and Indian grouping), against the text parser on the result
    let group = |digits: &str, sep: char, indian: bool| {
        let mut out = String::new();
        let n = digits.len();
        for (k, c) in digits.chars().enumerate() {
            let left = n - k;
            let boundary = if indian && left > 3 {
                (left - 3) % 2 == 0
            } else {
                left % 3 == 0
            };
            if k > 0 && boundary {
                out.push(sep);
            }
            out.push(c);
        }
        out
    };
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    let mut checked = 0;
    for _ in 0..3000 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let int = (x % 10_000_000_000).max(1000).to_string();
        let frac = ((x >> 40) % 1000).to_string();
        let want_int = Decimal::from_str(&int).unwrap();
        let want_frac = Decimal::from_str(&format!("{int}.{frac}"))
            .unwrap()
            .normalize();
        for (written, want) in [
            (group(&int, ',', false), want_int),
            (format!("{}.{frac}", group(&int, ',', false)), want_frac),
            (group(&int, '.', false), want_int),
            (format!("{},{frac}", group(&int, '.', false)), want_frac),
            (group(&int, ',', true), want_int),
        ] {
            assert_eq!(parse_digits(&written), Some(want), "{written}");
            checked += 1;
        }
    }
    assert_eq!(checked, 15_000);
    for (s, want) in [
        ("1,5", Some("1.5")),
        ("12,50", Some("12.5")),
        ("1,000", Some("1000")),
        ("1234,567", Some("1234.567")),
        ("12,34,567", Some("1234567")),
        ("1,23,45,678.9", Some("12345678.9")),
        ("1.234.567,50", Some("1234567.5")),
        ("1,2,3", None),
        ("1.2.3", None),
        ("12,3456,789", None),
        ("1234,567,890", None),
        ("1,234.5.6", None),
        ("123,45,678", None),
        (
            "99,999,999,999,999,999,999,999,999",
            Some("99999999999999999999999999"),
        ),
    ] {
        let got = parse_digits(s).map(|d| d.to_string());
        assert_eq!(got.as_deref(), want, "{s}");
    }
    // longer than the buffer on the stack: the text parser reads it as it would the
    // digits without separators (a long fraction rounded to what a Decimal holds)
    let frac = "1234567890".repeat(7);
    let long = format!("1,000.{frac}");
    assert!(long.len() > 64);
    let want = Decimal::from_str(&format!("1000.{frac}"))
        .ok()
        .map(|d| d.normalize());
    assert!(want.is_some());
    assert_eq!(parse_digits(&long), want);
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
