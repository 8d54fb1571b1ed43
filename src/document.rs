//! [`Document`]: one article, with its id, title, publication date and text.
//!
//! The title and the publication date are read from the text when the input does not
//! give them: the first heading-like line after the page furniture is the title, and a
//! date line near the top ("Last Updated July 9, 2024 1:34 PM", "Published 9 July
//! 2024") is the publication date. The file's modification time is never used: it says
//! when a file was copied, not when the article appeared.

use chrono::NaiveDate;

use crate::extract::period::calendar::{full_date_at, time_of_day_at};
use crate::extract::text::{is_furniture, Layout, TokKind, Tokens};

/// One input article.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// The document's id: its path relative to the input root, or a JSON Lines `id`.
    pub id: String,
    /// Where it was read from, as given on the command line.
    pub source_path: Option<String>,
    /// The title, when one was found or given.
    pub title: Option<String>,
    /// The publication date.
    pub published: Option<NaiveDate>,
    /// Where the publication date came from.
    pub published_source: PublishedSource,
    /// The locale the input states ("en-CA"), which settles an ambiguous "$".
    pub locale: Option<String>,
    /// The canonical URL the input states.
    pub url: Option<String>,
    /// The encoding the input was read in (`utf-8`, `windows-1252`...).
    pub encoding: Option<String>,
    /// The full text.
    pub text: String,
}

/// Where a document's publication date came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PublishedSource {
    /// A date line in the text.
    Text,
    /// The input record's `published` field.
    Record,
    /// The markup's metadata: an HTML page's `article:published_time`, `<time>` or
    /// JSON-LD `datePublished`, a Markdown front matter's `date`.
    Meta,
    /// The `--published` option.
    Option,
    /// Nowhere: the date is unknown.
    None,
}

impl PublishedSource {
    /// The name used in the documents table.
    pub fn as_str(self) -> &'static str {
        match self {
            PublishedSource::Text => "text",
            PublishedSource::Record => "record",
            PublishedSource::Meta => "meta",
            PublishedSource::Option => "option",
            PublishedSource::None => "none",
        }
    }
}

/// What the input says about a document besides its text.
#[derive(Debug, Clone, Default)]
pub struct Given {
    /// A title from the input record.
    pub title: Option<String>,
    /// A publication date from the input record.
    pub published: Option<NaiveDate>,
    /// Where `published` came from, when not from a record (`Meta`).
    pub published_source: Option<PublishedSource>,
    /// The date to use when neither the record nor the text states one (`--published`).
    pub fallback_published: Option<NaiveDate>,
    /// The locale from the input record ("en-CA", "en_AU").
    pub locale: Option<String>,
}

impl Document {
    /// The country of the document's locale ("en-CA" → "CA"), if it states one.
    ///
    /// # Example
    ///
    /// ```
    /// use figures::document::{Document, Given};
    /// let given = Given { locale: Some("en_au".into()), ..Given::default() };
    /// assert_eq!(Document::new("x", "Text.", &given).locale_country().as_deref(), Some("AU"));
    /// ```
    pub fn locale_country(&self) -> Option<String> {
        let l = self.locale.as_deref()?;
        let region = l.rsplit(['-', '_']).next()?;
        (region.len() == 2 && region.chars().all(|c| c.is_ascii_alphabetic()))
            .then(|| region.to_ascii_uppercase())
    }

    /// Builds a document from its text, reading the title and the publication date from
    /// the text where `given` does not supply them. A record's date wins over the text's,
    /// and the text's over the `--published` fallback.
    ///
    /// # Example
    ///
    /// ```
    /// use figures::document::{Document, Given, PublishedSource};
    /// let text = "News / Tech / Chips\n\nChipmakers Expand in Ohio\n\n\
    ///             Published 3 March 2025\n\nIntel will invest $20 billion.\n";
    /// let doc = Document::new("a.txt", text, &Given::default());
    /// assert_eq!(doc.title.as_deref(), Some("Chipmakers Expand in Ohio"));
    /// assert_eq!(doc.published.unwrap().to_string(), "2025-03-03");
    /// assert_eq!(doc.published_source, PublishedSource::Text);
    /// ```
    pub fn new(id: &str, text: &str, given: &Given) -> Document {
        Document::from_text(id, text.to_string(), given)
    }

