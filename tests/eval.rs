//! The Duckling dev set (`data/duckling-en.jsonl`, see `data/duckling-en.README.md`):
//! money rows against the whole pipeline, number and ordinal rows against the numeral
//! rules, each kind with the meaning the set's README gives it. Prints the pass counts
//! per dimension, locale and kind; fails when a required row fails.

use std::collections::BTreeMap;

use figures::document::{Document, Given};
use figures::extract::period::duration::{duration_at, Duration};
use figures::extract::{numeral, text::Tokens};
use figures::load::row::{decimal_f64, FigureRow};
use figures::Pipeline;
use serde_json::Value;

const SET: &str = include_str!("data/duckling-en.jsonl");

/// Duckling's ambiguous units and the currencies each may resolve to.
fn unit_family(unit: &str) -> Option<&'static [&'static str]> {
    Some(match unit {
        "$" | "cent" => &[
            "USD", "CAD", "AUD", "NZD", "HKD", "SGD", "TWD", "JMD", "BZD", "TTD", "BBD", "BSD",
            "FJD", "LRD", "NAD", "XCD", "ZWL", "GYD", "SRD", "SBD", "KYD", "BMD", "BND",
        ],
        "£" => &[
            "GBP", "EGP", "LBP", "SYP", "SDG", "SSP", "GIP", "FKP", "SHP",
        ],
        "dinar" => &[
            "KWD", "BHD", "JOD", "IQD", "LYD", "TND", "RSD", "DZD", "MKD",
        ],
        "riyal" => &["SAR", "QAR", "OMR", "YER"],
        "rial" => &["IRR", "OMR", "YER", "SAR", "QAR"],
        "dirham" => &["AED", "MAD"],
        "unknown" => &[],
        _ => return None,
    })
}

fn money_rows(text: &str) -> Vec<FigureRow> {
    let given = Given {
        published: "2013-02-12".parse().ok(),
        ..Given::default()
    };
    let doc = Document::new("eval", text, &given);
    Pipeline::new("USD")
        .unwrap()
        .figures(&doc)
        .into_iter()
        .filter(|r| r.kind == "money")
        .collect()
}

fn num(v: &Value) -> f64 {
    v.as_f64().unwrap()
}

fn opt(d: Option<rust_decimal::Decimal>) -> Option<f64> {
    d.map(decimal_f64)
}

/// Whether a money row holds the expected amount and currency.
fn money_matches(r: &FigureRow, want: &Value) -> Result<(), String> {
    let unit = want["unit"].as_str().unwrap_or("");
    let cents = unit == "cent";
    let scale = if cents { 100.0 } else { 1.0 };
    let got = |d: Option<rust_decimal::Decimal>| opt(d).map(|v| (v * scale * 1e6).round() / 1e6);
    if let Some(v) = want.get("value") {
        if got(r.value) != Some(num(v)) {
            return Err(format!("value {:?}, want {v}", got(r.value)));
        }
    }
    if let Some(v) = want.get("min") {
        if got(r.value_min) != Some(num(v)) {
            return Err(format!("min {:?}, want {v}", got(r.value_min)));
        }
    }
    if let Some(v) = want.get("max") {
        if got(r.value_max) != Some(num(v)) {
            return Err(format!("max {:?}, want {v}", got(r.value_max)));
        }
    }
    let code = r.currency.as_deref().unwrap_or("");
    match (want["currency"].as_str(), unit_family(unit)) {
        (Some(c), _) if c != code => Err(format!("currency {code}, want {c}")),
        (None, Some(family)) if !family.is_empty() && !family.contains(&code) => {
            Err(format!("currency {code}, want one of Duckling's {unit:?}"))
        }
        _ => Ok(()),
    }
}

fn char_span(text: &str, r: &FigureRow) -> (usize, usize) {
    let _ = text;
    (r.start as usize, r.end as usize)
}

