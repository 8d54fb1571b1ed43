//! HTML articles: the visible text, laid out as the text reader expects (headings and
//! paragraphs as blocks between blank lines, list items as bullets), with scripts,
//! styles and other invisible elements dropped; the title (`og:title`, else
//! `<title>`, else the first `<h1>`); the publication date (`article:published_time`, else a `<time
//! datetime>`, else JSON-LD `datePublished`); the canonical URL (`og:url` or
//! `<link rel="canonical">`).
//!
//! A small hand-written reader: tags, attributes, comments and character references,
//! forgiving of the malformed markup real pages hold. It builds no tree.

use chrono::NaiveDate;

pub use super::Page;

/// Elements whose content is never shown.
const INVISIBLE: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "iframe", "object", "canvas", "nav",
    "footer", "form", "button", "select",
];

/// Elements that end a block of text.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "aside",
    "blockquote",
    "pre",
    "table",
    "tr",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "figure",
    "figcaption",
    "address",
    "hr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "td",
    "th",
    "br",
];

/// Reads an HTML page.
///
/// # Example
///
/// ```
/// let html = r#"<html><head><title>Chips | News</title>
///   <meta property="article:published_time" content="2024-07-09T13:34:00Z">
///   <script>var x = "$5 billion";</script></head>
///   <body><h1>Chipmakers Expand</h1><p>Intel will invest &dollar;20 billion.</p></body></html>"#;
/// let page = figures::source::html::read(html);
/// assert_eq!(page.title.as_deref(), Some("Chips | News"));
/// assert_eq!(page.published.unwrap().to_string(), "2024-07-09");
/// assert_eq!(page.text, "Chipmakers Expand\n\nIntel will invest $20 billion.\n");
/// ```
pub fn read(html: &str) -> Page {
    let mut page = Page::default();
    let mut text = String::new();
    let mut line = String::new();
    let mut skip: Option<String> = None;
    let mut title_buf: Option<String> = None;
    let mut og_title = None;
    let mut time_datetime = None;
    let mut h1: Option<String> = None;
    let bytes = html.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'<' {
            // comments and declarations
            if html[i..].starts_with("<!--") {
                i = html[i..].find("-->").map_or(bytes.len(), |e| i + e + 3);
                continue;
            }
            if html[i..].starts_with("<!") || html[i..].starts_with("<?") {
                i = html[i..].find('>').map_or(bytes.len(), |e| i + e + 1);
                continue;
            }
            let Some(end) = tag_end(html, i) else {
                // a lone "<" in text
                push_text(&mut line, "<", skip.is_some());
                i += 1;
                continue;
            };
            let tag = &html[i + 1..end];
            i = end + 1;
            let closing = tag.starts_with('/');
            let name = tag
                .trim_start_matches('/')
                .split(|c: char| c.is_whitespace() || c == '/' || c == '>')
                .next()
                .unwrap_or("")
                .to_ascii_lowercase();
            // inside an invisible element, wait for its end
            if let Some(s) = &skip {
                if closing && name == *s {
                    skip = None;
                }
                continue;
            }
            match name.as_str() {
                "title" if !closing => title_buf = Some(String::new()),
                "title" => {
                    if let Some(t) = title_buf.take() {
                        page.title = page.title.or(Some(decode(t.trim())));
                    }
                }
                "meta" => meta(tag, &mut page, &mut og_title),
                "link" => link(tag, &mut page),
                "time" if !closing && time_datetime.is_none() => {
                    time_datetime = attr(tag, "datetime").and_then(|d| date_prefix(&d));
                }
                "script"
                    if !closing && attr(tag, "type").is_some_and(|t| t.contains("ld+json")) =>
                {
                    let close = html[i..].find("</script").map_or(bytes.len(), |e| i + e);
                    if page.published.is_none() {
                        page.published = json_ld_date(&html[i..close]);
                    }
                    i = close;
                }
                n if !closing && INVISIBLE.contains(&n) && !tag.ends_with('/') => {
                    skip = Some(n.to_string());
                }
                n if BLOCKS.contains(&n) => {
                    if n == "h1" && closing && h1.is_none() && !line.trim().is_empty() {
                        h1 = Some(line.trim().to_string());
                    }
                    end_line(&mut text, &mut line);
                    if !closing && n == "li" {
                        line.push_str("• ");
                    }
                }
                _ => {}
            }
            continue;
        }
        // text
        let next = html[i..].find('<').map_or(bytes.len(), |e| i + e);
        let chunk = &html[i..next];
        if let Some(t) = title_buf.as_mut() {
            t.push_str(chunk);
        } else {
            push_text(&mut line, &decode(chunk), skip.is_some());
        }
        i = next;
    }
    end_line(&mut text, &mut line);
    page.text = text;
    if let Some(t) = og_title {
        page.title = Some(t);
    }
    page.title = page.title.or(h1);
    page.published = page.published.or(time_datetime);
    page
}

