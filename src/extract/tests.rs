//! Properties that hold for any text: extraction never panics, and every span slices
//! back to the text it names.

use crate::document::{Document, Given};
use crate::Pipeline;

/// Words with letters outside ASCII, next to which every rule has to cut by
/// characters, not bytes.
const ODD: &[&str] = &[
    "café",
    "naïve",
    "€",
    "£5",
    "¥",
    "日本",
    "—",
    "–",
    "’",
    "🙂",
    "ß",
    "İ",
    "\u{a0}",
    "\u{200b}",
    "fünf",
    "forty-é",
    "1,5 Mrd. €",
    "٣",
    "²",
    "½",
];

#[test]
fn no_text_makes_extraction_panic_and_spans_slice_back() {
    let pipeline = Pipeline::new("USD").unwrap();
    let base = "Published 3 March 2025\n\nToyota will invest $1.5 billion (about ¥230 billion) \
                in Indiana by 2027, adding forty-five jobs, 30% more than the 32nd plant.\n";
    let chars: Vec<(usize, char)> = base.char_indices().collect();
    let mut texts = Vec::new();
    for (k, odd) in ODD.iter().enumerate() {
        // insert the odd word at many places, glued to words and numbers
        for step in [1usize, 3, 7] {
            let mut t = String::new();
            for (i, (_, c)) in chars.iter().enumerate() {
                t.push(*c);
                if (i + k) % (step * 5) == 0 {
                    t.push_str(odd);
                }
            }
            texts.push(t);
        }
    }
    for text in &texts {
        let doc = Document::new("x", text, &Given::default());
        for row in pipeline.figures(&doc) {
            let slice: String = text
                .chars()
                .skip(row.start as usize)
                .take((row.end - row.start) as usize)
                .collect();
            assert_eq!(slice, row.text, "in {text:?}");
        }
    }
}

#[test]
fn a_document_gives_the_same_figures_whatever_the_thread_read_before() {
    // the thread's buffers are reused from one document to the next: the documents'
    // figures, read in one order and then in the other, are the same
    use crate::extract::Extractor;
    let docs: Vec<Document> = crate::gen::Corpus::new(3)
        .articles(60_000, 5000)
        .iter()
        .map(|a| Document::new(&a.id, &a.text, &Given::default()))
        .collect();
    let ex = Extractor::new();
    let read = |order: &mut dyn Iterator<Item = &Document>| {
        let mut all: Vec<(String, Vec<crate::extract::Figure>)> = order
            .map(|d| {
                let mut out = Vec::new();
                ex.extract(d, &mut out);
                (d.id.clone(), out)
            })
            .collect();
        all.sort_by(|a, b| a.0.cmp(&b.0));
        all
    };
    let forward = read(&mut docs.iter());
    let backward = read(&mut docs.iter().rev());
    assert!(forward.iter().map(|(_, f)| f.len()).sum::<usize>() > 50);
    assert_eq!(forward, backward);
}

#[test]
fn a_figure_takes_the_place_of_its_paragraph_then_of_its_heading() {
    use crate::extract::Extractor;
    let text = "Investments In Brazil\n\n\
                Sony is expanding in Chile. Sony will invest $5 billion.\n\n\
                Toyota will invest $2 billion.\n\n\
                Plans In Kenya\n\n\
                Honda will invest $1 billion.\n";
    let doc = Document::new("a.txt", text, &Given::default());
    let mut out = Vec::new();
    Extractor::new().extract(&doc, &mut out);
    let places: Vec<(&str, Option<&str>)> = out
        .iter()
        .map(|f| (&text[f.span.clone()], f.place.as_ref().map(|p| p.code)))
        .collect();
    assert_eq!(
        places,
        [
            // an earlier sentence of the paragraph
            ("$5 billion", Some("CL")),
            // a new paragraph: the section heading
            ("$2 billion", Some("BR")),
            // the next heading governs the sentences after it
            ("$1 billion", Some("KE")),
        ]
    );
}

#[test]
fn a_thread_lets_go_of_buffers_a_very_large_document_grew() {
    use crate::extract::{Extractor, SCRATCH, SCRATCH_KEPT};
    let room = || {
        SCRATCH.with_borrow(|s| {
            (
                s.toks.capacity(),
                s.claimed.capacity(),
                s.layout.sentences.capacity(),
            )
        })
    };
    let ex = Extractor::new();
    let mut out = Vec::new();
    // one sentence of 100,000 words, then 100,000 short sentences
    let long = "word ".repeat(100_000);
    let many = "Sony said so. ".repeat(100_000);
    for text in [long, many] {
        ex.extract(&Document::new("a.txt", &text, &Given::default()), &mut out);
        let (toks, claimed, sentences) = room();
        assert!(
            toks <= SCRATCH_KEPT && claimed <= SCRATCH_KEPT,
            "{toks} {claimed}"
        );
        assert!(sentences <= SCRATCH_KEPT, "{sentences}");
    }
    // an ordinary document keeps its room for the next
    let doc = Document::new(
        "b.txt",
        "Sony will invest $1 billion. It said so.",
        &Given::default(),
    );
    ex.extract(&doc, &mut out);
    assert!(room().0 > 0);
}

#[test]
fn the_future_words_are_words_of_the_vocabulary() {
    use super::*;
    use crate::extract::text::Tokens;
    // speaks_of_future passes over tokens that are no word or have no id
    for set in [&FUTURE_MODALS, &FUTURE_INTENT, &FUTURE_BE] {
        for w in set.words() {
            assert!(w.bytes().all(|b| b.is_ascii_lowercase()), "{w}");
            assert_ne!(
                crate::lexicon::vocab().id(w),
                crate::lexicon::UNKNOWN,
                "{w}"
            );
        }
    }
    for (text, future) in [
        ("Sony will invest $1 billion", true),
        ("Sony'll invest $1 billion", true),
        ("Sony plans to invest $1 billion", true),
        ("its plan to invest $1 billion", false),
        ("Sony is set to invest $1 billion", true),
        ("Sony invested $1 billion", false),
        ("Zorblax Wills to invest $1 billion", false),
    ] {
        let toks = Tokens::new(text);
        let t = toks.as_slice();
        assert_eq!(speaks_of_future(text, t, &(0..t.len())), future, "{text}");
        // not looked up (Tokens::new looks its tokens up): the sets' union, which turns
        // tokens away by id, lets these through to be compared by their text
        let mut plain = Tokens::default();
        plain.push_range(text, 0..text.len());
        let t = plain.as_slice();
        assert_eq!(speaks_of_future(text, t, &(0..t.len())), future, "{text}");
    }
}