fn check_money(row: &Value) -> Result<(), String> {
    let text = row["text"].as_str().unwrap();
    let want = &row["expected"];
    let found = money_rows(text);
    let whole = (0, text.chars().count());
    match row["kind"].as_str().unwrap() {
        "corpus" => {
            let [r] = found.as_slice() else {
                let t: Vec<_> = found.iter().map(|r| r.text.as_str()).collect();
                return Err(format!("{} money figures: {t:?}", found.len()));
            };
            if char_span(text, r) != whole {
                return Err(format!("covers {:?} only", r.text));
            }
            money_matches(r, want)
        }
        "latent" | "negative" => match found.first() {
            None => Ok(()),
            Some(r) => Err(format!("found {:?}", r.text)),
        },
        "range" => {
            let r = found.first().ok_or("nothing found")?;
            let span = char_span(text, r);
            let want = (
                want["start"].as_u64().unwrap() as usize,
                want["end"].as_u64().unwrap() as usize,
            );
            if span != want {
                return Err(format!(
                    "first figure spans {span:?} ({:?}), want {want:?}",
                    r.text
                ));
            }
            Ok(())
        }
        "count" => {
            let n = want["count"].as_u64().unwrap() as usize;
            if found.len() != n {
                let t: Vec<_> = found.iter().map(|r| r.text.as_str()).collect();
                return Err(format!("{} money figures {t:?}, want {n}", found.len()));
            }
            Ok(())
        }
        other => Err(format!("unknown kind {other}")),
    }
}

fn numerals(text: &str) -> Vec<(usize, usize, f64, bool)> {
    let toks = Tokens::new(text);
    let t = toks.as_slice();
    let mut out = Vec::new();
    numeral::scan(text, t, &mut out);
    out.iter()
        .map(|n| {
            let s = text[..t[n.toks.start].start].chars().count();
            let e = text[..t[n.toks.end - 1].end].chars().count();
            (s, e, decimal_f64(n.value), n.ordinal)
        })
        .collect()
}

fn check_numeral(row: &Value, ordinal: bool) -> Result<(), String> {
    let text = row["text"].as_str().unwrap();
    let want = &row["expected"];
    let found = numerals(text);
    let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * b.abs().max(1.0);
    match row["kind"].as_str().unwrap() {
        "corpus" => {
            let [(s, e, v, o)] = found.as_slice() else {
                return Err(format!("{} numerals: {found:?}", found.len()));
            };
            if (*s, *e) != (0, text.chars().count()) {
                return Err(format!("covers {s}..{e} only"));
            }
            if *o != ordinal {
                return Err(format!("ordinal is {o}"));
            }
            if !close(*v, num(&want["value"])) {
                return Err(format!("value {v}, want {}", want["value"]));
            }
            Ok(())
        }
        "surround" => {
            let (_, _, v, _) = found.first().ok_or("nothing found")?;
            if !close(*v, num(&want["value"])) {
                return Err(format!("value {v}, want {}", want["value"]));
            }
            Ok(())
        }
        "range" => {
            let (s, e, _, _) = found.first().ok_or("nothing found")?;
            let want = (
                want["start"].as_u64().unwrap() as usize,
                want["end"].as_u64().unwrap() as usize,
            );
            if (*s, *e) != want {
                return Err(format!("first numeral spans {:?}, want {want:?}", (s, e)));
            }
            Ok(())
        }
        "count" => {
            let n = want["count"].as_u64().unwrap() as usize;
            if found.len() != n {
                return Err(format!("{} numerals {found:?}, want {n}", found.len()));
            }
            Ok(())
        }
        other => Err(format!("unknown kind {other}")),
    }
}

/// The durations of a text, left to right, not overlapping, one-letter units allowed
/// (this set is about durations alone; in news, "2m" is two million).
fn durations(text: &str) -> Vec<(usize, usize, Duration)> {
    let toks = Tokens::new(text);
    let t = toks.as_slice();
    let mut out = Vec::new();
    let mut i = 0;
    while i < t.len() {
        match duration_at(text, t, i, true) {
            Some((d, e)) => {
                let s = text[..t[i].start].chars().count();
                let end = text[..t[e - 1].end].chars().count();
                out.push((s, end, d));
                i = e;
            }
            None => i += 1,
        }
    }
    out
}

/// A duration in seconds with Duckling's conventions: a month is 30 days, a year 365;
/// a duration folded to months ("2 years and 3 months") counts 30-day months.
fn duckling_seconds(d: &Duration) -> f64 {
    let months = if d.months % 12 == 0 {
        f64::from(d.months / 12) * 365.0
    } else {
        f64::from(d.months) * 30.0
    };
    (months + f64::from(d.days)) * 86_400.0 + decimal_f64(d.seconds)
}

