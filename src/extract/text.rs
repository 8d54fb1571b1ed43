//! Text as the rules see it: tokens with byte spans, and the layout of a document into
//! blocks (headings, paragraphs, list items, page furniture) and sentences.
//!
//! Tokens are cut by character class in one pass; nothing here allocates per token
//! beyond the token vector itself. Sentence splitting is a small rule set (terminal
//! punctuation followed by a capital, known abbreviations kept), not Unicode UAX #29,
//! which is an order of magnitude slower and no better on news prose.

use std::ops::Range;

/// A token: a run of letters, a number, or one other character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset just past the last byte.
    pub end: usize,
    /// What the token is.
    pub kind: TokKind,
    /// Whether white space separates it from the token before.
    pub space_before: bool,
    /// Whether a line break separates it from the token before.
    pub newline_before: bool,
    /// The id of its word in the lexicons' vocabulary ([`crate::lexicon::Vocab`]):
    /// [`crate::lexicon::UNKNOWN`] for a word no lexicon holds, or
    /// [`crate::lexicon::NOT_LOOKED_UP`].
    pub lex: u32,
    /// What it is or may start ([`crate::lexicon::feat`]), with whether its text is
    /// lower case already: set with `lex`.
    pub feats: u8,
}

/// The kind of a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokKind {
    /// Letters ("Japan", "bn").
    Word,
    /// Digits, with the separators inside them ("1,000.5").
    Num,
    /// A currency sign or `%`.
    Sym,
    /// Any other character.
    Punct,
}

impl Token {
    /// Whether its text is lower case already.
    #[inline]
    pub fn is_lower(&self) -> bool {
        self.feats & crate::lexicon::feat::LOWER != 0
    }

    /// Whether it has all of the [`crate::lexicon::feat`] bits `bits`.
    #[inline]
    pub fn has(&self, bits: u8) -> bool {
        self.feats & bits == bits
    }

    /// The token's text.
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        &text[self.start..self.end]
    }

    /// The token's bytes: its text without the two tests that its ends are character
    /// boundaries (a token's are), for comparisons with ASCII words.
    fn bytes<'a>(&self, text: &'a str) -> &'a [u8] {
        &text.as_bytes()[self.start..self.end]
    }

    /// Whether it is glued to the token before (no white space between).
    pub fn glued(&self) -> bool {
        !self.space_before
    }

    /// Whether it is a word.
    pub fn is_word(&self) -> bool {
        self.kind == TokKind::Word
    }

    /// A token cut at `range`, with the white space before it (any, a line break) and its
    /// vocabulary id and bits.
    #[inline(always)]
    fn cut(
        range: Range<usize>,
        kind: TokKind,
        (space_before, newline_before): (bool, bool),
        (lex, feats): (u32, u8),
    ) -> Token {
        Token {
            start: range.start,
            end: range.end,
            kind,
            space_before,
            newline_before,
            lex,
            feats,
        }
    }

    /// Whether it is the punctuation or symbol `c`.
    #[inline]
    pub fn is_char(&self, text: &str, c: char) -> bool {
        // an ASCII mark (most asked) is its one byte: compared without slicing the text
        matches!(self.kind, TokKind::Punct | TokKind::Sym)
            && if c.is_ascii() {
                text.as_bytes()[self.start] == c as u8
            } else {
                text[self.start..].starts_with(c)
            }
    }

    /// The token's text in lower case: the vocabulary's copy when it has one, so no
    /// rule lower-cases a known word again.
    #[inline]
    pub fn lower<'a>(&self, text: &'a str) -> crate::lexicon::Lower<'a> {
        // most calls are for words of the vocabulary: that path is inlined
        match self.lex {
            crate::lexicon::UNKNOWN | crate::lexicon::NOT_LOOKED_UP => self.lower_text(text),
            id => crate::lexicon::Lower::from_vocab(id),
        }
    }

    /// Whether the token's lower-case form is `w` (a lower-case word), without
    /// lower-casing a word that has no id.
    #[inline]
    pub fn lower_is(&self, text: &str, w: &str) -> bool {
        match self.lex {
            crate::lexicon::UNKNOWN | crate::lexicon::NOT_LOOKED_UP => {
                let t = self.bytes(text);
                if t.is_ascii() {
                    t.eq_ignore_ascii_case(w.as_bytes())
                } else {
                    crate::lexicon::lower(self.text(text)) == w
                }
            }
            id => crate::lexicon::vocab().word(id) == w,
        }
    }

    /// Whether the token's lower-case form ends with `suffix` (lower-case ASCII).
    #[inline]
    pub fn lower_ends_with(&self, text: &str, suffix: &str) -> bool {
        let t = self.bytes(text);
        t.len() >= suffix.len()
            && t[t.len() - suffix.len()..].eq_ignore_ascii_case(suffix.as_bytes())
    }

    #[inline(never)]
    fn lower_text<'a>(&self, text: &'a str) -> crate::lexicon::Lower<'a> {
        match self.lex {
            crate::lexicon::UNKNOWN if self.is_lower() => {
                crate::lexicon::Lower::from_lower(self.text(text), crate::lexicon::UNKNOWN)
            }
            crate::lexicon::UNKNOWN => {
                crate::lexicon::lower(self.text(text)).with_id(crate::lexicon::UNKNOWN)
            }
            crate::lexicon::NOT_LOOKED_UP => crate::lexicon::lower(self.text(text)),
            id => crate::lexicon::Lower::from_vocab(id),
        }
    }

    /// Whether it is a word starting with a capital letter.
    #[inline]
    pub fn is_capitalized(&self, text: &str) -> bool {
        self.kind == TokKind::Word
            && match text.as_bytes()[self.start] {
                b if b.is_ascii() => b.is_ascii_uppercase(),
                _ => text[self.start..].starts_with(|c: char| c.is_uppercase()),
            }
    }
}

/// Whether `c` is a dash of any kind used between words or numbers.
pub fn is_dash(c: char) -> bool {
    matches!(c, '-' | '‐' | '‑' | '–' | '—' | '−')
}

/// The tokens of a text.
#[derive(Debug, Default, Clone)]
pub struct Tokens(Vec<Token>, String);

impl Tokens {
    /// Tokenizes `text`, its words looked up in the vocabulary (see [`Tokens::intern`]).
    ///
    /// # Example
    ///
    /// ```
    /// use figures::extract::text::{Tokens, TokKind};
    /// let text = "US$1,000.5 bn";
    /// let toks = Tokens::new(text);
    /// let kinds: Vec<_> = toks.iter().map(|t| (t.text(text), t.kind)).collect();
    /// assert_eq!(kinds, [
    ///     ("US", TokKind::Word), ("$", TokKind::Sym),
    ///     ("1,000.5", TokKind::Num), ("bn", TokKind::Word),
    /// ]);
    /// ```
    pub fn new(text: &str) -> Tokens {
        let mut toks = Tokens::default();
        toks.push_interned(text, 0..text.len());
        toks
    }

    /// Appends the tokens of `text[range]`, not looked up (see [`Tokens::intern`]).
    pub fn push_range(&mut self, text: &str, range: Range<usize>) {
        self.push(text, range, None);
    }

    /// Appends the tokens of `text[range]`, looked up in the vocabulary as they are cut:
    /// [`Tokens::push_range`] and [`Tokens::intern`] in one pass, an ASCII word's key
    /// packed while its letters are read.
    pub fn push_interned(&mut self, text: &str, range: Range<usize>) {
        self.push(text, range, Some(crate::lexicon::vocab()));
    }

