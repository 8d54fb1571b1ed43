//! Currencies: the ISO 4217 code of a written currency, and the conversion of an amount
//! to the run's base currency.
//!
//! A written form that several currencies share ("$", "dollars", "£", "¥") is settled
//! with the document in view, and `currency_basis` says how:
//! - `written`: the form names one currency ("US$", "C$", "yen", "EUR");
//! - `context`: the document makes a member of the family clear, by writing it earlier
//!   ("C$5 billion ... $2 billion": the "$" is Canadian) or by its stated locale
//!   (`"locale": "en-CA"` in a JSON Lines record);
//! - `default`: neither does, and the family's default applies ("$" is US dollars).

use std::collections::HashMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::extract::money::WrittenCurrency;
use crate::lexicon::lexicon;

/// How a figure's currency was decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    /// The written form names one currency ("US$", "yen", "EUR").
    Written,
    /// The document makes it clear ("C$" earlier in the article, its locale).
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

/// What a document has made clear about its currencies so far: read its money figures
/// in order through [`CurrencyContext::resolve`].
#[derive(Debug, Clone, Default)]
pub struct CurrencyContext {
    /// The currency of the document's locale.
    locale_currency: Option<String>,
    /// Per family, the member the document last wrote unambiguously.
    written: HashMap<String, String>,
}

impl CurrencyContext {
    /// The context of a document whose locale names `country` (ISO 3166-1 alpha-2).
    pub fn new(country: Option<&str>) -> CurrencyContext {
        CurrencyContext {
            locale_currency: country.and_then(|c| lexicon().country_currencies.get(c).cloned()),
            written: HashMap::new(),
        }
    }

    /// The ISO code of a written currency and how it was decided; an unambiguous form
    /// is remembered for the ambiguous forms that follow it.
    ///
    /// # Example
    ///
    /// ```
    /// use figures::lexicon::lexicon;
    /// use figures::extract::money::WrittenCurrency;
    /// use figures::transform::currency::{Basis, CurrencyContext};
    /// let written = |s: &str| WrittenCurrency { text: s.into(), form: lexicon().currencies.get_exact(s).unwrap().clone() };
    /// let mut ctx = CurrencyContext::new(None);
    /// assert_eq!(ctx.resolve(&written("$")), ("USD".to_string(), Basis::Default));
    /// assert_eq!(ctx.resolve(&written("C$")), ("CAD".to_string(), Basis::Written));
    /// assert_eq!(ctx.resolve(&written("$")), ("CAD".to_string(), Basis::Context));
    /// let mut canadian = CurrencyContext::new(Some("CA"));
    /// assert_eq!(canadian.resolve(&written("$")), ("CAD".to_string(), Basis::Context));
    /// ```
    pub fn resolve(&mut self, w: &WrittenCurrency) -> (String, Basis) {
        let lex = lexicon();
        let code = &w.form.code;
        match &w.form.family {
            None => {
                for (family, members) in &lex.families {
                    if members.iter().any(|m| m == code) {
                        self.written.insert(family.clone(), code.clone());
                    }
                }
                (code.clone(), Basis::Written)
            }
            Some(family) => {
                if let Some(c) = self.written.get(family) {
                    return (c.clone(), Basis::Context);
                }
                let members = lex.families.get(family);
                if let Some(c) = &self.locale_currency {
                    if members.is_some_and(|m| m.contains(c)) {
                        return (c.clone(), Basis::Context);
                    }
                }
                (code.clone(), Basis::Default)
            }
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn written(s: &str) -> WrittenCurrency {
        WrittenCurrency {
            text: s.into(),
            form: lexicon().currencies.get_exact(s).unwrap().clone(),
        }
    }

    #[test]
    fn yen_sign_is_yuan_after_the_yuan_is_written() {
        let mut ctx = CurrencyContext::new(None);
        assert_eq!(ctx.resolve(&written("¥")).0, "JPY");
        assert_eq!(ctx.resolve(&written("RMB")).0, "CNY");
        assert_eq!(ctx.resolve(&written("¥")), ("CNY".into(), Basis::Context));
    }

    #[test]
    fn the_last_written_member_wins() {
        let mut ctx = CurrencyContext::new(Some("AU"));
        assert_eq!(ctx.resolve(&written("$")), ("AUD".into(), Basis::Context));
        ctx.resolve(&written("US$"));
        assert_eq!(ctx.resolve(&written("$")), ("USD".into(), Basis::Context));
        // a locale that is no member of the family changes nothing
        let mut de = CurrencyContext::new(Some("DE"));
        assert_eq!(de.resolve(&written("$")), ("USD".into(), Basis::Default));
        assert_eq!(de.resolve(&written("£")), ("GBP".into(), Basis::Default));
    }
}
