//! Names of organizations, governments and people, and what a document has named so
//! far ([`Salience`]): the last subject, organization and government, for pronouns
//! ("it") and definite descriptions ("the company", "the government"), and the aliases
//! it introduced ("Amazon Web Services, or AWS", "Taiwan Semiconductor Manufacturing
//! Co (TSMC)"), so that one organization has one name in all its figures.

use std::ops::Range;

use crate::extract::text::{is_dash, TokKind, Token};
use crate::lexicon::{lexicon, lower};

/// Whether token `i` can be part of a name: a word with a capital that is no function
/// word, month or weekday; or digits glued to such a word ("3M").
#[inline]
pub fn is_name_word(text: &str, toks: &[Token], i: usize) -> bool {
    // most tokens are lower-case words or punctuation: turned away inline
    match toks.get(i) {
        None => false,
        Some(t) if t.kind == TokKind::Word && t.is_lower() => false,
        Some(t) if matches!(t.kind, TokKind::Punct | TokKind::Sym) => false,
        // a capitalized word no lexicon holds (most name words): no function word,
        // month or weekday
        Some(t)
            if t.kind == TokKind::Word
                && t.lex == crate::lexicon::UNKNOWN
                && text.as_bytes()[t.start].is_ascii_uppercase() =>
        {
            true
        }
        Some(_) => is_name_word_at(text, toks, i),
    }
}

fn is_name_word_at(text: &str, toks: &[Token], i: usize) -> bool {
    let t = &toks[i];
    let lex = lexicon();
    match t.kind {
        TokKind::Word => {
            let w = t.text(text);
            // most words are lower case: no name
            if t.is_lower() || !w.chars().any(char::is_uppercase) {
                return false;
            }
            // a capitalized word no lexicon holds: no function word, month or weekday
            if t.lex == crate::lexicon::UNKNOWN {
                return true;
            }
            // by id: a capitalized month ("May") or a weekday is none
            let calendar = match lex.time_of(text, t) {
                Some(crate::lexicon::TimeWord::Month(_)) => t.is_capitalized(text),
                Some(crate::lexicon::TimeWord::Weekday(_)) => true,
                _ => false,
            };
            if calendar {
                return false;
            }
            // nor is a function word ("The", "In"), but in capitals glued to an
            // ampersand ("AT&T"), asked of function words alone
            lex.function_of(text, t).is_none()
                || w.chars().all(char::is_uppercase)
                    && (toks
                        .get(i + 1)
                        .is_some_and(|n| n.glued() && n.is_char(text, '&'))
                        || i > 0 && t.glued() && toks[i - 1].is_char(text, '&'))
        }
        TokKind::Num => toks.get(i + 1).is_some_and(|n| {
            n.glued() && n.is_word() && n.text(text).chars().all(char::is_uppercase)
        }),
        _ => false,
    }
}

/// Whether token `k` is the "s" of a possessive ("Canada’s").
pub fn is_possessive_s(text: &str, toks: &[Token], k: usize) -> bool {
    k > 0
        && toks[k].glued()
        && toks[k].text(text).eq_ignore_ascii_case("s")
        && matches!(toks[k - 1].text(text), "'" | "’")
}

/// A joint inside a name at token `k`, between name words: a glued dash, dot or
/// ampersand ("US-JOINT", "AT&T"), a spaced ampersand, or "of" ("Bank of Japan").
fn is_joint(text: &str, toks: &[Token], k: usize) -> bool {
    let c = toks[k];
    let glued = c.glued()
        && toks.get(k + 1).is_some_and(|n| n.glued())
        && (c.text(text).chars().next().is_some_and(is_dash)
            || c.is_char(text, '&')
            || c.is_char(text, '.'));
    glued || c.is_char(text, '&') || c.lower(text) == "of"
}