    #[inline(always)]
    fn push(&mut self, text: &str, range: Range<usize>, vocab: Option<&crate::lexicon::Vocab>) {
        let bytes = text.as_bytes();
        // a word lower-cased to be looked up (one with a capital and more than sixteen
        // letters, or not ASCII): the buffer is kept from one sentence to the next
        let mut buf = std::mem::take(&mut self.1);
        let mut i = range.start;
        let end = range.end;
        let mut space = true;
        let mut newline = true;
        while i < end {
            // most tokens are short words, each followed by one space: a run of them is
            // cut by `short_words`; the first token it cannot take goes to the general
            // path below
            if let (Some(v), true) = (vocab, bytes[i].is_ascii_alphabetic()) {
                let run_start = i;
                i = short_words(&mut self.0, v, bytes, i, end, (space, newline));
                if i != run_start {
                    (space, newline) = (bytes[i - 1] == b' ', false);
                    if i >= end {
                        break;
                    }
                }
            }
            let b = bytes[i];
            if b.is_ascii_whitespace() {
                space = true;
                newline |= b == b'\n';
                i += 1;
                continue;
            }
            let start = i;
            // the id of a token already looked up as it was cut
            let mut looked = None;
            let kind;
            if b.is_ascii_digit() {
                kind = TokKind::Num;
                i += 1;
                while i < end {
                    let c = bytes[i];
                    if c.is_ascii_digit() {
                        i += 1;
                    } else if (c == b',' || c == b'.')
                        && i + 1 < end
                        && bytes[i + 1].is_ascii_digit()
                    {
                        i += 2;
                    } else {
                        break;
                    }
                }
                looked = vocab.and_then(|v| {
                    let (id, lower) = v.id_of_digits(&bytes[start..i])?;
                    Some((id, v.number_feats(id, lower)))
                });
            } else if b.is_ascii_alphabetic() {
                kind = TokKind::Word;
                // (`short_words` above cut the words of up to fifteen letters followed by
                // an ASCII byte in the range; what comes here ends the range, goes on
                // beyond ASCII, is longer, or is too near the text's end to read whole)
                i = ascii_letters_end(bytes, i + 1, end);
                let ascii_end = i == end || bytes[i] < 0x80;
                if let Some(v) = vocab.filter(|_| i - start <= 8 && ascii_end) {
                    // the whole word is ASCII letters: its key is its bytes, lower-cased
                    // (a letter's 0x20 bit set), read at once where eight bytes remain
                    let n = i - start;
                    let (key, upper) = match bytes.get(start..start + 8) {
                        Some(eight) => {
                            word_key(u64::from_le_bytes(eight.try_into().expect("8 bytes")), n)
                        }
                        None => {
                            let (mut key, mut upper) = (0u64, false);
                            for (k, &c) in bytes[start..i].iter().enumerate() {
                                upper |= c.is_ascii_uppercase();
                                key |= u64::from(c | 0x20) << (8 * k);
                            }
                            (key, upper)
                        }
                    };
                    let id = v.id_of_packed(key);
                    looked = Some((id, v.word_feats(id, &bytes[start..i], !upper)));
                } else if let Some(v) = vocab.filter(|_| i - start <= 16 && ascii_end) {
                    // nine to sixteen letters ("investment", "semiconductor"): two keys of
                    // eight bytes, the second masked, read at once where sixteen remain
                    if let Some(sixteen) = bytes.get(start..start + 16) {
                        let lo = u64::from_le_bytes(sixteen[..8].try_into().expect("8 bytes"));
                        let hi = u64::from_le_bytes(sixteen[8..].try_into().expect("8 bytes"));
                        let (key, upper) = long_word_key(lo, hi, i - start - 8);
                        let id = v.id_of_packed_long(key);
                        looked = Some((id, v.word_feats(id, &bytes[start..i], !upper)));
                    }
                }
                // ASCII letters that end at an ASCII byte end the word; a non-ASCII
                // byte may go on with it ("Zürich")
                while i < end && !ascii_end {
                    let c = bytes[i];
                    if c.is_ascii_alphabetic() {
                        i += 1;
                    } else if c >= 0x80 {
                        let ch = text[i..].chars().next().unwrap_or(' ');
                        if is_letter(ch) {
                            i += ch.len_utf8();
                        } else {
                            break;
                        }
                    } else {
                        break;
                    }
                }
            } else if b < 0x80 {
                kind = if b == b'$' || b == b'%' {
                    TokKind::Sym
                } else {
                    TokKind::Punct
                };
                i += 1;
                looked = vocab.map(|v| v.ascii_mark(b));
            } else {
                let ch = text[i..].chars().next().unwrap_or(' ');
                if ch.is_whitespace() {
                    space = true;
                    newline |= matches!(ch, '\u{2028}' | '\u{2029}' | '\u{85}');
                    i += ch.len_utf8();
                    continue;
                }
                if is_letter(ch) {
                    kind = TokKind::Word;
                    i += ch.len_utf8();
                    while i < end {
                        let c = text[i..].chars().next().unwrap_or(' ');
                        if is_letter(c) {
                            i += c.len_utf8();
                        } else {
                            break;
                        }
                    }
                } else {
                    kind = if is_currency_sign(ch) {
                        TokKind::Sym
                    } else {
                        TokKind::Punct
                    };
                    i += ch.len_utf8();
                }
            }
            let (lex, feats) = match (looked, vocab) {
                (Some(found), _) => found,
                (None, Some(v)) => {
                    let (id, lower) = v.id_of(&text[start..i], &mut buf);
                    (id, v.feats_of(kind, id, &bytes[start..i], lower))
                }
                (_, None) => (
                    crate::lexicon::NOT_LOOKED_UP,
                    crate::lexicon::feat::NOT_LOOKED_UP,
                ),
            };
            self.0
                .push(Token::cut(start..i, kind, (space, newline), (lex, feats)));
            (space, i) = space_after(bytes, i, end);
            newline = false;
        }
        self.1 = buf;
    }

    /// Looks every word up in the lexicons' vocabulary once, so the rules read its
    /// lower-case form and its entries by id.
    pub fn intern(&mut self, text: &str) {
        let vocab = crate::lexicon::vocab();
        let mut buf = String::new();
        for t in &mut self.0 {
            let (id, lower) = vocab.id_of(t.text(text), &mut buf);
            t.lex = id;
            t.feats = vocab.feats_of(t.kind, id, t.text(text).as_bytes(), lower);
        }
    }

    /// The tokens.
    pub fn as_slice(&self) -> &[Token] {
        &self.0
    }

    /// Iterates over the tokens.
    pub fn iter(&self) -> std::slice::Iter<'_, Token> {
        self.0.iter()
    }

    /// Removes every token, keeping the allocation.
    pub fn clear(&mut self) {
        self.0.clear();
    }

    /// How many tokens it holds room for.
    pub fn capacity(&self) -> usize {
        self.0.capacity()
    }

    /// How many tokens.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// The end of the run of ASCII letters at `i` (at most `end`): eight bytes a step,
/// tested together (SWAR), so a word costs no branch per letter.
#[inline]
fn ascii_letters_end(bytes: &[u8], mut i: usize, end: usize) -> usize {
    while i + 8 <= end {
        let w = u64::from_le_bytes(bytes[i..i + 8].try_into().expect("8 bytes"));
        let n = letters_in(w);
        if n < 8 {
            return i + n;
        }
        i += 8;
    }
    while i < end && bytes[i].is_ascii_alphabetic() {
        i += 1;
    }
    i
}

