//! Markdown articles: the text as the text reader expects it (heading markers,
//! emphasis, link targets, images and code fences dropped), and the title and
//! publication date of a front matter block (`---` YAML or `+++` TOML, as Jekyll, Hugo
//! and most static-site archives write: `title:`, `date:`, `published:`, `pubDate:`).

use chrono::NaiveDate;

pub use super::Page;

/// Reads a Markdown file.
///
/// # Example
///
/// ```
/// let md = "---\ntitle: \"Chips Act: Year One\"\ndate: 2024-07-09T10:00:00Z\n---\n\
///           # Chips Act: Year One\n\n**Intel** will invest [$20 billion](https://x.test) in *Ohio*.\n";
/// let page = figures::source::markdown::read(md);
/// assert_eq!(page.title.as_deref(), Some("Chips Act: Year One"));
/// assert_eq!(page.published.unwrap().to_string(), "2024-07-09");
/// assert_eq!(page.text, "Chips Act: Year One\n\nIntel will invest $20 billion in Ohio.\n");
/// ```
pub fn read(md: &str) -> Page {
    let mut page = Page::default();
    let body = front_matter(md, &mut page);
    let mut text = String::with_capacity(body.len());
    let mut fence: Option<&str> = None;
    for line in body.lines() {
        let t = line.trim_start();
        if let Some(f) = fence {
            if t.starts_with(f) {
                fence = None;
            }
            continue;
        }
        if t.starts_with("```") || t.starts_with("~~~") {
            fence = Some(&t[..3]);
            continue;
        }
        // a setext underline or a thematic break
        if !t.is_empty()
            && t.chars().all(|c| matches!(c, '=' | '-' | '*' | '_' | ' '))
            && t.len() >= 3
        {
            continue;
        }
        let t = t.trim_start_matches('#').trim_start();
        let t = t.strip_prefix("> ").unwrap_or(t);
        let (bullet, t) = match t
            .strip_prefix("* ")
            .or_else(|| t.strip_prefix("- "))
            .or_else(|| t.strip_prefix("+ "))
        {
            Some(rest) => ("• ", rest),
            None => ("", t),
        };
        text.push_str(bullet);
        inline(t, &mut text);
        text.push('\n');
    }
    page.text = text;
    page
}

/// Strips inline markup: images, link targets, emphasis markers, code ticks.
fn inline(s: &str, out: &mut String) {
    let mut rest = s;
    while let Some(p) = rest.find(['!', '[', '*', '_', '`', '<']) {
        let (before, at) = rest.split_at(p);
        out.push_str(before);
        let c = at.as_bytes()[0];
        match c {
            b'!' if at.starts_with("![") => {
                if let Some((_, after)) = link(&at[1..]) {
                    rest = after;
                    continue;
                }
                out.push('!');
                rest = &at[1..];
            }
            b'[' => match link(at) {
                Some((label, after)) => {
                    inline(label, out);
                    rest = after;
                }
                None => {
                    out.push('[');
                    rest = &at[1..];
                }
            },
            b'*' | b'_' | b'`' => {
                // emphasis and code markers: dropped when they touch a word, kept
                // when they stand alone ("5 * 3", "snake_case" keeps its underscore)
                let run = at.bytes().take_while(|&b| b == c).count();
                let prev = out.chars().next_back();
                let next = at[run..].chars().next();
                let inside_word = c == b'_'
                    && prev.is_some_and(char::is_alphanumeric)
                    && next.is_some_and(char::is_alphanumeric);
                let alone =
                    prev.is_none_or(char::is_whitespace) && next.is_none_or(char::is_whitespace);
                if inside_word || alone {
                    out.push_str(&at[..run]);
                }
                rest = &at[run..];
            }
            _ => {
                // an HTML comment or an autolink
                if let Some(end) = at.strip_prefix("<!--").and_then(|r| r.find("-->")) {
                    rest = &at[4 + end + 3..];
                } else if let Some(end) = at.find('>').filter(|&e| at[1..e].starts_with("http")) {
                    out.push_str(&at[1..end]);
                    rest = &at[end + 1..];
                } else {
                    out.push('<');
                    rest = &at[1..];
                }
            }
        }
    }
    out.push_str(rest);
}