/// A name that ends just before token `end`: capitalized words and their joints:
/// "Google Cloud", "US-JOINT", "AT&T", "Bank of Japan", "Acme Corp.".
pub fn name_before(text: &str, toks: &[Token], lo: usize, end: usize) -> Option<Range<usize>> {
    let mut s = end;
    // "Acme Inc." keeps its final period
    if s > lo + 1
        && toks[s - 1].is_char(text, '.')
        && toks[s - 1].glued()
        && is_name_word(text, toks, s - 2)
    {
        s -= 1;
    }
    let name_end = s;
    while s > lo {
        let k = s - 1;
        if is_name_word(text, toks, k) {
            s = k;
            continue;
        }
        if s < name_end && k > lo && is_name_word(text, toks, k - 1) && is_joint(text, toks, k) {
            s = k;
            continue;
        }
        break;
    }
    if s == name_end {
        return None;
    }
    if s == 0 && name_end - s == 1 && is_common_sentence_start(text, toks, s) {
        return None;
    }
    Some(s..end)
}

/// A name that starts at token `i`, read forward.
pub fn name_after(text: &str, toks: &[Token], i: usize) -> Option<Range<usize>> {
    is_name_word(text, toks, i).then(|| name_from(text, toks, i))
}

/// The name that starts at token `i`, a name word.
fn name_from(text: &str, toks: &[Token], i: usize) -> Range<usize> {
    let mut e = i + 1;
    while e < toks.len() {
        if toks[e].newline_before {
            break;
        }
        if is_name_word(text, toks, e) {
            e += 1;
        } else if is_name_word(text, toks, e + 1) && is_joint(text, toks, e) {
            // the name word after first: most tokens after a name are no joint, and
            // most after those no name word, told inline
            e += 2;
        } else if toks[e].is_char(text, '.')
            && toks[e].glued()
            && (is_suffix(toks[e - 1].text(text)) || dotted(text, toks, e))
        {
            // "Corp.", "Co.", "Inc."
            e += 1;
            break;
        } else {
            break;
        }
    }
    i..e
}

/// Whether the period at `e` closes a dotted abbreviation ("U.S.", "U.K.").
fn dotted(text: &str, toks: &[Token], e: usize) -> bool {
    e >= 2
        && toks[e - 1].text(text).chars().count() == 1
        && toks[e - 2].is_char(text, '.')
        && toks[e - 2].glued()
}

/// Company suffixes that take a period.
fn is_suffix(w: &str) -> bool {
    matches!(
        w,
        "Inc" | "Corp" | "Co" | "Ltd" | "Plc" | "PLC" | "LLC" | "AG" | "SA" | "NV" | "Bhd"
    )
}

/// A capitalized word at the start of a sentence that is an ordinary word, not a name.
pub fn is_common_sentence_start(text: &str, toks: &[Token], i: usize) -> bool {
    let t = &toks[i];
    let w = t.text(text);
    // upper case throughout ("AWS", "ÉDF"), tested without an upper-cased copy
    let unchanged = |c: char| {
        let mut up = c.to_uppercase();
        up.next() == Some(c) && up.next().is_none()
    };
    if w.chars().all(unchanged) {
        return false;
    }
    // by id or suffix: most of these words are names, which lower-casing would copy
    let lex = lexicon();
    // asked of "-ing" words alone
    let before_verb = || {
        toks.get(i + 1).is_some_and(|n| {
            matches!(lex.function_of(text, n), Some(crate::lexicon::FnClass::Aux))
                || lex.verbs.single_at(text, toks, i + 1).is_some()
        })
    };
    t.lower_ends_with(text, "ly")
        || t.lower_ends_with(text, "ing")
            && lex.places.single_at(text, toks, i).is_none()
            && !before_verb()
        || lex.number_of(text, t).is_some()
        || lex.count_nouns.single_at(text, toks, i).is_some()
        || lex.actor_nouns.single_at(text, toks, i).is_some()
        || lex.action_nouns.single_at(text, toks, i).is_some()
}

/// What kind of actor a name or noun phrase is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActorKind {
    /// A company or other organization.
    Org,
    /// A government or one of its branches ("the Japanese government", "the ministry").
    Gov,
    /// A place named as the actor ("Japan will give ...").
    Place,
}

/// The kind of an actor, from its words. Remembered per thread: news names the same
/// actors again and again (the memory is cleared past 64k names).
pub fn kind_of(actor: &str) -> ActorKind {
    thread_local! {
        static KINDS: std::cell::RefCell<rustc_hash::FxHashMap<String, ActorKind>> =
            std::cell::RefCell::new(rustc_hash::FxHashMap::default());
    }
    KINDS.with(|kinds| {
        let mut kinds = kinds.borrow_mut();
        if let Some(k) = kinds.get(actor) {
            return *k;
        }
        let k = kind_of_uncached(actor);
        if kinds.len() >= 1 << 16 {
            kinds.clear();
        }
        kinds.insert(actor.to_string(), k);
        k
    })
}

