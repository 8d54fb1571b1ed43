//! Bytes to text: UTF-8 (its byte-order mark stripped), UTF-16 with a byte-order mark,
//! and the legacy Western encodings older archives hold (Windows-1252 and its subset
//! ISO 8859-1), which are decoded and named so the documents table can flag them.
//! Binary content and text in any other encoding is rejected, never guessed at.

use std::borrow::Cow;

use super::{Reason, Rejection};

/// Decoded text and the name of the encoding it was read in (WHATWG labels:
/// `utf-8`, `utf-16le`, `utf-16be`, `windows-1252`, `iso-8859-1`, and
/// `utf-8+windows-1252` for UTF-8 text with stray Windows-1252 bytes in it).
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded<'a> {
    /// The text.
    pub text: Cow<'a, str>,
    /// The encoding it was read in.
    pub encoding: &'static str,
}

/// Decodes the bytes of a document.
///
/// # Example
///
/// ```
/// use figures::source::decode::decode;
/// let d = decode(b"Caf\xe9 owners raised \x80 5 million").unwrap();
/// assert_eq!((d.text.as_ref(), d.encoding), ("Café owners raised € 5 million", "windows-1252"));
/// assert_eq!(decode(b"\xEF\xBB\xBFplain").unwrap().text, "plain");
/// assert_eq!(decode(b"%PDF-1.7\n...").unwrap_err().reason.as_str(), "binary");
/// ```
pub fn decode(bytes: &[u8]) -> Result<Decoded<'_>, Rejection> {
    let decoded = decode_any(bytes)?;
    if decoded.text.trim().is_empty() {
        return Err(Rejection::new(Reason::Empty, "empty or only white space"));
    }
    Ok(decoded)
}

fn decode_any(bytes: &[u8]) -> Result<Decoded<'_>, Rejection> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return std::str::from_utf8(rest)
            .map(|t| Decoded {
                text: Cow::Borrowed(t),
                encoding: "utf-8",
            })
            .map_err(|e| {
                Rejection::new(
                    Reason::Undecodable,
                    format!(
                        "starts with a UTF-8 byte-order mark but is not UTF-8 (bad byte at offset {})",
                        e.valid_up_to() + 3
                    ),
                )
            });
    }
    for (bom, big_endian, name) in [
        (b"\xFF\xFE", false, "utf-16le"),
        (b"\xFE\xFF", true, "utf-16be"),
    ] {
        if let Some(rest) = bytes.strip_prefix(bom) {
            return utf16(rest, big_endian).map(|t| Decoded {
                text: Cow::Owned(t),
                encoding: name,
            });
        }
    }
    if let Some(kind) = binary_kind(bytes) {
        return Err(Rejection::new(
            Reason::Binary,
            format!("binary content ({kind}), not text"),
        ));
    }
    if let Ok(t) = std::str::from_utf8(bytes) {
        return Ok(Decoded {
            text: Cow::Borrowed(t),
            encoding: "utf-8",
        });
    }
    legacy(bytes).map(|(text, encoding)| Decoded {
        text: Cow::Owned(text),
        encoding,
    })
}

fn utf16(bytes: &[u8], big_endian: bool) -> Result<String, Rejection> {
    if bytes.len() % 2 != 0 {
        return Err(Rejection::new(
            Reason::Undecodable,
            "starts with a UTF-16 byte-order mark but has an odd number of bytes",
        ));
    }
    let units = bytes.chunks_exact(2).map(|p| {
        if big_endian {
            u16::from_be_bytes([p[0], p[1]])
        } else {
            u16::from_le_bytes([p[0], p[1]])
        }
    });
    char::decode_utf16(units)
        .collect::<Result<String, _>>()
        .map_err(|e| Rejection::new(Reason::Undecodable, format!("not valid UTF-16 ({e})")))
}