fn check_duration(row: &Value) -> Result<(), String> {
    let text = row["text"].as_str().unwrap();
    let want = &row["expected"];
    let found = durations(text);
    match row["kind"].as_str().unwrap() {
        "corpus" => {
            let [(s, e, d)] = found.as_slice() else {
                return Err(format!("{} durations: {found:?}", found.len()));
            };
            if (*s, *e) != (0, text.chars().count()) {
                return Err(format!("covers {s}..{e} only"));
            }
            let got = duckling_seconds(d);
            if got != num(&want["seconds"]) {
                return Err(format!("{got} seconds, want {}", want["seconds"]));
            }
            Ok(())
        }
        "negative" => match found.first() {
            None => Ok(()),
            Some(d) => Err(format!("found {d:?}")),
        },
        "range" => {
            let (s, e, _) = found.first().ok_or("nothing found")?;
            let want = (
                want["start"].as_u64().unwrap() as usize,
                want["end"].as_u64().unwrap() as usize,
            );
            if (*s, *e) != want {
                return Err(format!("first duration spans {:?}, want {want:?}", (s, e)));
            }
            Ok(())
        }
        other => Err(format!("unknown kind {other}")),
    }
}

/// Rows that Duckling's own test semantics decide and a figures table cannot express,
/// each with the reason. See the closing note of the money issue.
const KNOWN: &[(&str, &str)] = &[
    (
        "duckling-money-0129",
        "\"7-9 lakh rupees\": Duckling scales only the upper bound (min 7); a range \
         of amounts scales both (700000 to 900000)",
    ),
    (
        "duckling-money-0136",
        "\"a US$4.7 billion\": Duckling's span takes the article; the figure's text \
         does not (\"a\" belongs to the noun phrase: \"a US$4.7 billion deal\")",
    ),
    ("duckling-money-0137", "as duckling-money-0136"),
    (
        "duckling-money-0151",
        "\"7c7\": Duckling counts overlapping parses (\"7c\", \"c7\"); figures do not \
         overlap",
    ),
    ("duckling-money-0152", "\"7c7c\": as duckling-money-0151"),
    (
        "duckling-money-0153",
        "\"10 dollars 0.17\": the second parse (\"dollars 0.17\") overlaps the first",
    ),
    (
        "duckling-money-0154",
        "\"1.1 dollars 6\": as duckling-money-0153",
    ),
    (
        "duckling-money-0157",
        "\"between 4.1 dollars and 4 dollars\": three overlapping parses; a falling \
         range is two amounts",
    ),
];

#[test]
fn duckling_dev_set() {
    let mut counts: BTreeMap<(String, String, String), (usize, usize)> = BTreeMap::new();
    let mut failures = Vec::new();
    let mut regional_failures = 0;
    for line in SET.lines() {
        let row: Value = serde_json::from_str(line).unwrap();
        let dim = row["dim"].as_str().unwrap();
        let locale = row["locale"].as_str().unwrap();
        let kind = row["kind"].as_str().unwrap();
        let result = match dim {
            "money" => check_money(&row),
            "number" => check_numeral(&row, false),
            "ordinal" => check_numeral(&row, true),
            "duration" => check_duration(&row),
            _ => continue,
        };
        let regional = locale != "EN";
        let entry = counts
            .entry((
                dim.to_string(),
                if regional {
                    "regional".into()
                } else {
                    locale.to_string()
                },
                kind.to_string(),
            ))
            .or_default();
        entry.1 += 1;
        let id = row["id"].as_str().unwrap();
        let known = KNOWN.iter().any(|(k, _)| *k == id);
        match result {
            Ok(()) if known => failures.push(format!("{id} passes now: take it off KNOWN")),
            Ok(()) => entry.0 += 1,
            Err(_) if regional => regional_failures += 1,
            Err(_) if known => {}
            Err(e) => failures.push(format!(
                "{id} {dim} {kind} {:?}: {e}",
                row["text"].as_str().unwrap()
            )),
        }
    }
    println!("Duckling dev set, pass/total:");
    for ((dim, locale, kind), (pass, total)) in &counts {
        println!("  {dim:8} {locale:9} {kind:9} {pass:4}/{total}");
    }
    println!("regional slang rows unsupported: {regional_failures}");
    println!(
        "known deviations from Duckling's semantics: {}",
        KNOWN.len()
    );
    for (id, why) in KNOWN {
        println!("  {id}: {why}");
    }
    assert!(
        failures.is_empty(),
        "{} rows fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