/// Whether every word of a name is one no lexicon holds ("Toyota Tsusho"): such a name
/// is an organization, as [`kind_of`] would say, without asking it (a government word
/// and the first word of a place have ids).
fn unknown_words(name: &[Token]) -> bool {
    name.iter()
        .all(|t| t.kind != TokKind::Word || t.lex == crate::lexicon::UNKNOWN)
}

fn kind_of_uncached(actor: &str) -> ActorKind {
    let lex = lexicon();
    let l = lower(actor);
    // a government word as one of the words, or a phrase of them inside ("white house")
    let is_gov = l
        .split(|c: char| !c.is_alphanumeric())
        .any(|part| !part.is_empty() && lex.government_words.iter().any(|w| w == part))
        || lex
            .government_words
            .iter()
            .any(|w| w.contains(' ') && l.contains(w.as_str()));
    if is_gov {
        ActorKind::Gov
    } else if lex.places.get_exact(actor).is_some() {
        ActorKind::Place
    } else {
        ActorKind::Org
    }
}

/// The name an alias stands for, or the name itself.
fn canonical_in<'a>(aliases: &'a [(String, String)], name: &'a str) -> &'a str {
    full_name_in(aliases, name).map_or(name, String::as_str)
}

/// The full name an alias stands for, if `alias` is one.
fn full_name_in<'a>(aliases: &'a [(String, String)], alias: &str) -> Option<&'a String> {
    aliases
        .iter()
        .find(|(a, _)| a == alias)
        .map(|(_, full)| full)
}

/// What a document has named so far.
#[derive(Debug, Default, Clone)]
pub struct Salience {
    /// The last subject (of a verb or a figure), for "it".
    pub last_subject: Option<String>,
    /// The kind of `last_subject`, asked once per subject: a sentence often notes the
    /// subject of the one before again.
    subject_kind: Option<ActorKind>,
    /// The last organization, for "the company", "the firm".
    pub last_org: Option<String>,
    /// The last government, for "the government", "the ministry".
    pub last_gov: Option<String>,
    /// The last organization named anywhere (an object too: "backs Rapidus").
    pub last_named_org: Option<String>,
    /// The last recipient of a figure, and the sentence it was given in, for "invested
    /// $500 million in it".
    last_recipient: Option<(String, u32)>,
    /// The sentences observed so far.
    sentences: u32,
    /// Aliases: a short name and the name it stands for.
    aliases: Vec<(String, String)>,
    /// Multi-word names seen, with their initials, for acronyms.
    names: Vec<(String, String)>,
    /// The hashes of the names in `names`: a name seen before is found without
    /// comparing it with every other (a hash present is confirmed in `names`).
    name_hashes: rustc_hash::FxHashSet<u64>,
}

impl Salience {
    /// The one name of an organization the document names in several ways.
    pub fn canonical(&self, name: &str) -> String {
        self.canonical_ref(name).to_string()
    }

    /// Replaces an alias by the name it stands for, in place: most names are no alias,
    /// and are left as they are, without a copy.
    pub fn canonicalize(&self, name: &mut String) {
        if let Some(full) = full_name_in(&self.aliases, name) {
            name.clone_from(full);
        }
    }

    /// [`Salience::canonicalize`] for a name that may be borrowed: an alias becomes the
    /// full name, owned; any other name is left as it is.
    pub fn canonicalize_name(&self, name: &mut std::borrow::Cow<'_, str>) {
        if let Some(full) = full_name_in(&self.aliases, name) {
            *name = std::borrow::Cow::Owned(full.clone());
        }
    }

    fn canonical_ref<'a>(&'a self, name: &'a str) -> &'a str {
        canonical_in(&self.aliases, name)
    }