/// Cuts the run of words that starts at `i` (before `end`) into `out`, looked up in `v`,
/// and returns the index after it (`i` when the run is empty): ASCII words of up to
/// fifteen letters whose next byte is ASCII and within the range, each followed by one
/// space but the last, which may be followed by any byte ("the company said it would",
/// "said,"). Most tokens of news are such words; the run ends at the first other token,
/// which the tokenizer's general path cuts. `gap` is the white space before the first
/// word (any, a line break), as [`Token::space_before`] and [`Token::newline_before`]
/// take it. Not inlined: a function of its own keeps its few values in registers, where
/// inside the tokenizer's loop they were spilled to the stack and read back for every
/// word (bench/HISTORY.md, 2026-12-02: with the longer words, 3.8% of extraction's
/// instructions).
#[inline(never)]
fn short_words(
    out: &mut Vec<Token>,
    v: &crate::lexicon::Vocab,
    bytes: &[u8],
    mut i: usize,
    end: usize,
    gap: (bool, bool),
) -> usize {
    // the tokens are pushed into the vector taken by value, so that its length stays in
    // a register; each with a space before it, the first one's white space set after
    let mut toks = std::mem::take(out);
    let first = toks.len();
    // within the bytes (as it is), so that the reads below need no bounds checks
    let end = end.min(bytes.len());
    while let Some(eight) = bytes.get(i..i + 8) {
        let w = u64::from_le_bytes(eight.try_into().expect("8 bytes"));
        let n = letters_in(w);
        // a word of one to eight letters whose next byte is within the range, and ASCII
        // (its high bit clear) and no letter
        if n == 0 || i + n >= end {
            break;
        }
        let (n, id, upper) = if n < 8 || !bytes[i + 8].is_ascii_alphabetic() {
            // the byte after the word (within `w`, or the ninth) is ASCII
            let ascii_after = if n < 8 {
                (w >> (8 * n + 7)) & 1 == 0
            } else {
                bytes[i + 8] < 0x80
            };
            if !ascii_after {
                break;
            }
            let (key, upper) = word_key(w, n);
            (n, v.id_of_packed(key), upper)
        } else {
            // nine to fifteen letters ("investment"): two keys of eight bytes, the
            // second masked, as the general path packs them
            let Some(high) = bytes.get(i + 8..i + 16) else {
                break;
            };
            let hi = u64::from_le_bytes(high.try_into().expect("8 bytes"));
            let m = letters_in(hi);
            if m >= 8 || i + 8 + m >= end || (hi >> (8 * m + 7)) & 1 != 0 {
                break;
            }
            let (key, upper) = long_word_key(w, hi, m);
            (8 + m, v.id_of_packed_long(key), upper)
        };
        // the word's bytes are read for a word no lexicon holds only
        let word: &[u8] = if id == crate::lexicon::UNKNOWN {
            &bytes[i..i + n]
        } else {
            &[]
        };
        let found = (id, v.word_feats(id, word, !upper));
        toks.push(Token::cut(i..i + n, TokKind::Word, (true, false), found));
        i += n;
        if bytes[i] != b' ' {
            break;
        }
        i += 1;
    }
    if let Some(t) = toks.get_mut(first) {
        (t.space_before, t.newline_before) = gap;
    }
    *out = toks;
    i
}

/// `char::is_alphabetic`, with the marks news text is full of answered at once: the
/// General Punctuation block (curly quotes, dashes, the ellipsis: U+2000-U+206F) and the
/// currency signs (U+20A0-U+20CF) hold no letter, and the standard library's table
/// search for a character outside ASCII took about 340 instructions (a test compares
/// the two over every character).
#[inline(always)]
fn is_letter(c: char) -> bool {
    !matches!(c, '\u{2000}'..='\u{206F}' | '\u{20A0}'..='\u{20CF}') && c.is_alphabetic()
}

/// Whether one space follows a token ending at `i` (before `end`), and the index after
/// it: most tokens are followed by one, read here rather than by another turn of the
/// tokenizer's loop.
#[inline(always)]
fn space_after(bytes: &[u8], i: usize, end: usize) -> (bool, usize) {
    let space = i < end && bytes[i] == b' ';
    (space, i + usize::from(space))
}

/// The vocabulary key of a word of `n` ASCII letters (1 to 8) that starts the eight
/// bytes of `w` (little endian): its bytes lower-cased (a letter's 0x20 bit set), the
/// rest zero; and whether it had an upper-case letter.
#[inline(always)]
fn word_key(w: u64, n: usize) -> (u64, bool) {
    let mask = u64::MAX >> (64 - 8 * n);
    let case = 0x2020_2020_2020_2020 & mask;
    ((w & mask) | case, (w & case) != case)
}

/// The vocabulary key of a word of nine to sixteen ASCII letters: its first eight in `lo`,
/// the other `n` (1 to 8) starting `hi` (little endian), lower-cased, the rest of `hi`
/// zero; and whether it had an upper-case letter.
#[inline(always)]
fn long_word_key(lo: u64, hi: u64, n: usize) -> (u128, bool) {
    let mask = u64::MAX >> (64 - 8 * n);
    let case = 0x2020_2020_2020_2020u64;
    let hi_case = case & mask;
    let upper = (lo & case) != case || (hi & hi_case) != hi_case;
    let key = u128::from(lo | case) | (u128::from((hi & mask) | hi_case) << 64);
    (key, upper)
}

/// How many of the eight bytes of `w` (little endian) are ASCII letters before the
/// first that is none: tested together (SWAR).
#[inline(always)]
fn letters_in(w: u64) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // each byte lower-cased and without its high bit: 0x00..=0x7f
    let x = (w | (0x20 * ONES)) & !HIGH;
    // the high bit of each byte: x >= 'a', x <= 'z', and the byte was ASCII
    let at_least_a = x + (0x80 - u64::from(b'a')) * ONES;
    let at_most_z = (0x80 + u64::from(b'z')) * ONES - x;
    let letters = at_least_a & at_most_z & !w & HIGH;
    ((!letters & HIGH).trailing_zeros() / 8) as usize
}

/// Whether `c` is a currency sign (Unicode category Sc, plus the rupee sign).
pub fn is_currency_sign(c: char) -> bool {
    matches!(
        c,
        '$' | '¢'
            | '£'
            | '¤'
            | '¥'
            | '€'
            | '₹'
            | '₩'
            | '₽'
            | '₺'
            | '₪'
            | '₫'
            | '฿'
            | '₱'
            | '₦'
            | '₴'
            | '₨'
            | '₸'
            | '₡'
            | '₲'
            | '₵'
            | '₭'
            | '₮'
            | '₼'
            | '₾'
            | '%'
    )
}

/// What a block of a document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    /// A heading: the title or a section heading.
    Heading,
    /// A paragraph of prose.
    Paragraph,
    /// An item of a bulleted or numbered list.
    ListItem,
    /// Page furniture: breadcrumbs, bylines with dates, reading times. Never holds figures.
    Furniture,
}

/// A block: one or more lines between blank lines.
#[derive(Debug, Clone)]
pub struct Block {
    /// Byte range in the document.
    pub range: Range<usize>,
    /// What it is.
    pub kind: BlockKind,
}

/// A sentence, within a block.
#[derive(Debug, Clone)]
pub struct Sentence {
    /// Byte range in the document.
    pub range: Range<usize>,
    /// Index of its block.
    pub block: usize,
    /// Index of the heading that governs it (the nearest heading before it), if any.
    pub heading: Option<usize>,
}

/// A document cut into blocks and sentences.
#[derive(Debug, Default)]
pub struct Layout {
    /// The blocks, in order.
    pub blocks: Vec<Block>,
    /// The sentences, in order.
    pub sentences: Vec<Sentence>,
    /// The sentences of one paragraph, in a buffer the next one reuses.
    paragraph: Vec<Range<usize>>,
}

impl Layout {
    /// Cuts `text` into blocks and sentences.
    ///
    /// # Example
    ///
    /// ```
    /// use figures::extract::text::{Layout, BlockKind};
    /// let text = "Home / News / Tech\n\nChipmakers Expand\n\nTSMC will invest more. \
    ///             It said so on Monday.\n";
    /// let layout = Layout::new(text);
    /// let kinds: Vec<_> = layout.blocks.iter().map(|b| b.kind).collect();
    /// assert_eq!(kinds, [BlockKind::Furniture, BlockKind::Heading, BlockKind::Paragraph]);
    /// let sentences: Vec<_> = layout.sentences.iter().map(|s| &text[s.range.clone()]).collect();
    /// assert_eq!(sentences, ["Chipmakers Expand", "TSMC will invest more.", "It said so on Monday."]);
    /// ```
    pub fn new(text: &str) -> Layout {
        let mut layout = Layout::default();
        layout.cut(text);
        layout
    }

