//! Places: countries named in the text by name, alias or demonym ("Japan", "the U.S.",
//! "Japanese"), and the place a figure is about.
//!
//! A figure's place is decided from the nearest text that decides it:
//! 1. for a count, the nationality of what is counted ("Six Japanese companies"; "10
//!    Japanese and US companies" names two, so the place is left open);
//! 2. a locative phrase in the figure's clause ("invest $1 billion in Japan");
//! 3. the one country the sentence names (several leave it to the context);
//! 4. the context: a locative phrase in an earlier sentence of the paragraph, then the
//!    section heading ("Big Tech's Investments In Japan");
//! 5. the actor's nationality ("the Japanese government", "Oracle Japan").
//!
//! A country inside a longer name ("the Japan Times", "Oracle Japan") is no place
//! mention of the sentence, but it is the actor's nationality.

use std::ops::Range;

use crate::extract::text::{is_dash, Token};
use crate::lexicon::lexicon;

/// A place named in a sentence: a country, a US state, a city.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlaceMention {
    /// Token indices.
    pub toks: Range<usize>,
    /// The ISO 3166-1 alpha-2 code of its country (the lexicon's: no copy per mention).
    pub code: &'static str,
    /// Its name: the country's short name for a country or demonym, else its own.
    pub name: &'static str,
    /// After a locative preposition ("in Japan", "across the U.S.").
    pub locative: bool,
    /// Part of a longer name ("Oracle Japan", "the Japan Times").
    pub in_name: bool,
}

/// Prepositions that say where something happens or goes.
const LOCATIVE: &[&str] = &["in", "across", "within", "throughout", "into", "inside"];

/// Finds the countries named in a token slice.
///
/// # Example
///
/// ```
/// use figures::extract::{place, text::Tokens};
/// let text = "Then Oracle Japan will invest in the U.S., the Japan Times said";
/// let toks = Tokens::new(text);
/// let found = place::find(text, toks.as_slice());
/// let summary: Vec<_> = found.iter().map(|p| (p.code, p.locative, p.in_name)).collect();
/// assert_eq!(summary, [("JP", false, true), ("US", true, false), ("JP", false, true)]);
/// ```
pub fn find(text: &str, toks: &[Token]) -> Vec<PlaceMention> {
    let mut out = Vec::new();
    find_into(text, toks, &mut out);
    out
}

/// [`find`] into a buffer the caller reuses from sentence to sentence (cleared first).
pub fn find_into(text: &str, toks: &[Token], out: &mut Vec<PlaceMention>) {
    let lex = lexicon();
    out.clear();
    let mut i = 0;
    while i < toks.len() {
        let Some((p, e)) = lex.places.match_at(text, toks, i) else {
            i += 1;
            continue;
        };
        // "US-JOINT" is a name; "US-Japan" names two places
        if let Some(other) = hyphen_partner(text, toks, i, e) {
            if lex.places.match_at(text, toks, other).is_none() {
                i = e;
                continue;
            }
        }
        // a longer word: "Japanese" must not match inside "Japanesey"
        if toks.get(e).is_some_and(|t| t.glued() && t.is_word()) {
            i = e;
            continue;
        }
        // a currency: "US$8 billion" names no place
        if lex
            .currencies
            .match_at(text, toks, i)
            .is_some_and(|(_, ce)| ce > e)
        {
            i = e;
            continue;
        }
        let demonym = p.value.demonym;
        let in_name = !demonym
            && (name_word_at(text, toks, i.wrapping_sub(1)) || name_word_at(text, toks, e));
        let mut k = i;
        if k > 0 && toks[k - 1].lower(text) == "the" {
            k -= 1;
        }
        let locative = k > 0 && LOCATIVE.contains(&toks[k - 1].lower(text).as_str());
        out.push(PlaceMention {
            toks: i..e,
            code: p.value.code.as_str(),
            name: p.value.name.as_str(),
            locative,
            in_name,
        });
        i = e;
    }
}

