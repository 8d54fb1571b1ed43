//! The byte encoding of the run's packed lists (the inputs to read, the manifest's
//! inputs): a string stored as the length it shares with the one before and the rest,
//! integers as LEB128 varints.

/// The length of the longest common prefix of `a` and `b` that ends at a char boundary
/// (of both: their bytes up to it are the same).
pub(crate) fn common_prefix(a: &str, b: &str) -> usize {
    let mut n = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    while !b.is_char_boundary(n) {
        n -= 1;
    }
    n
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
    }
}