    /// Cuts `text` into blocks and sentences, in place of what the layout held: its
    /// vectors are reused, so a thread that cuts document after document grows them once.
    pub fn cut(&mut self, text: &str) {
        self.blocks.clear();
        self.sentences.clear();
        blocks_into(text, |_| false, &mut self.blocks);
        let mut heading = None;
        for (block, b) in self.blocks.iter().enumerate() {
            let range = b.range.clone();
            match b.kind {
                BlockKind::Furniture => {}
                BlockKind::Heading => {
                    heading = Some(block);
                    self.sentences.push(Sentence {
                        range: trim_range(text, range),
                        block,
                        heading,
                    });
                }
                BlockKind::Paragraph | BlockKind::ListItem => {
                    let mut body = strip_bullet(text, range);
                    // "TOKYO, Feb 24 (Reuters) - ": the dateline is no part of the prose
                    if let Some(n) = dateline_len(&text[body.clone()]) {
                        body.start += n;
                    }
                    split_sentences_into(text, body, &mut self.paragraph);
                    for s in self.paragraph.drain(..) {
                        self.sentences.push(Sentence {
                            range: s,
                            block,
                            heading,
                        });
                    }
                }
            }
        }
    }

    /// The blocks of `text` alone, without cutting paragraphs into sentences, up to and
    /// including the first one `last` accepts: for what only needs the first blocks, as
    /// the title does, the lines after it are not read.
    pub fn blocks_until(text: &str, last: impl FnMut(&Block) -> bool) -> Vec<Block> {
        let mut out = Vec::new();
        blocks_into(text, last, &mut out);
        out
    }
}

/// Splits text into blocks: runs of non-blank lines. A line that starts with a bullet
/// starts a block of its own, and a line of page furniture is a block by itself. Stops
/// after the first block `last` accepts (the text's end for `|_| false`). The blocks
/// are appended to `out`.
fn blocks_into(text: &str, mut last: impl FnMut(&Block) -> bool, out: &mut Vec<Block>) {
    let mut push = |range: Range<usize>, lines: usize, furniture: bool| {
        let kind = if furniture {
            BlockKind::Furniture
        } else {
            classify_block(text, &range, lines)
        };
        let block = Block { range, kind };
        let stop = last(&block);
        out.push(block);
        stop
    };
    let mut cur: Option<(usize, usize, usize)> = None; // start, end, lines
    let mut pos = 0;
    let mut separator_bytes = SeparatorBytes::new(text);
    for line in lines_inclusive(text) {
        let start = pos;
        pos += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        let end = start + content.len();
        let kept = trim_range(content, 0..content.len());
        let trimmed = &content[kept.clone()];
        let furniture =
            !trimmed.is_empty() && is_furniture_with(trimmed, separator_bytes.any_in(start..end));
        let bullet = bullet_len(&content[kept.start..]).is_some();
        if trimmed.is_empty() || furniture || bullet {
            if let Some((s, e, n)) = cur.take() {
                if push(s..e, n, false) {
                    return;
                }
            }
        }
        if trimmed.is_empty() {
            continue;
        }
        if furniture {
            if push(start..end, 1, true) {
                return;
            }
            continue;
        }
        match cur.as_mut() {
            Some((_, e, n)) => {
                *e = end;
                *n += 1;
            }
            None => cur = Some((start, end, 1)),
        }
    }
    if let Some((s, e, n)) = cur {
        push(s..e, n, false);
    }
}

/// The lines of `text`, each with its line feed: `str::split_inclusive('\n')`, with the
/// vector search of the `memchr` crate (lines are short: the standard library's search
/// set-up per line cost more than the search).
pub fn lines_inclusive(text: &str) -> impl Iterator<Item = &str> + '_ {
    let mut start = 0;
    let mut feeds = memchr::memchr_iter(b'\n', text.as_bytes());
    std::iter::from_fn(move || {
        let end = feeds.next().map_or(text.len(), |k| k + 1);
        if start >= end {
            return None;
        }
        let line = &text[start..end];
        start = end;
        Some(line)
    })
}

/// The length in bytes of a list bullet at the start of `line`, with its space.
fn bullet_len(line: &str) -> Option<usize> {
    let mut chars = line.char_indices();
    let (_, c) = chars.next()?;
    if matches!(c, '•' | '·' | '▪' | '◦' | '‣' | '*' | '-' | '–') {
        let (i, next) = chars.next()?;
        return next.is_whitespace().then_some(i + next.len_utf8());
    }
    None
}

fn strip_bullet(text: &str, range: Range<usize>) -> Range<usize> {
    let r = trim_range(text, range);
    match bullet_len(&text[r.clone()]) {
        Some(n) => trim_range(text, r.start + n..r.end),
        None => r,
    }
}

/// `range` of `text` without the white space at its ends (`str::trim`'s, Unicode's):
/// ASCII white space is passed over byte by byte, and only a byte beyond ASCII at an
/// end has the characters decoded (most ranges start with a letter and end with a
/// period: `str::trim` decoded a character at each end of every sentence and line).
fn trim_range(text: &str, range: Range<usize>) -> Range<usize> {
    let b = text.as_bytes();
    let start = skip_space(text, range.clone());
    let mut end = range.end;
    while end > start && is_ascii_space(b[end - 1]) {
        end -= 1;
    }
    if end > start && b[end - 1] >= 0x80 {
        end = start + text[start..end].trim_end().len();
    }
    start..end
}

/// Where the white space that starts `range` of `text` ends (`str::trim_start`'s, with
/// the fast path of [`trim_range`]).
fn skip_space(text: &str, range: Range<usize>) -> usize {
    let b = text.as_bytes();
    let mut start = range.start;
    while start < range.end && is_ascii_space(b[start]) {
        start += 1;
    }
    if start < range.end && b[start] >= 0x80 {
        let s = &text[start..range.end];
        start += s.len() - s.trim_start().len();
    }
    start
}

/// An ASCII byte that `char::is_whitespace` holds white space: the space, the tab, the
/// line feed, the vertical tab, the form feed and the carriage return (`u8::
/// is_ascii_whitespace` leaves out the vertical tab).
#[inline(always)]
fn is_ascii_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t'..=b'\r')
}

fn classify_block(text: &str, range: &Range<usize>, lines: usize) -> BlockKind {
    let s = &text[trim_range(text, range.clone())];
    if bullet_len(s).is_some() {
        return BlockKind::ListItem;
    }
    if lines == 1 && is_heading_like(s) {
        return BlockKind::Heading;
    }
    BlockKind::Paragraph
}

/// Page furniture: breadcrumbs, reading times, date and byline lines. These are the
/// lines of a web page around an article that are not its prose.
pub fn is_furniture(line: &str) -> bool {
    is_furniture_with(line, true)
}

/// [`is_furniture`], told whether the line holds a byte a breadcrumb separator ends
/// with (see [`SeparatorBytes`]).
fn is_furniture_with(line: &str, separator_bytes: bool) -> bool {
    // breadcrumbs: "Home / News / Technology / ..." or "News › Tech"; a separator
    // stands alone between spaces
    if separator_bytes && separators(line, 2) >= 2 {
        return true;
    }
    // reading time: "4 min read", "Reading time: 5 minutes"
    let b = line.as_bytes();
    let read_at_end = b.len() >= 5 && b[b.len() - 5..].eq_ignore_ascii_case(b" read");
    let reading_time = b.len() >= 12 && b[..12].eq_ignore_ascii_case(b"reading time");
    if (read_at_end || reading_time) && line.split_whitespace().nth(5).is_none() {
        return true;
    }
    // social and navigation lines: "Follow us on X", "Share this article"
    if crate::lexicon::lexicon().is_furniture_phrase(line) {
        return true;
    }
    // date lines: "Last Updated July 9, 2024 1:34 PM", "Published 9 July 2024"
    crate::document::date_line_date(line).is_some()
}