    /// What "the company" or "the chipmaker" means: the last subject when it is an
    /// organization, else the last organization named.
    pub fn org_referent(&self) -> Option<String> {
        match &self.last_subject {
            Some(s) if self.subject_kind == Some(ActorKind::Org) => Some(s.clone()),
            _ => self
                .last_named_org
                .clone()
                .or_else(|| self.last_org.clone()),
        }
    }

    /// Notes an actor: it is the last subject, and the last organization or government.
    pub fn note(&mut self, actor: &str) {
        let canonical = canonical_in(&self.aliases, actor);
        let kind = match (&self.last_subject, self.subject_kind) {
            (Some(last), Some(k)) if last == canonical => k,
            _ => kind_of(canonical),
        };
        self.subject_kind = Some(kind);
        let slot = match kind {
            ActorKind::Org => Some(&mut self.last_org),
            ActorKind::Gov => Some(&mut self.last_gov),
            ActorKind::Place => None,
        };
        // into the strings already held: a subject is noted for nearly every sentence
        for s in std::iter::once(&mut self.last_subject).chain(slot) {
            let s = s.get_or_insert_with(String::new);
            s.clear();
            s.push_str(canonical);
        }
    }

    /// Notes the recipient of a figure of the sentence being read.
    pub fn note_recipient(&mut self, recipient: &str) {
        // into the string already held, as `note` does: one per figure with a recipient
        let (mut last, _) = self.last_recipient.take().unwrap_or_default();
        last.clear();
        last.push_str(self.canonical_ref(recipient));
        self.last_recipient = Some((last, self.sentences));
    }

    /// What a pronoun object of a recipient's preposition stands for ("Toyota invested
    /// $500 million in it"): the last recipient, given in this sentence or the one
    /// before; further back, "it" is as likely the plant or fund a sentence between
    /// spoke of.
    pub fn recent_recipient(&self) -> Option<String> {
        self.last_recipient
            .as_ref()
            .filter(|(_, at)| self.sentences - at <= 1)
            .map(|(r, _)| r.clone())
    }

    /// Reads a sentence for names and aliases: "Amazon Web Services, or AWS,", "Taiwan
    /// Semiconductor Manufacturing Co (TSMC)", and an acronym of a name seen before.
    /// Sentences are observed in order, each once, after its figures.
    pub fn observe(&mut self, text: &str, toks: &[Token]) {
        self.sentences += 1;
        let mut i = 0;
        while i < toks.len() {
            // most tokens are no name word: turned away inline, before the call
            if !is_name_word(text, toks, i) {
                i += 1;
                continue;
            }
            let r = name_from(text, toks, i);
            let name = &text[toks[r.start].start..toks[r.end - 1].end];
            // "NAME, or ALIAS," and "NAME (ALIAS)"
            let alias = if toks.get(r.end).is_some_and(|t| t.is_char(text, ','))
                && toks.get(r.end + 1).is_some_and(|t| t.lower(text) == "or")
            {
                name_after(text, toks, r.end + 2)
            } else if toks.get(r.end).is_some_and(|t| t.is_char(text, '(')) {
                name_after(text, toks, r.end + 1)
                    .filter(|a| toks.get(a.end).is_some_and(|t| t.is_char(text, ')')))
            } else {
                None
            };
            if let Some(a) = alias {
                let short = &text[toks[a.start].start..toks[a.end - 1].end];
                self.add_alias(short, name);
            } else if r.len() == 1 && is_acronym(name) {
                if let Some((full, _)) = self.names.iter().rev().find(|(_, i)| i == name) {
                    let full = full.clone();
                    self.add_alias(name, &full);
                }
            }
            if r.len() > 1 {
                let hash = std::hash::BuildHasher::hash_one(&rustc_hash::FxBuildHasher, name);
                let seen =
                    !self.name_hashes.insert(hash) && self.names.iter().any(|(n, _)| n == name);
                if !seen {
                    self.names
                        .push((name.to_string(), initials(text, &toks[r.clone()])));
                }
            }
            // the last organization named, unless it is already
            let canonical = canonical_in(&self.aliases, name);
            if self.last_named_org.as_deref() != Some(canonical)
                && (unknown_words(&toks[r.clone()]) || kind_of(name) == ActorKind::Org)
                && !(r.start == 0 && r.len() == 1 && is_common_sentence_start(text, toks, 0))
            {
                // into the string already held: the last organization changes with
                // nearly every sentence that names one
                let last = self.last_named_org.get_or_insert_with(String::new);
                last.clear();
                last.push_str(canonical);
            }
            i = r.end;
        }
    }

