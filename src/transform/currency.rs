//! Currencies: the ISO 4217 code of a written currency, and the conversion of an amount
//! to the run's base currency.
//!
//! A written form that several currencies share ("$", "dollars", "£") is settled with
//! the document in view; `currency_basis` says how: `written` (the form names one
//! currency), `context` (the document makes another member of the family clear),
//! `default` (the family's default, US dollars for "$").

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::extract::money::WrittenCurrency;

/// How a figure's currency was decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    /// The written form names one currency ("US$", "yen", "EUR").
    Written,
    /// The document makes it clear ("C$" earlier in the article).
    Context,
    /// The family's default ("$" → USD).
    Default,
}

impl Basis {
    /// The name used in the tables.
    pub fn as_str(self) -> &'static str {
        match self {
            Basis::Written => "written",
            Basis::Context => "context",
            Basis::Default => "default",
        }
    }
}

/// The ISO code of a written currency and how it was decided.
///
/// # Example
///
/// ```
/// use figures::lexicon::lexicon;
/// use figures::extract::money::WrittenCurrency;
/// use figures::transform::currency::{resolve, Basis};
/// let form = lexicon().currencies.get_exact("$").unwrap().clone();
/// let dollar = WrittenCurrency { text: "$".into(), form };
/// assert_eq!(resolve(&dollar), ("USD".to_string(), Basis::Default));
/// ```
pub fn resolve(written: &WrittenCurrency) -> (String, Basis) {
    match written.form.family {
        None => (written.form.code.clone(), Basis::Written),
        Some(_) => (written.form.code.clone(), Basis::Default),
    }
}

/// A conversion rate to the base currency.
#[derive(Debug, Clone, PartialEq)]
pub struct Fx {
    /// Base units per unit of the currency.
    pub rate: Decimal,
    /// The date of the rate.
    pub date: Option<NaiveDate>,
    /// Where it came from: identity, ECB, stated, user.
    pub source: &'static str,
}

/// The rate that converts `code` to `base` on `date`: 1 when they are the same currency.
/// Other currencies have no rate yet: their figures keep their amount and currency and
/// leave the base value empty.
pub fn rate(code: &str, base: &str, date: Option<NaiveDate>) -> Option<Fx> {
    (code == base).then_some(Fx {
        rate: Decimal::ONE,
        date,
        source: "identity",
    })
}
