//! Eight bytes at a time: the word-at-a-time tests that the byte scanners of several
//! stages share (sentence stops, quotation marks, character counts, word bytes). A scan
//! reads its text as little-endian `u64` words, so the lowest marked byte of a word is the
//! first in the text.

/// The byte 0x01 in every lane.
pub(crate) const ONES: u64 = 0x0101_0101_0101_0101;
/// The top bit of every lane.
pub(crate) const HIGH: u64 = ONES * 0x80;

/// The top bit of each zero byte of `x`. The lowest bit set marks the first zero byte
/// exactly; a borrow may also mark a byte above it, so only the lowest is to be trusted.
pub(crate) fn zero_bytes(x: u64) -> u64 {
    x.wrapping_sub(ONES) & !x & HIGH
}

/// The top bit of each byte of `x` that equals `b`, as [`zero_bytes`] marks them.
pub(crate) fn bytes_equal(x: u64, b: u8) -> u64 {
    zero_bytes(x ^ (ONES * u64::from(b)))
}

/// The eight-byte words of `bytes`, and the bytes after the last whole word.
pub(crate) fn words(bytes: &[u8]) -> (impl Iterator<Item = u64> + '_, &[u8]) {
    let chunks = bytes.chunks_exact(8);
    let rest = chunks.remainder();
    // Every chunk of `chunks_exact(8)` is eight bytes long.
    let words = chunks.map(|c| <[u8; 8]>::try_from(c).map_or(0, u64::from_le_bytes));
    (words, rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lowest_mark_is_the_first_equal_byte() {
        let text = b"no stop, then. And! More?";
        for start in 0..text.len() {
            let (mut words, rest) = words(&text[start..]);
            let first = words
                .next()
                .map(|x| bytes_equal(x, b'.') | bytes_equal(x, b'!'))
                .filter(|&m| m != 0)
                .map(|m| m.trailing_zeros() as usize / 8);
            let expected = text[start..]
                .iter()
                .take(8)
                .position(|&b| b == b'.' || b == b'!');
            if text.len() - start >= 8 {
                assert_eq!(first, expected, "from {start}");
            } else {
                assert_eq!(rest, &text[start..]);
            }
        }
    }
}