    fn add_alias(&mut self, short: &str, full: &str) {
        if short != full && !self.aliases.iter().any(|(a, _)| a == short) {
            self.aliases.push((short.to_string(), self.canonical(full)));
        }
    }
}

fn is_acronym(w: &str) -> bool {
    w.len() >= 3 && w.chars().all(|c| c.is_ascii_uppercase())
}

/// The initials of a multi-word name's capitalized words, from its tokens: "Amazon Web
/// Services" → AWS.
fn initials(text: &str, name: &[Token]) -> String {
    name.iter()
        .filter(|t| t.is_capitalized(text))
        .filter_map(|t| t.text(text).chars().next())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::text::Tokens;

    fn names(text: &str) -> Vec<&str> {
        let toks = Tokens::new(text);
        let t = toks.as_slice();
        let mut out = Vec::new();
        let mut i = 0;
        while i < t.len() {
            match name_after(text, t, i) {
                Some(r) => {
                    out.push(&text[t[r.start].start..t[r.end - 1].end]);
                    i = r.end;
                }
                None => i += 1,
            }
        }
        out
    }

    #[test]
    fn the_inline_gate_says_what_the_rule_says() {
        // every token of generated articles and of words in every case, interned as
        // sentences are and not
        let mut texts: Vec<String> = crate::gen::Corpus::new(3)
            .articles(60_000, 5000)
            .into_iter()
            .map(|a| a.text)
            .collect();
        texts.push(
            "May MAY may The THE AT&T Sony SONY sony 3M Monday Zürich ÉDF Über A I of Of"
                .to_string(),
        );
        for text in &texts {
            let mut interned = Tokens::default();
            interned.push_interned(text, 0..text.len());
            for toks in [Tokens::new(text), interned] {
                let t = toks.as_slice();
                for i in 0..t.len() {
                    assert_eq!(
                        is_name_word(text, t, i),
                        is_name_word_at(text, t, i),
                        "{:?}",
                        t[i].text(text)
                    );
                }
            }
        }
    }

    #[test]
    fn names_with_suffixes_digits_and_ampersands() {
        assert_eq!(
            names("shares of Acme Corp. and AT&T rose"),
            ["Acme Corp.", "AT&T"]
        );
        assert_eq!(names("3M and the Bank of Japan"), ["3M", "Bank of Japan"]);
        assert_eq!(names("US-JOINT said on Monday"), ["US-JOINT"]);
    }

    #[test]
    fn aliases_give_one_name() {
        let mut s = Salience::default();
        let text = "Amazon Web Services, or AWS, said it would invest.";
        s.observe(text, Tokens::new(text).as_slice());
        assert_eq!(s.canonical("AWS"), "Amazon Web Services");
        let text = "Taiwan Semiconductor Manufacturing Co will build a plant. TSMC said so.";
        s.observe(text, Tokens::new(text).as_slice());
        assert_eq!(s.canonical("TSMC"), "Taiwan Semiconductor Manufacturing Co");
        assert_eq!(s.canonical("Intel"), "Intel");
    }

    #[test]
    fn kinds() {
        assert_eq!(kind_of("Japanese government"), ActorKind::Gov);
        assert_eq!(kind_of("Japan"), ActorKind::Place);
        assert_eq!(kind_of("Toyota"), ActorKind::Org);
        assert_eq!(kind_of("Department of Energy"), ActorKind::Gov);
    }

    #[test]
    fn names_of_unknown_words_are_organizations() {
        for (name, unknown) in [
            ("Toyota Tsusho", true),
            ("Foxconn", true),
            ("Rakuten Rapidus", true),
            ("Ministry of Finance", false),
            ("Pentagon", false),
            ("White House", false),
            ("Japan", false),
            ("Bavaria Capital", false),
        ] {
            let toks = Tokens::new(name);
            assert_eq!(unknown_words(toks.as_slice()), unknown, "{name}");
            if unknown {
                assert_eq!(kind_of(name), ActorKind::Org, "{name}");
            }
        }
    }
}