    /// [`Document::new`] from a text the document takes, without copying it.
    ///
    /// # Example
    ///
    /// ```
    /// use figures::document::{Document, Given};
    /// let text = String::from("Intel will invest $20 billion.");
    /// let doc = Document::from_text("a.txt", text, &Given::default());
    /// assert_eq!(doc.text, "Intel will invest $20 billion.");
    /// ```
    pub fn from_text(id: &str, text: String, given: &Given) -> Document {
        let (published, published_source) = if let Some(d) = given.published {
            (
                Some(d),
                given.published_source.unwrap_or(PublishedSource::Record),
            )
        } else if let Some(d) = published_in_text(&text) {
            (Some(d), PublishedSource::Text)
        } else if let Some(d) = dateline_date(&text, given.fallback_published) {
            (Some(d), PublishedSource::Text)
        } else if let Some(d) = given.fallback_published {
            (Some(d), PublishedSource::Option)
        } else {
            (None, PublishedSource::None)
        };
        Document {
            id: id.to_string(),
            source_path: None,
            title: given.title.clone().or_else(|| title_in_text(&text)),
            published,
            published_source,
            locale: given.locale.clone(),
            url: None,
            encoding: None,
            text,
        }
    }
}

/// How far into a document the title and date lines are looked for, in lines.
const HEAD_LINES: usize = 40;

/// The title: the first heading-like line of the head of the document, after the page
/// furniture.
pub fn title_in_text(text: &str) -> Option<String> {
    use crate::extract::text::{Block, BlockKind};
    let head = &text[..head_end(text)];
    let title = |b: &Block| {
        b.kind == BlockKind::Heading && head[b.range.clone()].split_whitespace().count() >= 2
    };
    // prose before any heading: the article has no title line
    let prose = |b: &Block| matches!(b.kind, BlockKind::Paragraph | BlockKind::ListItem);
    Layout::blocks_until(head, |b| title(b) || prose(b))
        .last()
        .filter(|b| title(b))
        .map(|b| head[b.range.clone()].trim().to_string())
}

fn head_end(text: &str) -> usize {
    memchr::memchr_iter(b'\n', text.as_bytes())
        .nth(HEAD_LINES)
        .unwrap_or(text.len())
}

/// Keywords that introduce a publication date, strongest first.
const PUBLISHED_WORDS: &[&str] = &["published", "posted", "first published", "date"];
const UPDATED_WORDS: &[&str] = &["updated", "last updated", "modified", "last modified"];
/// The most words before the date of a date line: "last updated on", "first published on".
const MAX_KEYWORD_WORDS: usize = 3;

/// The publication date stated near the top of the text: a "Published ..." line wins
/// over an "Updated ..." line, which wins over a bare date line.
pub fn published_in_text(text: &str) -> Option<NaiveDate> {
    let head = &text[..head_end(text)];
    let mut best: Option<(u8, NaiveDate)> = None;
    for line in crate::extract::text::lines_inclusive(head) {
        let line = line.trim();
        if let Some((rank, d)) = date_line(line) {
            if best.is_none_or(|(r, _)| rank > r) {
                best = Some((rank, d));
            }
        }
    }
    best.map(|(_, d)| d)
}

/// The date of a wire dateline ("TOKYO, April 10 (Reuters) -") in the first paragraphs.
/// A dateline rarely gives its year: it is the latest year the article names outside a
/// deadline ("by 2027" says nothing of when it was written), else the year of the
/// `--published` fallback.
///
/// # Example
///
/// ```
/// use figures::document::dateline_date;
/// let text = "Headline Here\n\nTOKYO, April 10 (Reuters) - Sales in 2023 rose. A plant opens by 2027.";
/// assert_eq!(dateline_date(text, None).unwrap().to_string(), "2023-04-10");
/// ```
pub fn dateline_date(text: &str, fallback: Option<NaiveDate>) -> Option<NaiveDate> {
    use crate::extract::period::calendar::date_at;
    use crate::extract::text::dateline_len;
    let head = &text[..head_end(text)];
    for para in head.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
        let Some(n) = dateline_len(para) else {
            continue;
        };
        let line = &para[..n];
        // the date follows the place's comma
        for (i, _) in line.match_indices(", ") {
            let rest = &line[i + 2..];
            let toks = Tokens::new(rest);
            if let Some((year, month, day, _)) = date_at(rest, toks.as_slice(), 0) {
                let year = year
                    .or_else(|| latest_year_named(text))
                    .or_else(|| fallback.map(|d| chrono::Datelike::year(&d)))?;
                return NaiveDate::from_ymd_opt(year, month, day);
            }
        }
        return None;
    }
    None
}

/// The latest year a text names outside a deadline ("by 2027", "until 2030").
fn latest_year_named(text: &str) -> Option<i32> {
    use crate::extract::period::calendar::year_at;
    let toks = Tokens::new(text);
    let t = toks.as_slice();
    (0..t.len())
        .filter_map(|i| {
            let y = year_at(text, t, i)?;
            let word = |back: usize| {
                i.checked_sub(back)
                    .map(|k| t[k].text(text).to_lowercase())
                    .unwrap_or_default()
            };
            let deadline = matches!(
                word(1).as_str(),
                "by" | "until" | "till" | "through" | "before" | "to"
            ) || (word(1) == "of" && word(2) == "end");
            (!deadline).then_some(y)
        })
        .max()
}

