use super::*;
use crate::extract::corpus::{self, Report, PINNED};
use crate::extract::text::Tokens;
use crate::extract::Period;
use crate::transform::period::resolve;

/// Every phrase of `corpus.txt`: exactly one time phrase covering the marked span,
/// nothing else, and the expected dates.
#[test]
fn corpus() {
    let published = PINNED.parse().ok();
    let mut report = Report::default();
    for ex in corpus::parse(include_str!("corpus.txt")) {
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
                return Err(format!("{} phrases instead of one: {found:?}", found.len()));
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
            let d = resolve(&p, published);
            let got = (
                d.start.map(|x| x.to_string()).unwrap_or_default(),
                d.end.map(|x| x.to_string()).unwrap_or_default(),
            );
            let want = (
                ex.get("start").unwrap_or("").to_string(),
                ex.get("end").unwrap_or("").to_string(),
            );
            if got != want {
                return Err(format!("{got:?} instead of {want:?}"));
            }
            Ok(())
        })();
        report.check(&ex, result);
    }
    report.finish("period corpus");
}

/// Figures and the time phrases around them: which phrase belongs to which figure.
#[test]
fn attachment() {
    corpus::check_figures(
        include_str!("attach.txt"),
        crate::extract::Kind::Money,
        "period attachment",
    );
}
