//! Currencies: the ISO 4217 code of a written currency, and the conversion of an amount
//! to the run's base currency.
//!
//! A written form that several currencies share ("$", "dollars", "£", "¥") is settled
//! with the document in view, and `currency_basis` says how:
//! - `written`: the form names one currency ("US$", "C$", "yen", "EUR");
//! - `context`: the document makes a member of the family clear, by writing it before
//!   its first bare "$" ("C$5 billion ... $2 billion": the "$" is Canadian) or by its
//!   stated locale (`"locale": "en-CA"` in a JSON Lines record);
//! - `default`: neither does, and the family's default applies ("$" is US dollars).
//!
//! A document means one currency by its bare "$" throughout: the first bare use settles
//! it for the rest. So a wire story that writes "$4.86 billion" and later "NT$2.16
//! trillion" keeps its "$" in US dollars, as wire style does. An amount restated in
//! brackets is never in the currency it restates: "C$1 billion ($730 million)" is
//! Canadian dollars restated in US dollars.

use rustc_hash::FxHashMap as HashMap;

use crate::extract::money::WrittenCurrency;
use crate::lexicon::{lexicon, CurrencyForm};

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
    locale_currency: Option<&'static str>,
    /// Per family, the member the document last wrote unambiguously.
    written: HashMap<&'static str, &'static str>,
    /// Per family, what its bare forms mean in this document, once settled.
    settled: HashMap<&'static str, (&'static str, Basis)>,
}

impl CurrencyContext {
    /// The context of a document whose locale names `country` (ISO 3166-1 alpha-2).
    pub fn new(country: Option<&str>) -> CurrencyContext {
        CurrencyContext {
            locale_currency: country
                .and_then(|c| lexicon().country_currencies.get(c))
                .map(String::as_str),
            written: HashMap::default(),
            settled: HashMap::default(),
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
    /// let written = |s: &str| WrittenCurrency { text: s.into(), form: lexicon().currencies.get_exact(s).unwrap() };
    /// let mut ctx = CurrencyContext::new(None);
    /// assert_eq!(ctx.resolve(&written("C$")), ("CAD", Basis::Written));
    /// assert_eq!(ctx.resolve(&written("$")), ("CAD", Basis::Context));
    /// let mut wire = CurrencyContext::new(None);
    /// assert_eq!(wire.resolve(&written("$")), ("USD", Basis::Default));
    /// let mut canadian = CurrencyContext::new(Some("CA"));
    /// assert_eq!(canadian.resolve(&written("$")), ("CAD", Basis::Context));
    /// ```
    pub fn resolve(&mut self, w: &WrittenCurrency) -> (&'static str, Basis) {
        self.resolve_restating(w, None)
    }

    /// As [`resolve`](Self::resolve), for an amount that restates one in `restates`: it
    /// cannot be in that currency.
    pub fn resolve_restating(
        &mut self,
        w: &WrittenCurrency,
        restates: Option<&str>,
    ) -> (&'static str, Basis) {
        let lex = lexicon();
        let form: &'static CurrencyForm = w.form;
        let code = form.code.as_str();
        let Some(family) = form.family.as_deref() else {
            for family in lex.families_of.get(code).into_iter().flatten() {
                self.written.insert(family, code);
            }
            return (code, Basis::Written);
        };
        if let Some(&settled) = self.settled.get(family) {
            if Some(settled.0) != restates {
                return settled;
            }
        }
        let members = lex.families.get(family);
        let chosen = self
            .written
            .get(family)
            .filter(|&&c| Some(c) != restates)
            .map(|&c| (c, Basis::Context))
            .or_else(|| {
                self.locale_currency
                    .filter(|&c| {
                        members.is_some_and(|m| m.iter().any(|x| x == c)) && Some(c) != restates
                    })
                    .map(|c| (c, Basis::Context))
            })
            .unwrap_or((code, Basis::Default));
        self.settled.insert(family, chosen);
        chosen
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(s: &str) -> WrittenCurrency {
        WrittenCurrency {
            text: s.into(),
            form: lexicon().currencies.get_exact(s).unwrap(),
        }
    }

    #[test]
    fn yen_sign_is_yuan_after_the_yuan_is_written() {
        let mut ctx = CurrencyContext::new(None);
        assert_eq!(ctx.resolve(&written("RMB")).0, "CNY");
        assert_eq!(ctx.resolve(&written("¥")), ("CNY", Basis::Context));
        let mut japan = CurrencyContext::new(None);
        assert_eq!(japan.resolve(&written("¥")), ("JPY", Basis::Default));
    }

    #[test]
    fn the_first_bare_use_settles_the_document() {
        let mut ctx = CurrencyContext::new(Some("AU"));
        assert_eq!(ctx.resolve(&written("$")), ("AUD", Basis::Context));
        ctx.resolve(&written("US$"));
        assert_eq!(ctx.resolve(&written("$")), ("AUD", Basis::Context));
        // a wire story: "$" first, "NT$" later, "$" still US dollars
        let mut wire = CurrencyContext::new(None);
        assert_eq!(wire.resolve(&written("$")).0, "USD");
        wire.resolve(&written("NT$"));
        assert_eq!(wire.resolve(&written("$")), ("USD", Basis::Default));
    }

    #[test]
    fn a_restatement_is_in_another_currency() {
        let mut ctx = CurrencyContext::new(None);
        assert_eq!(ctx.resolve(&written("C$")).0, "CAD");
        assert_eq!(
            ctx.resolve_restating(&written("$"), Some("CAD")),
            ("USD", Basis::Default)
        );
        let mut canadian = CurrencyContext::new(Some("CA"));
        assert_eq!(
            canadian.resolve_restating(&written("$"), Some("CAD")).0,
            "USD"
        );
        // a locale that is no member of the family changes nothing
        let mut de = CurrencyContext::new(Some("DE"));
        assert_eq!(de.resolve(&written("$")), ("USD", Basis::Default));
        assert_eq!(de.resolve(&written("£")), ("GBP", Basis::Default));
    }
}