/// The date of a date line, if the line is one (see [`published_in_text`]).
pub fn date_line_date(line: &str) -> Option<NaiveDate> {
    date_line(line).map(|(_, d)| d)
}

/// A line made of an optional keyword, a date, and optionally a clock time and a
/// time zone: its strength (published 3, updated 2, bare 1) and its date.
fn date_line(line: &str) -> Option<(u8, NaiveDate)> {
    // a full date has a year in digits: most lines (headings, bylines) have none and
    // are not cut into tokens
    if line.is_empty()
        || line.len() > 120
        || !line.bytes().any(|b| b.is_ascii_digit())
        || !may_open_date_line(line)
        || is_furniture_without_dates(line)
    {
        return None;
    }
    date_line_tokens(line)
}

/// [`date_line`] read from the line's tokens, without the checks that spare most lines
/// being cut into them.
fn date_line_tokens(line: &str) -> Option<(u8, NaiveDate)> {
    let toks = Tokens::new(line);
    let t = toks.as_slice();
    // the keyword: the words before the first number or month name
    let mut i = 0;
    let mut words = Vec::new();
    while i < t.len() && t[i].kind == TokKind::Word {
        if full_date_at(line, t, i).is_some() {
            break;
        }
        // no keyword has more words ("last updated on"): a line of prose is left at once
        if words.len() == MAX_KEYWORD_WORDS {
            return None;
        }
        words.push(t[i].text(line).to_lowercase());
        i += 1;
    }
    // "Published on", "Updated:"
    while i < t.len() && (t[i].is_char(line, ':') || t[i].is_char(line, '-')) {
        i += 1;
    }
    let keyword = words.join(" ");
    let keyword = keyword.strip_suffix(" on").unwrap_or(&keyword);
    let rank = if keyword.is_empty() {
        1
    } else if PUBLISHED_WORDS.contains(&keyword) {
        3
    } else if UPDATED_WORDS.contains(&keyword) {
        2
    } else if is_weekday(keyword) {
        1
    } else {
        return None;
    };
    // a weekday before the date: "Tuesday, July 9, 2024"
    if i < t.len() && t[i].is_char(line, ',') && is_weekday(keyword) {
        i += 1;
    }
    let (date, mut j) = full_date_at(line, t, i)?;
    // what may follow: a clock time, separators, a time zone
    loop {
        if j >= t.len() {
            return Some((rank, date));
        }
        if let Some(k) = time_of_day_at(line, t, j) {
            j = k;
        } else if t[j].is_char(line, ',') || t[j].is_char(line, '|') || t[j].is_char(line, '-') {
            j += 1;
        } else {
            return None;
        }
    }
}

/// Whether a line's first word lets it be a date line: a line that opens with a word
/// opens with its keyword or with the month of its date ("Published ...", "Tuesday,
/// ...", "July 9, 2024"). Most lines of prose open with another word, and are turned
/// away here before they are cut into tokens. A line that opens with a digit or a sign,
/// or whose first word goes on beyond ASCII, is left to the tokens.
fn may_open_date_line(line: &str) -> bool {
    let b = line.as_bytes();
    let n = b.iter().take_while(|c| c.is_ascii_alphabetic()).count();
    if n == 0 || b.get(n).is_some_and(|c| !c.is_ascii()) {
        return true;
    }
    let word = line[..n].to_ascii_lowercase();
    PUBLISHED_WORDS
        .iter()
        .chain(UPDATED_WORDS)
        .any(|k| k.split(' ').next() == Some(word.as_str()))
        || is_weekday(&word)
        || matches!(
            crate::lexicon::lexicon().time_word(&word),
            Some(crate::lexicon::TimeWord::Month(_))
        )
}

fn is_weekday(w: &str) -> bool {
    matches!(
        w,
        "monday"
            | "tuesday"
            | "wednesday"
            | "thursday"
            | "friday"
            | "saturday"
            | "sunday"
            | "mon"
            | "tue"
            | "wed"
            | "thu"
            | "fri"
            | "sat"
            | "sun"
    )
}

/// Furniture that is not a date line (breadcrumbs, reading times): a date inside such
/// a line is not the article's date.
fn is_furniture_without_dates(line: &str) -> bool {
    crate::extract::text::separators(line, 2) >= 2
        || (line.len() < 40 && line.to_lowercase().ends_with(" read"))
}