/// Where a text holds the bytes [`separators`] looks for, found in one pass over the
/// whole text as its lines are asked in order: most lines hold none, and are not
/// searched again one by one (each search's set-up cost more than a short line's bytes).
struct SeparatorBytes<'t> {
    ascii: std::iter::Peekable<memchr::Memchr3<'t>>,
    last: std::iter::Peekable<memchr::Memchr2<'t>>,
}

impl<'t> SeparatorBytes<'t> {
    fn new(text: &'t str) -> SeparatorBytes<'t> {
        let bytes = text.as_bytes();
        SeparatorBytes {
            ascii: memchr::memchr3_iter(b'/', b'>', b'|', bytes).peekable(),
            last: memchr::memchr2_iter(0xBB, 0xBA, bytes).peekable(),
        }
    }

    /// Whether one of the bytes is in `range`; ranges are asked in order.
    fn any_in(&mut self, range: Range<usize>) -> bool {
        let ascii = first_from(&mut self.ascii, range.start);
        let last = first_from(&mut self.last, range.start);
        ascii.is_some_and(|k| k < range.end) || last.is_some_and(|k| k < range.end)
    }
}

/// The first position of `found` at or after `start`, those before it passed over.
fn first_from(
    found: &mut std::iter::Peekable<impl Iterator<Item = usize>>,
    start: usize,
) -> Option<usize> {
    while found.next_if(|&k| k < start).is_some() {}
    found.peek().copied()
}

/// How many breadcrumb separators ("/", "›", "»", ">", "|" standing alone between
/// white space) `line` holds, counting up to `limit`. A document's layout asks it of
/// the lines that hold one of their bytes (found in one pass over the whole text);
/// memchr finds the candidates.
///
/// # Example
///
/// ```
/// use figures::extract::text::separators;
/// assert_eq!(separators("Home / News › Tech", 5), 2);
/// assert_eq!(separators("and/or, 3 > 2", 5), 1);
/// assert_eq!(separators("“Home” » News › Tech — «Markets» | ú", 5), 3);
/// assert_eq!(separators("»News›", 5), 0);
/// ```
pub fn separators(line: &str, limit: usize) -> usize {
    let bytes = line.as_bytes();
    // "/", ">", "|", and the last bytes of "»" (C2 BB) and "›" (E2 80 BA): rarer than
    // their first ones, which open every curly quote and dash too
    let ascii = memchr::memchr3_iter(b'/', b'>', b'|', bytes);
    let mut n = 0;
    for k in ascii.chain(memchr::memchr2_iter(0xBB, 0xBA, bytes)) {
        let (i, len) = match bytes[k] {
            b'/' | b'>' | b'|' => (k, 1),
            0xBB if k >= 1 && bytes[k - 1] == 0xC2 => (k - 1, 2),
            0xBA if k >= 2 && bytes[k - 2..k] == [0xE2, 0x80] => (k - 2, 3),
            _ => continue,
        };
        let alone_before = line[..i]
            .chars()
            .next_back()
            .is_none_or(char::is_whitespace);
        let alone_after = line[i + len..]
            .chars()
            .next()
            .is_none_or(char::is_whitespace);
        n += usize::from(alone_before && alone_after);
        if n >= limit {
            break;
        }
    }
    n
}

/// A heading: a short single line that does not end like a sentence, with most of its
/// words capitalized or a capitalized first word and no final period.
fn is_heading_like(s: &str) -> bool {
    if s.is_empty() || s.ends_with(['.', ',', ';', ':']) {
        return false;
    }
    s.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit() || c == '$')
        && s.split_whitespace().nth(16).is_none()
}

/// The length in bytes of a wire dateline that opens a paragraph: a place in capitals,
/// optionally its region, optionally a date, optionally the agency in brackets, then a
/// dash: "TOKYO, Feb 24 (Reuters) - ", "NEW YORK (AP) — ", "DETROIT, Mich., April 10 -".
/// A date or an agency must be there.
///
/// # Example
///
/// ```
/// use figures::extract::text::dateline_len;
/// let p = "TOKYO, Feb 24 (Reuters) - Japan will give TSMC up to 732 billion yen.";
/// assert_eq!(&p[dateline_len(p).unwrap()..], "Japan will give TSMC up to 732 billion yen.");
/// assert_eq!(dateline_len("NATO said on Monday it would spend more."), None);
/// ```
pub fn dateline_len(paragraph: &str) -> Option<usize> {
    let mut cut = paragraph.len().min(120);
    while !paragraph.is_char_boundary(cut) {
        cut -= 1;
    }
    let head = &paragraph[..cut];
    // the place: capitals, spaces, dots, hyphens, apostrophes, at least three letters
    let place_end = head
        .char_indices()
        .find(|(_, c)| !(c.is_uppercase() || matches!(c, ' ' | '.' | '-' | '\'')))
        .map_or(head.len(), |(i, _)| i);
    let place = head[..place_end].trim_end();
    if place.chars().filter(|c| c.is_alphabetic()).count() < 3 {
        return None;
    }
    let mut rest = &head[place.len()..];
    let mut dated = false;
    let mut agency = false;
    // ", Region", ", Month D[, YYYY]"
    while let Some(r) = rest.strip_prefix(", ") {
        let toks = Tokens::new(r);
        let t = toks.as_slice();
        if let Some((_, _, _, e)) = crate::extract::period::calendar::date_at(r, t, 0) {
            rest = &r[t[e - 1].end..];
            dated = true;
            continue;
        }
        // a region: one or two capitalized words, possibly abbreviated ("Mich.")
        let region_end = r
            .char_indices()
            .find(|(_, c)| *c == ',' || *c == '(' || is_dash(*c))
            .map(|(i, _)| i)?;
        let region = r[..region_end].trim_end();
        if region.is_empty()
            || region.split_whitespace().count() > 3
            || !region.starts_with(|c: char| c.is_uppercase())
        {
            return None;
        }
        rest = &r[region.len()..];
    }
    let trimmed = rest.trim_start();
    if let Some(r) = trimmed.strip_prefix('(') {
        let close = r.find(')')?;
        if close > 40 {
            return None;
        }
        rest = &r[close + 1..];
        agency = true;
    }
    let trimmed = rest.trim_start();
    let dash = trimmed.chars().next().filter(|c| is_dash(*c))?;
    let after = &trimmed[dash.len_utf8()..];
    if !(dated || agency) || !after.starts_with(char::is_whitespace) {
        return None;
    }
    let body = after.trim_start();
    Some(head.len() - body.len())
}

/// Splits `range` of `text` into sentences.
pub fn split_sentences(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    split_sentences_into(text, range, &mut out);
    out
}

/// Splits `range` of `text` into sentences, appended to `out` (which must be empty).
fn split_sentences_into(text: &str, range: Range<usize>, out: &mut Vec<Range<usize>>) {
    let bytes = text.as_bytes();
    let mut start = range.start;
    let mut i = range.start;
    // the next line break at or after `i`
    let find_newline = |from: usize| {
        memchr::memchr(b'\n', &bytes[from..range.end]).map_or(range.end, |k| from + k)
    };
    let mut newline = find_newline(range.start);
    while i < range.end {
        // only terminal punctuation and line breaks can end a sentence
        if newline < i {
            newline = find_newline(i);
        }
        let terminal = memchr::memchr3(b'.', b'!', b'?', &bytes[i..newline]);
        i = terminal.map_or(newline, |k| i + k);
        if i >= range.end {
            break;
        }
        let b = bytes[i];
        if matches!(b, b'.' | b'!' | b'?') {
            // the end of the sentence takes closing quotes and brackets with it
            // ('"', "'", '”', '’', ')', ']' and more terminal punctuation), read as bytes
            let mut j = i + 1;
            while j < range.end {
                j += match bytes[j] {
                    b'"' | b'\'' | b')' | b']' | b'.' | b'!' | b'?' => 1,
                    // '”' and '’': E2 80 9D, E2 80 99
                    0xE2 if matches!(bytes[j..range.end], [_, 0x80, 0x9D | 0x99, ..]) => 3,
                    _ => break,
                };
            }
            let next_is_space = j < range.end
                && (is_ascii_space(bytes[j])
                    || bytes[j] >= 0x80 && text[j..].starts_with(char::is_whitespace));
            if next_is_space && (b != b'.' || ends_sentence(text, start, i, j)) {
                out.push(trim_range(text, start..j));
                start = j;
            }
            i = j;
            continue;
        }
        if b == b'\n' {
            // a line break inside a paragraph ends a sentence only after a line that
            // does not continue (no lower-case start on the next line)
            let next = text[i + 1..range.end].trim_start();
            let prev = text[start..i].trim_end();
            if !prev.is_empty()
                && !next.starts_with(|c: char| c.is_lowercase())
                && prev.ends_with(|c: char| !c.is_alphanumeric() && c != ',')
            {
                out.push(trim_range(text, start..i));
                start = i + 1;
            }
        }
        i += 1;
    }
    let last = trim_range(text, start..range.end);
    if !last.is_empty() {
        out.push(last);
    }
    out.retain(|r| !r.is_empty());
}