/// The index of the `>` that ends the tag opening at `start`, quotes respected.
fn tag_end(html: &str, start: usize) -> Option<usize> {
    let bytes = html.as_bytes();
    let next = *bytes.get(start + 1)?;
    if !(next.is_ascii_alphabetic() || next == b'/') {
        return None;
    }
    let mut quote = None;
    for (k, &b) in bytes.iter().enumerate().skip(start + 1) {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), _) if b == q => quote = None,
            (None, b'>') => return Some(k),
            _ => {}
        }
    }
    None
}

/// Appends visible text, folding white space: a space goes where the source had
/// white space, and nowhere else (`<b>$1 billion</b>.` stays "$1 billion.").
fn push_text(line: &mut String, s: &str, hidden: bool) {
    if hidden || s.is_empty() {
        return;
    }
    let space = |line: &mut String| {
        if !line.is_empty() && !line.ends_with(' ') {
            line.push(' ');
        }
    };
    if s.starts_with(char::is_whitespace) {
        space(line);
    }
    for (k, word) in s.split_whitespace().enumerate() {
        if k > 0 {
            space(line);
        }
        line.push_str(word);
    }
    if s.ends_with(char::is_whitespace) {
        space(line);
    }
}

/// Ends a block: the line becomes a paragraph of its own.
fn end_line(text: &mut String, line: &mut String) {
    let l = line.trim();
    if !l.is_empty() && l != "•" {
        if !text.is_empty() {
            text.push('\n');
        }
        text.push_str(l);
        text.push('\n');
    }
    line.clear();
}

/// The value of an attribute of a tag.
fn attr(tag: &str, name: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let mut from = 0;
    while let Some(p) = lower[from..].find(name) {
        let at = from + p;
        let before_ok = at > 0 && lower.as_bytes()[at - 1].is_ascii_whitespace();
        let rest = lower[at + name.len()..].trim_start();
        if before_ok && rest.starts_with('=') {
            let vstart = tag.len() - rest.len() + 1;
            let v = tag[vstart..].trim_start();
            let value = match v.chars().next()? {
                q @ ('"' | '\'') => v[1..].split(q).next()?,
                _ => v.split(|c: char| c.is_whitespace() || c == '>').next()?,
            };
            return Some(decode(value));
        }
        from = at + name.len();
    }
    None
}

fn meta(tag: &str, page: &mut Page, og_title: &mut Option<String>) {
    let key = attr(tag, "property")
        .or_else(|| attr(tag, "name"))
        .unwrap_or_default();
    let Some(content) = attr(tag, "content") else {
        return;
    };
    match key.to_ascii_lowercase().as_str() {
        "og:title" => *og_title = Some(content.trim().to_string()),
        "article:published_time" | "og:published_time" | "datepublished" | "pubdate" | "date"
            if page.published.is_none() =>
        {
            page.published = date_prefix(&content);
        }
        "og:url" => page.url = Some(content),
        _ => {}
    }
}

fn link(tag: &str, page: &mut Page) {
    if attr(tag, "rel").is_some_and(|r| r.eq_ignore_ascii_case("canonical")) && page.url.is_none() {
        page.url = attr(tag, "href");
    }
}