/// Binary formats by their magic numbers, and anything with NUL bytes or many control
/// bytes in its first 8 KiB.
pub(crate) fn binary_kind(bytes: &[u8]) -> Option<&'static str> {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"%PDF-", "a PDF file"),
        (b"PK\x03\x04", "a ZIP archive or an Office document"),
        (b"\x89PNG", "a PNG image"),
        (b"GIF8", "a GIF image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"\x7FELF", "an executable"),
        (b"\x28\xB5\x2F\xFD", "zstd-compressed data"),
        (b"BZh", "bzip2-compressed data"),
        (b"\xFD7zXZ", "xz-compressed data"),
        (b"\x1F\x8B", "gzip-compressed data inside gzip"),
    ];
    if let Some((_, kind)) = MAGIC.iter().find(|(m, _)| bytes.starts_with(m)) {
        return Some(kind);
    }
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return Some("NUL bytes");
    }
    // counted without a branch per byte, in u8 lanes over runs of at most 255 bytes,
    // which the compiler turns into vector code (a sum of u32 per byte was not: 2.3
    // instructions a byte)
    let control =
        |b: u8| u8::from((b < 0x20) & (b != b'\n') & (b != b'\r') & (b != b'\t') & (b != 0x0c));
    let controls: u32 = head
        .chunks(255)
        .map(|c| u32::from(c.iter().fold(0u8, |n, &b| n + control(b))))
        .sum();
    (controls as usize * 10 > head.len()).then_some("control bytes")
}

/// The characters of Windows-1252 bytes 0x80 to 0x9F; `None` where it defines none.
const CP1252_HIGH: [Option<char>; 32] = [
    Some('€'),
    None,
    Some('‚'),
    Some('ƒ'),
    Some('„'),
    Some('…'),
    Some('†'),
    Some('‡'),
    Some('ˆ'),
    Some('‰'),
    Some('Š'),
    Some('‹'),
    Some('Œ'),
    None,
    Some('Ž'),
    None,
    None,
    Some('‘'),
    Some('’'),
    Some('“'),
    Some('”'),
    Some('•'),
    Some('–'),
    Some('—'),
    Some('˜'),
    Some('™'),
    Some('š'),
    Some('›'),
    Some('œ'),
    None,
    Some('ž'),
    Some('Ÿ'),
];

fn cp1252(b: u8) -> Option<char> {
    match b {
        0x80..=0x9F => CP1252_HIGH[usize::from(b - 0x80)],
        _ => Some(char::from(b)),
    }
}