/// The token on the other side of a dash glued to the place (`US-JOINT`), if any.
fn hyphen_partner(text: &str, toks: &[Token], i: usize, e: usize) -> Option<usize> {
    let dash = |t: &Token| t.glued() && t.text(text).chars().next().is_some_and(is_dash);
    if toks.get(e).is_some_and(dash) && toks.get(e + 1).is_some_and(|t| t.glued() && t.is_word()) {
        return Some(e + 1);
    }
    if i >= 2 && toks[i].glued() && dash(&toks[i - 1]) && toks[i - 2].is_word() {
        return Some(i - 2);
    }
    None
}

/// Whether token `i` is a capitalized word of a name that is not itself a place: the
/// neighbour that makes "Oracle Japan" a name. The first word of a sentence is
/// capitalized whatever it is ("Highlighting Japan's demands"), so it counts only when
/// its capitals say more than that ("IBM", "McKinsey").
fn name_word_at(text: &str, toks: &[Token], i: usize) -> bool {
    let Some(t) = toks.get(i) else {
        return false;
    };
    if i == 0 && t.text(text).chars().skip(1).all(|c| !c.is_uppercase()) {
        return false;
    }
    let lex = lexicon();
    t.is_capitalized(text)
        && lex.function_of(text, t).is_none()
        && lex.places.match_at(text, toks, i).is_none()
        && crate::extract::period::calendar::month_at(text, toks, i).is_none()
}

/// A place a figure is about: its name and its country's code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Located {
    /// The place's name ("Japan", "Mississippi", "Osaka").
    pub name: &'static str,
    /// Its country's ISO 3166-1 alpha-2 code.
    pub code: &'static str,
}

/// The places among some mentions, one a country: none, one (a country named by a city
/// or state keeps the most specific name: "Mississippi" over "United States"), or
/// several. The rules ask no more of them: the steps decide on one place, and are left
/// open by several.
pub fn distinct<'a>(places: impl Iterator<Item = &'a PlaceMention>) -> Distinct {
    let mut one: Option<Located> = None;
    for p in places {
        match &mut one {
            None => {
                one = Some(Located {
                    name: p.name,
                    code: p.code,
                })
            }
            Some(l) if l.code == p.code => {
                let country_name = lexicon().country_names.get(p.code).map(String::as_str);
                if Some(l.name) == country_name && Some(p.name) != country_name {
                    l.name = p.name;
                }
            }
            Some(_) => return Distinct::Several,
        }
    }
    one.map_or(Distinct::None, Distinct::One)
}

/// The places some mentions name (see [`distinct`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Distinct {
    /// No place.
    None,
    /// One country, by its most specific name.
    One(Located),
    /// Two countries or more.
    Several,
}

/// The outcome of one step of the place rules: decided (a place, or left open between
/// several countries), or not decided here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// The place is this one.
    Place(Located),
    /// The text names several countries: the place is left open.
    Open,
    /// This step says nothing; ask the next one.
    Undecided,
}

impl Decision {
    /// One country decides; several leave the place open; none leave it undecided.
    pub fn from_places(places: Distinct) -> Decision {
        match places {
            Distinct::None => Decision::Undecided,
            Distinct::One(l) => Decision::Place(l),
            Distinct::Several => Decision::Open,
        }
    }

    /// One country decides; several or none leave it undecided (for steps that only
    /// decide when the text is clear).
    pub fn only_if_one(places: Distinct) -> Decision {
        match places {
            Distinct::One(l) => Decision::Place(l),
            Distinct::None | Distinct::Several => Decision::Undecided,
        }
    }
}

/// The most actors a thread remembers the nationality of ([`of_actor`]): news names a
/// few hundred organizations and governments again and again; past this many the memo
/// starts again, empty.
const ACTORS_KEPT: usize = 4096;

thread_local! {
    /// The nationalities [`of_actor`] gave this thread, by actor.
    static NATIONALITIES: std::cell::RefCell<rustc_hash::FxHashMap<Box<str>, Option<Located>>> =
        std::cell::RefCell::default();
}