/// Whether a line is page furniture (see [`is_furniture`]).
pub fn is_page_furniture(line: &str) -> bool {
    is_furniture(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn date_lines() {
        for (line, want) in [
            (
                "Last Updated July 9, 2024 1:34 PM",
                Some((2, d(2024, 7, 9))),
            ),
            ("Published 9 July 2024", Some((3, d(2024, 7, 9)))),
            ("Published on: Jul. 9, 2024", Some((3, d(2024, 7, 9)))),
            ("Tuesday, July 9, 2024", Some((1, d(2024, 7, 9)))),
            ("2024-07-09", Some((1, d(2024, 7, 9)))),
            ("July 9, 2024 | 13:05 GMT", Some((1, d(2024, 7, 9)))),
            ("Sales rose on July 9, 2024 to $5 billion", None),
            ("In 2023, Japan ranked 32nd", None),
            ("Last modified on 9 July 2024", Some((2, d(2024, 7, 9)))),
            ("First published on 9 July 2024", Some((3, d(2024, 7, 9)))),
            ("The deal was signed 9 July 2024", None),
        ] {
            assert_eq!(date_line(line), want, "{line}");
        }
    }

    #[test]
    fn the_first_word_check_turns_away_no_date_line() {
        // every line of generated articles, and lines that open with each word a date
        // line may open with, in several cases
        let articles = crate::gen::Corpus::new(7).articles(400_000, 5000);
        let mut lines: Vec<String> = articles
            .iter()
            .flat_map(|a| a.text.lines().map(|l| l.trim().to_string()))
            .collect();
        for k in PUBLISHED_WORDS.iter().chain(UPDATED_WORDS) {
            for date in ["9 July 2024", "on July 9, 2024 1:34 PM", ": Jul. 9, 2024"] {
                lines.push(format!("{k} {date}"));
                lines.push(format!("{} {date}", k.to_uppercase()));
            }
        }
        for w in [
            "Tuesday, July 9, 2024",
            "SEPT. 9, 2024",
            "Sept. 9, 2024",
            "June 9, 2024",
        ] {
            lines.push(w.to_string());
        }
        let mut dated = 0;
        for line in &lines {
            if line.len() <= 120 && date_line_tokens(line).is_some() {
                dated += 1;
                assert!(may_open_date_line(line), "{line}");
            }
        }
        assert!(dated > 30, "{dated} date lines");
    }

    #[test]
    fn no_keyword_is_longer_than_the_bound() {
        for k in PUBLISHED_WORDS.iter().chain(UPDATED_WORDS) {
            let words = format!("{k} on").split(' ').count();
            assert!(words <= MAX_KEYWORD_WORDS, "{k}");
        }
    }

    #[test]
    fn published_wins_over_updated() {
        let text = "Title Of The Story\n\nUpdated March 5, 2025\nPublished March 3, 2025\n\nBody.";
        assert_eq!(published_in_text(text), Some(d(2025, 3, 3)));
    }

    #[test]
    fn record_date_wins_then_text_then_option() {
        let text = "Published 9 July 2024\n\nBody.";
        let given = Given {
            published: Some(d(2024, 1, 1)),
            fallback_published: Some(d(2020, 1, 1)),
            ..Given::default()
        };
        let doc = Document::new("x", text, &given);
        assert_eq!(
            (doc.published, doc.published_source),
            (Some(d(2024, 1, 1)), PublishedSource::Record)
        );
        let given = Given {
            fallback_published: Some(d(2020, 1, 1)),
            ..Given::default()
        };
        let doc = Document::new("x", text, &given);
        assert_eq!(doc.published_source, PublishedSource::Text);
        let doc = Document::new("x", "No date here.", &given);
        assert_eq!(
            (doc.published, doc.published_source),
            (Some(d(2020, 1, 1)), PublishedSource::Option)
        );
        let doc = Document::new("x", "No date here.", &Given::default());
        assert_eq!(doc.published_source, PublishedSource::None);
    }

    #[test]
    fn datelines_give_the_date_and_the_article_its_year() {
        let text = "Chips Deal\n\nTOKYO, Feb 24 (Reuters) - Japan will give TSMC aid. Revenue for 2023 fell.";
        let doc = Document::new("x", text, &Given::default());
        assert_eq!(
            (doc.published, doc.published_source),
            (Some(d(2023, 2, 24)), PublishedSource::Text)
        );
        // no year in the text: the fallback's
        let text = "NEW YORK, March 3 (AP) - Stocks rose.";
        assert_eq!(
            dateline_date(text, Some(d(2025, 1, 1))),
            Some(d(2025, 3, 3))
        );
        assert_eq!(dateline_date(text, None), None);
        // a dateline with its year
        let text = "LONDON, Jan. 5, 2024 (Reuters) - Shares fell.";
        assert_eq!(dateline_date(text, None), Some(d(2024, 1, 5)));
    }

    #[test]
    fn title_skips_breadcrumbs_and_reading_time() {
        let text =
            "Home / News / Tech / Long Title Here\n4 min read\n\nLong Title Here Today\n\nBody.";
        assert_eq!(
            title_in_text(text).as_deref(),
            Some("Long Title Here Today")
        );
        assert_eq!(title_in_text("Just a paragraph of prose.\n\nHeading"), None);
    }
}