/// Text that is not UTF-8: Windows-1252 (or ISO 8859-1, its subset), possibly mixed
/// with valid UTF-8 sequences. Text in a multi-byte legacy encoding (Shift_JIS, GBK,
/// EUC-KR) shows as long runs of high bytes that are not UTF-8, which Western text in
/// Windows-1252 never has, or as high bytes making up more than a quarter of the text
/// (Western languages accent a few letters per word; Greek, Cyrillic and CJK legacy
/// encodings write most letters as high bytes): that, or a byte Windows-1252 leaves
/// undefined, is rejected.
fn legacy(bytes: &[u8]) -> Result<(String, &'static str), Rejection> {
    let mut out = String::with_capacity(bytes.len() + bytes.len() / 8);
    let (mut utf8_chars, mut legacy_bytes, mut in_runs, mut c1) = (0usize, 0usize, 0usize, false);
    let mut run = 0usize;
    let mut rest = bytes;
    while !rest.is_empty() {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                utf8_chars += s.chars().filter(|c| !c.is_ascii()).count();
                out.push_str(s);
                break;
            }
            Err(e) => {
                let (good, bad) = rest.split_at(e.valid_up_to());
                let good = std::str::from_utf8(good).expect("checked by valid_up_to");
                if !good.is_empty() {
                    if run >= 3 {
                        in_runs += run;
                    }
                    run = 0;
                }
                utf8_chars += good.chars().filter(|c| !c.is_ascii()).count();
                out.push_str(good);
                let b = bad[0];
                let Some(c) = cp1252(b) else {
                    return Err(Rejection::new(
                        Reason::Undecodable,
                        format!(
                            "neither UTF-8 nor Windows-1252: byte 0x{b:02X} at offset {}",
                            bytes.len() - rest.len() + e.valid_up_to()
                        ),
                    ));
                };
                c1 |= (0x80..=0x9F).contains(&b);
                legacy_bytes += 1;
                run += 1;
                out.push(c);
                rest = &bad[1..];
            }
        }
    }
    if run >= 3 {
        in_runs += run;
    }
    let visible = bytes.iter().filter(|b| !b.is_ascii_whitespace()).count();
    if in_runs * 2 > legacy_bytes || (legacy_bytes >= 8 && legacy_bytes * 4 > visible) {
        return Err(Rejection::new(
            Reason::Undecodable,
            "not UTF-8, and not Western text in Windows-1252 or ISO 8859-1 (runs of \
             high bytes, as a multi-byte encoding such as Shift_JIS or GBK writes)",
        ));
    }
    let encoding = if utf8_chars > 0 {
        "utf-8+windows-1252"
    } else if c1 {
        "windows-1252"
    } else {
        "iso-8859-1"
    };
    Ok((out, encoding))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(bytes: &[u8]) -> &'static str {
        decode(bytes).unwrap_err().reason.as_str()
    }

    #[test]
    fn more_than_one_control_byte_in_ten_is_binary() {
        // 10 bytes: one control byte is text, two are binary; tabs, line and form
        // feeds are text
        assert_eq!(binary_kind(b"abcdefgh\x01i"), None);
        assert_eq!(binary_kind(b"abcdefg\x01\x02i"), Some("control bytes"));
        assert_eq!(binary_kind(b"a\tb\nc\rd\x0ce\n"), None);
        // only the first 8 KiB count
        let mut late = vec![b'a'; 8192];
        late.extend(std::iter::repeat_n(0x1b, 8192));
        assert_eq!(binary_kind(&late), None);
        let early: Vec<u8> = (0..9000)
            .map(|i| if i % 5 == 0 { 0x1b } else { b'a' })
            .collect();
        assert_eq!(binary_kind(&early), Some("control bytes"));
        // counted in runs of 255 bytes: a run of control bytes across them counts whole
        let run = |n: usize| {
            let mut v = vec![b'a'; 8192];
            v[100..100 + n].fill(0x1b);
            binary_kind(&v)
        };
        assert_eq!(run(819), None);
        assert_eq!(run(820), Some("control bytes"));
    }

    #[test]
    fn utf8_and_its_byte_order_mark() {
        let d = decode("Nestlé will spend €5bn".as_bytes()).unwrap();
        assert_eq!(
            (d.text.as_ref(), d.encoding),
            ("Nestlé will spend €5bn", "utf-8")
        );
        assert!(matches!(d.text, Cow::Borrowed(_)));
        assert_eq!(decode(b"\xEF\xBB\xBFok").unwrap().text, "ok");
        assert_eq!(reason(b"\xEF\xBB\xBFbad \xC3("), "undecodable");
    }

    #[test]
    fn utf16_with_a_byte_order_mark() {
        let le: Vec<u8> = "\u{feff}£5 million"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let d = decode(&le).unwrap();
        assert_eq!((d.text.as_ref(), d.encoding), ("£5 million", "utf-16le"));
        let be: Vec<u8> = "\u{feff}x"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        assert_eq!(decode(&be).unwrap().encoding, "utf-16be");
        assert_eq!(reason(b"\xFF\xFEa"), "undecodable");
    }

    #[test]
    fn legacy_western_encodings_are_decoded_and_named() {
        let d = decode(b"Soci\xe9t\xe9 G\xe9n\xe9rale paid \xa35 million").unwrap();
        assert_eq!(
            (d.text.as_ref(), d.encoding),
            ("Société Générale paid £5 million", "iso-8859-1")
        );
        let d = decode(b"\x93Gr\xf6\xdfe\x94 costs \x80 3 billion").unwrap();
        assert_eq!(
            (d.text.as_ref(), d.encoding),
            ("“Größe” costs € 3 billion", "windows-1252")
        );
        let mixed: Vec<u8> = "Zürich: ".bytes().chain(*b"\x80 2m").collect();
        let d = decode(&mixed).unwrap();
        assert_eq!(
            (d.text.as_ref(), d.encoding),
            ("Zürich: € 2m", "utf-8+windows-1252")
        );
    }

    #[test]
    fn other_encodings_and_binaries_are_rejected() {
        // "日本経済新聞" in Shift_JIS
        let sjis = b"\x93\xfa\x96\x7b\x8c\x6f\x8d\xcf\x90\x56\x95\xb7 \x93\xfa\x96\x7b";
        assert_eq!(reason(sjis), "undecodable");
        // 0x81 is undefined in Windows-1252
        assert_eq!(reason(b"abc \x81 def"), "undecodable");
        assert_eq!(reason(b"a\0b"), "binary");
        assert_eq!(reason(&[1u8, 2, 3, 4, 5, b'a']), "binary");
        assert_eq!(reason(b"PK\x03\x04rest"), "binary");
        assert_eq!(reason(b" \n\t "), "empty");
        assert_eq!(reason(b""), "empty");
    }
}
