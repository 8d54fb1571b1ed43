//! The byte encoding of the run's packed lists (the inputs to read, the manifest's
//! inputs): a string stored as the length it shares with the one before and the rest,
//! integers as LEB128 varints, records appended to blocks that are never copied.

use std::collections::VecDeque;

/// The length of the longest common prefix of `a` and `b` that ends at a char boundary
/// (of both: their bytes up to it are the same).
fn common_prefix(a: &str, b: &str) -> usize {
    let mut n = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    while !b.is_char_boundary(n) {
        n -= 1;
    }
    n
}

/// The block of `blocks` to append a record of at most `need` bytes to: the last one
/// while it has room, else a new one of `size` bytes (or `need`, if more). A record
/// never straddles two blocks, and no block is ever copied into a larger one.
pub(crate) fn block_for(blocks: &mut VecDeque<Vec<u8>>, need: usize, size: usize) -> &mut Vec<u8> {
    match blocks.back() {
        Some(b) if b.capacity() - b.len() >= need => {}
        _ => blocks.push_back(Vec::with_capacity(need.max(size))),
    }
    blocks.back_mut().expect("a block was just made")
}

/// Appends `path` as the length it shares with `last` (the path before) and the rest;
/// `last` becomes `path`.
pub(crate) fn put_path(out: &mut Vec<u8>, last: &mut String, path: &str) {
    let shared = common_prefix(last, path);
    let tail = &path[shared..];
    put_varint(out, shared as u64);
    put_varint(out, tail.len() as u64);
    out.extend_from_slice(tail.as_bytes());
    last.truncate(shared);
    last.push_str(tail);
}

/// Reads what [`put_path`] wrote at `at` into `path`, which holds the path before;
/// moves `at` past it.
pub(crate) fn take_path(bytes: &[u8], at: &mut usize, path: &mut String) {
    let shared = take_varint(bytes, at) as usize;
    let n = take_varint(bytes, at) as usize;
    path.truncate(shared);
    // the tails were cut at char boundaries of valid strings
    path.push_str(std::str::from_utf8(&bytes[*at..*at + n]).expect("written as a str"));
    *at += n;
}

/// Appends `v` in seven-bit groups, low first, the high bit set on all but the last.
pub(crate) fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Reads what [`put_varint`] wrote at `at`, and moves `at` past it.
pub(crate) fn take_varint(bytes: &[u8], at: &mut usize) -> u64 {
    let mut v = 0u64;
    let mut shift = 0;
    loop {
        let b = bytes[*at];
        *at += 1;
        v |= u64::from(b & 0x7F) << shift;
        if b < 0x80 {
            return v;
        }
        shift += 7;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_and_prefixes_come_back() {
        let mut out = Vec::new();
        let values = [0, 1, 127, 128, 300, u64::from(u32::MAX), u64::MAX];
        for v in values {
            put_varint(&mut out, v);
        }
        assert_eq!(out.len(), 1 + 1 + 1 + 2 + 2 + 5 + 10);
        let mut at = 0;
        let back: Vec<u64> = values.iter().map(|_| take_varint(&out, &mut at)).collect();
        assert_eq!((back.as_slice(), at), (values.as_slice(), out.len()));
        // "é" and "è" share their first byte, not their first character
        assert_eq!(common_prefix("/a/é.txt", "/a/è.txt"), 3);
        assert_eq!(common_prefix("/a/b", "/a/b/c"), 4);
        assert_eq!(common_prefix("", "x"), 0);

        let paths = ["/a/é.txt", "/a/è.txt", "/a/è.txt", "/b", ""];
        let (mut out, mut last) = (Vec::new(), String::new());
        for p in paths {
            put_path(&mut out, &mut last, p);
        }
        let (mut at, mut path) = (0, String::new());
        for p in paths {
            take_path(&out, &mut at, &mut path);
            assert_eq!(path, p);
        }
        assert_eq!(at, out.len());
    }

    #[test]
    fn a_record_never_straddles_two_blocks() {
        let mut blocks = VecDeque::new();
        block_for(&mut blocks, 3, 8).extend_from_slice(b"abc");
        block_for(&mut blocks, 5, 8).extend_from_slice(b"defgh");
        // 8 bytes used of 8: the next record starts a block, one larger than the
        // blocks' size a block of its own
        block_for(&mut blocks, 1, 8).push(b'i');
        block_for(&mut blocks, 20, 8).extend_from_slice(&[0; 20]);
        let lens: Vec<usize> = blocks.iter().map(Vec::len).collect();
        assert_eq!(lens, [8, 1, 20]);
    }
}