/// Abbreviations after which a period does not end a sentence.
const NON_FINAL_ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "lt", "col", "sgt", "st", "mt",
    "vs", "no", "nos", "approx", "est", "fig", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec", "e.g", "i.e", "etc", "rs", "u.s", "u.k", "u.n", "ft",
];

/// The longest of [`NON_FINAL_ABBREVIATIONS`], in bytes (a test checks it).
const MAX_ABBREVIATION_BYTES: usize = 6;

/// [`NON_FINAL_ABBREVIATIONS`] as [`abbreviation_key`] packs them: a word before a
/// period is compared with them as an integer each, not byte by byte.
const ABBREVIATION_KEYS: [u64; NON_FINAL_ABBREVIATIONS.len()] = {
    let mut keys = [0u64; NON_FINAL_ABBREVIATIONS.len()];
    let mut i = 0;
    while i < keys.len() {
        keys[i] = abbreviation_key(NON_FINAL_ABBREVIATIONS[i].as_bytes());
        i += 1;
    }
    keys
};

/// An ASCII word of up to seven bytes, lower-cased and packed little-endian, its length
/// in the top byte: two words have the same key when they are the same in any case.
/// 0, no word's key, for a longer word or one that is not ASCII.
const fn abbreviation_key(w: &[u8]) -> u64 {
    if w.is_empty() || w.len() > 7 {
        return 0;
    }
    let mut key = (w.len() as u64) << 56;
    let mut i = 0;
    while i < w.len() {
        if !w[i].is_ascii() {
            return 0;
        }
        key |= (w[i].to_ascii_lowercase() as u64) << (8 * i);
        i += 1;
    }
    key
}

/// The last word of `before`: what follows its last white space, "(" or quote. Read
/// byte by byte back from the end; a word with a byte beyond ASCII (which may be a
/// space of its own, U+00A0 or U+2009) is read as characters ([`word_before_by_chars`]).
/// The search by characters from the end cost a tenth of the sentence splitter's
/// instructions.
fn word_before(before: &str) -> &str {
    let b = before.as_bytes();
    let mut k = b.len();
    while k > 0 {
        match b[k - 1] {
            c if c >= 0x80 => return word_before_by_chars(before),
            c if is_ascii_space(c) || c == b'(' || c == b'"' => break,
            _ => k -= 1,
        }
    }
    &before[k..]
}

/// [`word_before`] read character by character, from the end.
fn word_before_by_chars(s: &str) -> &str {
    s.rsplit(|c: char| c.is_whitespace() || c == '(' || c == '"')
        .next()
        .unwrap_or("")
}

/// Whether the period at `dot` (sentence started at `start`, next text at `next`)
/// ends the sentence.
fn ends_sentence(text: &str, start: usize, dot: usize, next: usize) -> bool {
    let after = &text[skip_space(text, next..text.len())..];
    let next_upper = after.starts_with(|c: char| {
        c.is_uppercase() || c.is_ascii_digit() || matches!(c, '"' | '“' | '‘' | '(' | '$')
    });
    if !next_upper {
        return false;
    }
    let word = word_before(&text[start..dot]);
    // initials ("J. Smith") and single letters
    let mut chars = word.chars();
    if chars.next().is_some_and(char::is_uppercase) && chars.next().is_none() {
        return false;
    }
    // the abbreviations are short and ASCII: a longer word is none, and an ASCII word
    // is compared without being lower-cased (copied)
    let abbreviation = |w: &str| {
        if w.is_ascii() {
            let key = abbreviation_key(w.as_bytes());
            // most words are none: all keys compared at once (vector compares), without
            // a branch per key, and the one matched looked for only then
            let any = ABBREVIATION_KEYS
                .iter()
                .fold(false, |any, &k| any | (k == key));
            any.then(|| ABBREVIATION_KEYS.iter().position(|&k| k == key))
                .flatten()
                .map(|i| NON_FINAL_ABBREVIATIONS[i])
        } else {
            let lw = crate::lexicon::lower(w);
            NON_FINAL_ABBREVIATIONS
                .iter()
                .find(|a| **a == lw.as_str())
                .copied()
        }
    };
    let found = if word.len() > MAX_ABBREVIATION_BYTES {
        None
    } else {
        abbreviation(word)
    };
    if let Some(lw) = found {
        // "U.S." and "Inc." end sentences only when a typical sentence start follows
        let next_word: String = after.chars().take_while(|c| c.is_alphabetic()).collect();
        return matches!(lw, "u.s" | "u.k" | "u.n" | "etc")
            && matches!(
                next_word.as_str(),
                "The" | "It" | "He" | "She" | "They" | "We" | "This" | "In" | "A" | "But"
            );
    }
    true
}