/// The nationality an actor's name gives ("Japanese government", "Oracle Japan"): the one
/// country its words name. Each thread remembers the answer for the names it was asked
/// of: the same actors come back document after document, and a name cut into tokens
/// and searched for places took about a thousand instructions (the transform asks for
/// each actor of each document, 18,000 times over 10 MB of generated articles).
pub fn of_actor(actor: &str) -> Option<Located> {
    NATIONALITIES.with_borrow_mut(|seen| {
        if let Some(&known) = seen.get(actor) {
            return known;
        }
        let found = nationality_of(actor);
        if seen.len() >= ACTORS_KEPT {
            seen.clear();
        }
        seen.insert(actor.into(), found);
        found
    })
}

/// [`of_actor`], read from the name's words.
fn nationality_of(actor: &str) -> Option<Located> {
    let toks = crate::extract::text::Tokens::new(actor);
    let found = find(actor, toks.as_slice());
    let Distinct::One(mut l) = distinct(found.iter()) else {
        return None;
    };
    // an actor's nationality is its country
    if let Some(n) = lexicon().country_names.get(l.code) {
        l.name = n;
    }
    Some(l)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::text::Tokens;

    fn distinct_in(text: &str) -> Distinct {
        let toks = Tokens::new(text);
        distinct(find(text, toks.as_slice()).iter())
    }

    #[test]
    fn distinct_places_are_none_one_or_several() {
        assert_eq!(distinct_in("The plant opens soon."), Distinct::None);
        // one country named twice, once by a state: the state's name
        let one = distinct_in("In the United States, in Mississippi, and in the U.S.");
        let Distinct::One(l) = one else {
            panic!("{one:?}");
        };
        assert_eq!((l.code, l.name), ("US", "Mississippi"));
        assert_eq!(
            distinct_in("Japan and the United States"),
            Distinct::Several
        );
    }

    fn codes(text: &str) -> Vec<(String, bool, bool)> {
        let toks = Tokens::new(text);
        find(text, toks.as_slice())
            .into_iter()
            .map(|p| (p.code.to_string(), p.locative, p.in_name))
            .collect()
    }

    #[test]
    fn names_aliases_and_demonyms() {
        assert_eq!(
            codes("Six Japanese companies and four U.S. firms in Britain"),
            [
                ("JP".into(), false, false),
                ("US".into(), false, false),
                ("GB".into(), true, false)
            ]
        );
    }

    #[test]
    fn hyphenated_names_are_not_places() {
        assert!(codes("US-JOINT said").is_empty());
        assert_eq!(codes("the US-Japan race").len(), 2);
    }

    #[test]
    fn places_inside_names() {
        assert_eq!(codes("the Bank of Japan"), [("JP".into(), false, false)]);
        assert_eq!(
            codes("Furthermore, Oracle Japan will"),
            [("JP".into(), false, true)]
        );
        // the first word of a sentence is capitalized anyway
        assert_eq!(
            codes("Highlighting Japan’s needs"),
            [("JP".into(), false, false)]
        );
    }

    #[test]
    fn actor_nationality() {
        // asked twice: read from the words, then remembered
        for _ in 0..2 {
            assert_eq!(of_actor("Japanese government").unwrap().code, "JP");
            assert_eq!(of_actor("Oracle Japan").unwrap().code, "JP");
            assert_eq!(of_actor("Microsoft"), None);
        }
    }

    #[test]
    fn the_memo_of_nationalities_answers_as_the_words_do_and_stays_bounded() {
        let names = |k: usize| match k % 4 {
            0 => format!("Firm {k} of Japan"),
            1 => format!("Firm {k}"),
            2 => format!("German Firm {k}"),
            _ => format!("Firm {k} France and Italy"),
        };
        // more names than the memo keeps, each asked twice: the second answer (from the
        // memo, or read again after it started over) is the first
        for k in 0..ACTORS_KEPT + 100 {
            let name = names(k);
            let first = of_actor(&name);
            assert_eq!(first, nationality_of(&name), "{name}");
            assert_eq!(of_actor(&name), first, "{name}");
            assert!(NATIONALITIES.with_borrow(|seen| seen.len()) <= ACTORS_KEPT);
        }
        assert_eq!(of_actor(&names(0)).map(|l| l.code), Some("JP"));
        assert_eq!(of_actor(&names(2)).map(|l| l.code), Some("DE"));
        assert_eq!(of_actor(&names(1)), None);
        assert_eq!(of_actor(&names(3)), None);
    }
}