/// A `[label](target)` or `[label][ref]` at the start of `s`: the label and what
/// follows the link.
fn link(s: &str) -> Option<(&str, &str)> {
    let close = s.find(']')?;
    let label = &s[1..close];
    let after = &s[close + 1..];
    let (open, shut) = match after.chars().next()? {
        '(' => ('(', ')'),
        '[' => ('[', ']'),
        _ => return None,
    };
    let _ = open;
    let end = after.find(shut)?;
    Some((label, &after[end + 1..]))
}

/// Reads a front matter block into `page`; returns the body after it.
fn front_matter<'a>(md: &'a str, page: &mut Page) -> &'a str {
    let md = md.strip_prefix('\u{feff}').unwrap_or(md);
    let fence = if md.starts_with("---\n") || md.starts_with("---\r\n") {
        "---"
    } else if md.starts_with("+++\n") || md.starts_with("+++\r\n") {
        "+++"
    } else {
        return md;
    };
    let head_start = md.find('\n').map_or(md.len(), |e| e + 1);
    let mut pos = head_start;
    for line in md[head_start..].split_inclusive('\n') {
        if line.trim_end() == fence {
            let head = &md[head_start..pos];
            for l in head.lines() {
                let Some((key, value)) = l.split_once([':', '=']) else {
                    continue;
                };
                let value = value.trim().trim_matches(|c| c == '"' || c == '\'').trim();
                match key.trim().to_ascii_lowercase().as_str() {
                    "title" if !value.is_empty() => page.title = Some(value.to_string()),
                    "date" | "published" | "pubdate" | "date_published" | "publishdate" => {
                        page.published = page.published.or_else(|| date_prefix(value));
                    }
                    "url" | "canonical_url" | "canonicalurl" | "link" if value.contains("://") => {
                        page.url = Some(value.to_string());
                    }
                    _ => {}
                }
            }
            return &md[pos + line.len()..];
        }
        pos += line.len();
    }
    // no closing fence: not front matter
    md
}

fn date_prefix(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_is_dropped_and_numbers_kept() {
        let page = read(
            "Title\n=====\n\n![chart](c.png) Revenue rose to __$5 billion__, or 5 * 3 \
             [see][1].\n\n```\nlet x = \"$9 billion\";\n```\n- one\n* two\n> quoted\n\
             snake_case <!-- $7 billion --> <https://x.test>\n",
        );
        assert_eq!(
            page.text,
            "Title\n\n Revenue rose to $5 billion, or 5 * 3 see.\n\n• one\n• two\nquoted\n\
             snake_case  https://x.test\n"
        );
    }

    #[test]
    fn no_cut_of_a_file_makes_the_reader_panic() {
        let md = "---\ntitle: Ünï\ndate: 2024-0\n---\n# H ![a](b) [c][d] **e** _f_ `g` \
                  <!-- h --> <http://i> ```\nj\n```\n- k\n> l € ½\n";
        for (i, _) in md.char_indices() {
            let _ = read(&md[..i]);
            let _ = read(&md[i..]);
        }
    }

    #[test]
    fn toml_front_matter_and_none() {
        let page = read("+++\ntitle = \"Hugo Post\"\npublishDate = \"2023-01-02\"\n+++\nBody\n");
        assert_eq!(page.title.as_deref(), Some("Hugo Post"));
        assert_eq!(page.published.unwrap().to_string(), "2023-01-02");
        assert_eq!(page.text, "Body\n");
        let page = read("---\nnot front matter\n");
        assert_eq!(page.title, None);
        assert!(page.text.contains("not front matter"));
    }
}