/// The date at the start of an ISO 8601 timestamp.
fn date_prefix(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim().get(..10)?, "%Y-%m-%d").ok()
}

/// `datePublished` in a JSON-LD block.
fn json_ld_date(json: &str) -> Option<NaiveDate> {
    let at = json.find("\"datePublished\"")?;
    let rest = &json[at + "\"datePublished\"".len()..];
    let rest = rest
        .trim_start()
        .strip_prefix(':')?
        .trim_start()
        .strip_prefix('"')?;
    date_prefix(rest)
}

/// Decodes character references: named ones news pages use, and numeric ones.
pub fn decode(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(p) = rest.find('&') {
        out.push_str(&rest[..p]);
        rest = &rest[p..];
        let end = rest[1..].find(';').map(|e| e + 1).filter(|&e| e <= 12);
        let decoded = end.and_then(|e| {
            let name = &rest[1..e];
            let c = if let Some(num) = name.strip_prefix('#') {
                let code = match num.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                    None => num.parse().ok()?,
                };
                char::from_u32(code)?
            } else {
                match name {
                    "amp" => '&',
                    "lt" => '<',
                    "gt" => '>',
                    "quot" => '"',
                    "apos" => '\'',
                    "nbsp" => ' ',
                    "dollar" => '$',
                    "euro" => '€',
                    "pound" => '£',
                    "yen" => '¥',
                    "cent" => '¢',
                    "mdash" => '—',
                    "ndash" => '–',
                    "rsquo" => '’',
                    "lsquo" => '‘',
                    "rdquo" => '”',
                    "ldquo" => '“',
                    "hellip" => '…',
                    "percnt" => '%',
                    _ => return None,
                }
            };
            Some((c, e + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invisible_text_is_dropped_and_blocks_kept() {
        let page = read(
            "<body><nav>Home / News</nav><h2>Deals</h2><p>Sony &amp; Honda will spend\n\
             <b>$1 billion</b>.</p><style>.x{}</style><ul><li>One</li><li>Two</li></ul>\
             <!-- $9 billion --><footer>© 2024</footer></body>",
        );
        assert_eq!(
            page.text,
            "Deals\n\nSony & Honda will spend $1 billion.\n\n• One\n\n• Two\n"
        );
    }

    #[test]
    fn title_date_and_url_from_the_head() {
        let page = read(
            r#"<head><title>Plain</title><meta property="og:title" content="Rich Title">
            <link rel="canonical" href="https://example.com/a"></head>
            <body><time datetime="2024-05-01T09:00">May 1</time><p>x</p></body>"#,
        );
        assert_eq!(page.title.as_deref(), Some("Rich Title"));
        assert_eq!(page.url.as_deref(), Some("https://example.com/a"));
        assert_eq!(page.published.unwrap().to_string(), "2024-05-01");
        let page = read(
            r#"<script type="application/ld+json">{"@type":"NewsArticle","datePublished": "2023-12-24T10:00:00+09:00"}</script><p>x</p>"#,
        );
        assert_eq!(page.published.unwrap().to_string(), "2023-12-24");
    }

    #[test]
    fn no_cut_of_a_page_makes_the_reader_panic() {
        let page = "<html><head><title>T&eacute;st &amp; €</title><meta property=\"og:title\" \
                    content='Q&A'><script type=\"application/ld+json\">{\"datePublished\": \
                    \"2024-05-0\"}</script></head><body><!-- c --><p>Ünïcödé <b>$5 bn</b>\
                    &#x1F600;&#999999999;<li>x</li><time datetime=\"2024\">y</time></p>";
        for (i, _) in page.char_indices() {
            let _ = read(&page[..i]);
            let _ = read(&page[i..]);
        }
    }

    #[test]
    fn malformed_markup_is_forgiven() {
        let page = read("<p>1 < 2 and <unclosed <p>3 > 2</p>");
        assert!(page.text.contains("1 < 2"), "{}", page.text);
        assert_eq!(decode("&#x24;5 &#36;6 &bogus; &"), "$5 $6 &bogus; &");
    }
}