/// Converts byte offsets into character offsets (Unicode scalar values), in one pass over
/// the text whatever the number of offsets.
///
/// # Example
///
/// ```
/// use figures::extract::text::char_offsets;
/// let text = "¥500 and €3";
/// assert_eq!(char_offsets(text, &[text.len(), 0, 2]), [11, 0, 1]);
/// ```
pub fn char_offsets(text: &str, bytes: &[usize]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..bytes.len()).collect();
    order.sort_by_key(|&i| bytes[i]);
    let mut out = vec![0; bytes.len()];
    let mut chars = 0;
    let mut pos = 0;
    for i in order {
        let target = bytes[i].min(text.len());
        if target > pos {
            chars += text[pos..target].chars().count();
            pos = target;
        }
        out[i] = chars;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_word_before_a_period_is_the_one_the_characters_give() {
        let cases = [
            "Shares rose",
            "said Mr",
            "in the U.S",
            "(Inc",
            "a \"quote",
            "tab\tJr",
            "vertical\u{0B}tab",
            "form\u{0C}feed",
            "a\u{A0}no-break",
            "thin\u{2009}space",
            "next\u{85}line",
            "in Zürich",
            "Zürich",
            "ends with a space ",
            "",
            "word",
            "S.A",
        ];
        for c in cases {
            assert_eq!(word_before(c), word_before_by_chars(c), "{c:?}");
        }
        assert_eq!(word_before("a\u{A0}no-break"), "no-break");
        assert_eq!(word_before("vertical\u{0B}tab"), "tab");
    }

    #[test]
    fn breadcrumbs_are_found_on_every_line_the_separator_bytes_are_searched_once() {
        // the lines of a text are told whether they hold a separator's byte from one
        // pass over the text: every line is furniture exactly when `is_furniture` says so
        let lines = [
            "Home / News / Tech",
            "Prose with one / slash and 3 > 2 in it, and « guillemets » too.",
            "News › Tech › Chips",
            "  Markets » Asia » Japan  ",
            "“Home” » News › Tech",
            "A line without any of them.",
            "a|b|c and x | y | z",
            "»News›",
            "",
            "Home/News/Tech",
            "Share this article",
            "Reading time: 5 minutes",
            "Published 9 July 2024",
            "ú / é / ñ",
        ];
        let mut corpus: Vec<String> = crate::gen::Corpus::new(3)
            .articles(60_000, 3000)
            .into_iter()
            .map(|a| a.text)
            .collect();
        // every order of the crafted lines' neighbours: a separator on the line before,
        // after, both, or neither
        for k in 0..lines.len() {
            let mut text = String::new();
            for j in 0..lines.len() {
                text.push_str(lines[(k + j) % lines.len()]);
                text.push('\n');
            }
            corpus.push(text);
        }
        let mut furniture_lines = 0;
        for text in &corpus {
            let got: Vec<&str> = Layout::blocks_until(text, |_| false)
                .into_iter()
                .filter(|b| b.kind == BlockKind::Furniture)
                .map(|b| text[b.range].trim())
                .collect();
            let want: Vec<&str> = text
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && is_furniture(l))
                .collect();
            assert_eq!(got, want);
            furniture_lines += want.len();
        }
        assert!(furniture_lines > 3 * lines.len(), "{furniture_lines}");
    }

    #[test]
    fn blocks_end_at_blank_lines_bullets_and_furniture() {
        let text = "Sony Plans a Plant\n\nSony will build a plant.\nIt opens soon.\nShare this \
                    article\n- first point\n- second point\n\n\nLast paragraph\nstill it";
        let got: Vec<(&str, BlockKind)> = Layout::blocks_until(text, |_| false)
            .into_iter()
            .map(|b| (&text[b.range], b.kind))
            .collect();
        use BlockKind::*;
        assert_eq!(
            got,
            [
                ("Sony Plans a Plant", Heading),
                ("Sony will build a plant.\nIt opens soon.", Paragraph),
                // furniture right after a line of prose: the paragraph, then it
                ("Share this article", Furniture),
                ("- first point", ListItem),
                ("- second point", ListItem),
                ("Last paragraph\nstill it", Paragraph),
            ]
        );
        // up to the first paragraph, and no further
        let head = Layout::blocks_until(text, |b| b.kind == Paragraph);
        assert_eq!(head.len(), 2);
        let furniture = Layout::blocks_until(text, |b| b.kind == Furniture);
        assert_eq!(furniture.len(), 3);
    }

    #[test]
    fn tokens_interned_as_cut_match_tokens_looked_up_after() {
        let text = "The EU's €2.5bn Plan: INVEST in Überlingen, twenty-five FACTORIES by \
                    2027; Toyota’s CEO said it WILL spend ¥1 trillion, or 7,435.5 Yen. \
                    a An THE thE élan Q3 FY25 DECEMBER Thousand fiscal SEPTEMBER September \
                    Seventeenth seventeenth semiconductors counterproductive \
                    internationalization Éseptember x y z September SEVENTEENTH";
        let mut cut = Tokens::default();
        cut.push_interned(text, 0..text.len());
        let mut looked = Tokens::default();
        looked.push_range(text, 0..text.len());
        looked.intern(text);
        assert_eq!(cut.as_slice(), looked.as_slice());
        let ids = |w: &str| {
            cut.iter()
                .find(|t| t.text(text) == w)
                .map(|t| (t.lex, t.is_lower()))
        };
        let the = ids("The").unwrap();
        assert_ne!(the.0, crate::lexicon::UNKNOWN);
        assert_eq!(ids("thE"), Some(the));
        assert!(!the.1);
        let a = ids("a").unwrap();
        assert!(a.1, "a is lower case");
        assert_eq!(ids("An"), Some((crate::lexicon::vocab().id("an"), false)));
        assert_ne!(a.0, crate::lexicon::UNKNOWN);
        assert_eq!(ids("Toyota"), Some((crate::lexicon::UNKNOWN, false)));
        // words of nine to sixteen letters are packed in two keys as they are cut, where
        // sixteen bytes remain and where they do not
        let september = crate::lexicon::vocab().id("september");
        let seventeenth = crate::lexicon::vocab().id("seventeenth");
        assert_ne!(september, crate::lexicon::UNKNOWN);
        assert_ne!(seventeenth, crate::lexicon::UNKNOWN);
        assert_eq!(ids("SEPTEMBER"), Some((september, false)));
        assert_eq!(ids("seventeenth"), Some((seventeenth, true)));
        assert_eq!(ids("SEVENTEENTH"), Some((seventeenth, false)));
        let last_september = cut.iter().rev().find(|t| t.text(text) == "September");
        assert_eq!(last_september.map(|t| t.lex), Some(september));
        assert_eq!(
            ids("counterproductive").map(|(id, _)| id),
            Some(crate::lexicon::UNKNOWN)
        );
    }

    #[test]
    fn tokens_interned_as_cut_match_in_every_range() {
        // a range that ends inside a word, before a non-ASCII letter, at a space, or
        // within eight bytes of a word's start cuts the same tokens either way; one
        // `Tokens` cuts them all, as the extractor's does, its lower-casing buffer kept
        // from one range to the next (long capitalized words and non-ASCII ones)
        let text = "Sony plans €2bn.\nIn Zürich, the EU's\tbank SPENT 7,435.5 yen; a Ab abcdefgh \
                    abcdefghi Überlingen Internationalisation x PROJECTS investment, \
                    Investmentsé abcdefghé abcdefghijklmno abcdefghijklmnop q";
        let mut cut = Tokens::default();
        for a in (0..text.len()).filter(|&k| text.is_char_boundary(k)) {
            for b in (a..=text.len()).filter(|&k| text.is_char_boundary(k)) {
                cut.clear();
                cut.push_interned(text, a..b);
                let mut looked = Tokens::default();
                looked.push_range(text, a..b);
                looked.intern(text);
                assert_eq!(cut.as_slice(), looked.as_slice(), "{:?}", &text[a..b]);
            }
        }
    }

    fn sentences(text: &str) -> Vec<&str> {
        split_sentences(text, 0..text.len())
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    #[test]
    fn ascii_letter_runs_end_at_every_other_byte() {
        // every byte value after runs of every length up to 20, at every offset
        for b in 0..=255u8 {
            for len in 0..20 {
                for lead in 0..3 {
                    let mut bytes = vec![b'.'; lead];
                    bytes.extend((0..len).map(|k| if k % 3 == 0 { b'Q' } else { b'z' }));
                    bytes.push(b);
                    bytes.extend_from_slice(b"abcdefghij");
                    let stop = lead + len + usize::from(b.is_ascii_alphabetic()) * 11;
                    assert_eq!(
                        ascii_letters_end(&bytes, lead, bytes.len()),
                        stop,
                        "{b} {len}"
                    );
                    // and never past the end given
                    let cut = lead + len;
                    assert_eq!(ascii_letters_end(&bytes, lead, cut), cut);
                }
            }
        }
    }

    #[test]
    fn abbreviations_fit_their_length_bound() {
        let longest = NON_FINAL_ABBREVIATIONS.iter().map(|a| a.len()).max();
        assert_eq!(longest, Some(MAX_ABBREVIATION_BYTES));
        // the packed keys say what a comparison in any case says
        for a in NON_FINAL_ABBREVIATIONS {
            for w in [
                a.to_string(),
                a.to_uppercase(),
                format!("{a}s"),
                a[1..].to_string(),
            ] {
                let same = ABBREVIATION_KEYS
                    .iter()
                    .zip(NON_FINAL_ABBREVIATIONS)
                    .filter(|(&k, _)| k == abbreviation_key(w.as_bytes()))
                    .map(|(_, b)| *b)
                    .collect::<Vec<_>>();
                let by_text: Vec<&str> = NON_FINAL_ABBREVIATIONS
                    .iter()
                    .filter(|b| b.eq_ignore_ascii_case(&w))
                    .copied()
                    .collect();
                assert_eq!(same, by_text, "{w}");
            }
        }
        assert_ne!(abbreviation_key(b"mr\0"), abbreviation_key(b"mr"));
        assert_eq!(abbreviation_key("mré".as_bytes()), 0);
        assert_eq!(
            sentences("It rose 5% vs. Apr. Then it fell."),
            ["It rose 5% vs. Apr. Then it fell."]
        );
        assert_eq!(
            sentences("He met Approx. Then left."),
            ["He met Approx. Then left."]
        );
    }

    #[test]
    fn splits_at_terminal_punctuation_before_a_capital() {
        assert_eq!(
            sentences("Sony will invest $1.5 billion. It said so. Was it? Yes!"),
            [
                "Sony will invest $1.5 billion.",
                "It said so.",
                "Was it?",
                "Yes!"
            ]
        );
    }

    #[test]
    fn keeps_abbreviations_and_initials() {
        assert_eq!(
            sentences("Mr. Smith of Acme Inc. said the U.S. unit and J. Doe agreed."),
            ["Mr. Smith of Acme Inc. said the U.S. unit and J. Doe agreed."]
        );
        assert_eq!(
            sentences("It grew in the U.S. The rest fell."),
            ["It grew in the U.S.", "The rest fell."]
        );
    }

    #[test]
    fn keeps_decimals_and_quotes() {
        assert_eq!(
            sentences("He said “it costs $2.5 million.” Then he left."),
            ["He said “it costs $2.5 million.”", "Then he left."]
        );
    }

    #[test]
    fn lower_case_comparisons_read_any_case_and_beyond_ascii() {
        // looked up (words of the vocabulary, and others) and not looked up
        let text = "INVESTING Zorblatt ÉTAT Quickly Über";
        let mut plain = Tokens::default();
        plain.push_range(text, 0..text.len());
        for toks in [Tokens::new(text), plain] {
            let t = toks.as_slice();
            assert!(t[0].lower_is(text, "investing") && t[0].lower_ends_with(text, "ing"));
            assert!(t[1].lower_is(text, "zorblatt") && !t[1].lower_is(text, "zorblat"));
            assert!(t[1].lower_ends_with(text, "att") && !t[1].lower_ends_with(text, "ing"));
            assert!(t[2].lower_is(text, "état") && !t[2].lower_is(text, "etat"));
            assert!(t[3].lower_ends_with(text, "ly") && !t[3].lower_is(text, "quick"));
            assert!(t[4].lower_is(text, "über") && t[4].lower_ends_with(text, "ber"));
        }
    }

    #[test]
    fn letters_are_what_the_standard_library_says() {
        let differ: Vec<char> = (0..=u32::from(char::MAX))
            .filter_map(char::from_u32)
            .filter(|&c| is_letter(c) != c.is_alphabetic())
            .collect();
        assert!(differ.is_empty(), "{differ:?}");
    }

    #[test]
    fn trimmed_ranges_are_what_str_trim_leaves() {
        // ASCII white space (the vertical tab too), Unicode spaces at either end, and
        // text that is only white space
        let pieces = [
            "", " ", "\t", "\u{b}", "\r\n", "\u{a0}", "\u{2009}", "\u{3000}", "x",
        ];
        let words = ["", "a", "é", "Sony.", "“Yes”", "a b", "\u{a0}é\u{a0}"];
        for lead in pieces {
            for trail in pieces {
                for w in words {
                    let text = format!("ab{lead}{w}{trail}cd");
                    let range = 2..text.len() - 2;
                    let kept = trim_range(&text, range.clone());
                    let want = text[range.clone()].trim();
                    assert_eq!(&text[kept.clone()], want, "{text:?}");
                    assert!(
                        kept.start >= range.start && kept.end <= range.end,
                        "{text:?}"
                    );
                    let start = skip_space(&text, range.clone());
                    assert_eq!(
                        &text[start..range.end],
                        text[range].trim_start(),
                        "{text:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn sentences_end_after_closing_quotes_and_before_any_white_space() {
        assert_eq!(
            sentences("He said ‘no.’ Then he left! (It rained.) Sony paid.\u{a0}Then it rose."),
            [
                "He said ‘no.’",
                "Then he left!",
                "(It rained.)",
                "Sony paid.",
                "Then it rose."
            ]
        );
        // a curly quote's first byte alone does not end a sentence: "—" (E2 80 94)
        assert_eq!(
            sentences("It paid.— Then it rose."),
            ["It paid.— Then it rose."]
        );
    }

    #[test]
    fn tokens_keep_glue_and_line_breaks() {
        let text = "GPT-4\nmodel";
        let toks = Tokens::new(text);
        let t = toks.as_slice();
        assert_eq!(t.len(), 4);
        assert!(t[1].glued() && t[2].glued());
        assert!(t[3].newline_before && !t[2].newline_before);
        assert_eq!(t[2].kind, TokKind::Num);
    }

    #[test]
    fn numbers_stop_before_trailing_separators() {
        let text = "July 9, 2024. In 1,000.";
        let toks = Tokens::new(text);
        let nums: Vec<_> = toks
            .iter()
            .filter(|t| t.kind == TokKind::Num)
            .map(|t| t.text(text))
            .collect();
        assert_eq!(nums, ["9", "2024", "1,000"]);
    }

    #[test]
    fn unicode_words_and_signs() {
        let text = "Japan’s ¥500 and €3 in Zürich";
        let toks = Tokens::new(text);
        let words: Vec<_> = toks.iter().map(|t| (t.text(text), t.kind)).collect();
        assert_eq!(words[0], ("Japan", TokKind::Word));
        assert_eq!(words[1], ("’", TokKind::Punct));
        assert_eq!(words[3], ("¥", TokKind::Sym));
        assert_eq!(words.last().unwrap(), &("Zürich", TokKind::Word));
    }

    #[test]
    fn lines_split_as_split_inclusive_does() {
        for text in [
            "",
            "\n",
            "a",
            "a\n",
            "a\nb",
            "a\n\nb\n",
            "\n\na\r\nb",
            "é\nü\n\n",
        ] {
            let ours: Vec<&str> = lines_inclusive(text).collect();
            let std: Vec<&str> = text.split_inclusive('\n').collect();
            assert_eq!(ours, std, "{text:?}");
        }
    }

    #[test]
    fn social_and_navigation_lines_are_furniture() {
        for line in [
            "Follow us on X",
            "SHARE THIS ARTICLE",
            "Advertisement",
            "Sign up for our newsletter",
            "Skip to main content",
            "© 2025 Example News Ltd. All rights reserved.",
            "Read more:",
        ] {
            assert!(is_furniture(line), "{line}");
        }
        for line in [
            "Followers of the plan said it would cost $2 billion.",
            "Follow us on X, the company said, as it announced a $5 billion plan to expand.",
            "Advertisements brought in $3 billion.",
            "Read more about the $1 billion fund in our report on the new factories.",
        ] {
            assert!(!is_furniture(line), "{line}");
        }
        let text = "Follow us on X\n\nSony Expands in Japan\n\nSony will invest more.\n";
        assert_eq!(
            crate::document::title_in_text(text).as_deref(),
            Some("Sony Expands in Japan")
        );
    }

    #[test]
    fn layout_finds_headings_lists_and_furniture() {
        let text = "Home / News / Markets\n4 min read\n\nBanks Lend More\n\n\
                    Last Updated March 3, 2025\n\n  • Loans rose.\n  • Deposits fell.\n\n\
                    Lending grew 5%. Deposits did not.\n";
        let layout = Layout::new(text);
        let kinds: Vec<_> = layout.blocks.iter().map(|b| b.kind).collect();
        assert_eq!(
            kinds,
            [
                BlockKind::Furniture,
                BlockKind::Furniture,
                BlockKind::Heading,
                BlockKind::Furniture,
                BlockKind::ListItem,
                BlockKind::ListItem,
                BlockKind::Paragraph
            ]
        );
        let s: Vec<_> = layout
            .sentences
            .iter()
            .map(|s| &text[s.range.clone()])
            .collect();
        assert_eq!(
            s,
            [
                "Banks Lend More",
                "Loans rose.",
                "Deposits fell.",
                "Lending grew 5%.",
                "Deposits did not."
            ]
        );
        assert!(layout.sentences.iter().all(|s| s.heading == Some(2)));
    }
}
