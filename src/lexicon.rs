//! Word lexicons looked up ignoring case: the lexicons of several stages are read once per
//! token, where lowering each word into a new `String` would cost more than the lookup.

use rustc_hash::FxHashMap;

/// Words in lower case with a value, looked up by a word in any case, once per token.
/// `to_lowercase` and a string hash per token cost more than the rest of tokenising, so
/// short ASCII words (all of the lexicons, nearly all of English prose) are lowered into
/// an integer key as they are read ([`packed`]); other words take the general way.
#[derive(Debug)]
pub(crate) struct LowerLexicon<V> {
    /// Entries of at most [`PACKED`] ASCII bytes, by packed key.
    short: FxHashMap<u128, V>,
    /// The other entries.
    long: FxHashMap<String, V>,
}

impl<V> Default for LowerLexicon<V> {
    fn default() -> Self {
        LowerLexicon {
            short: FxHashMap::default(),
            long: FxHashMap::default(),
        }
    }
}

/// Longest word with a packed key: its bytes and its length fill a u128.
const PACKED: usize = 15;

/// `word` in ASCII lower case as an integer (its bytes, then its length in the last
/// byte), or None when it is not ASCII or longer than [`PACKED`] bytes. Two words have
/// the same key exactly when they are equal in ASCII lower case.
fn packed(word: &str) -> Option<u128> {
    if word.len() > PACKED {
        return None;
    }
    let mut key = [0u8; PACKED + 1];
    for (k, &b) in key.iter_mut().zip(word.as_bytes()) {
        if !b.is_ascii() {
            return None;
        }
        *k = b.to_ascii_lowercase();
    }
    key[PACKED] = word.len() as u8;
    Some(u128::from_le_bytes(key))
}

impl<V> LowerLexicon<V> {
    /// The entry of `key`, which must be in lower case already.
    pub(crate) fn entry(&mut self, key: String) -> &mut V
    where
        V: Default,
    {
        match packed(&key) {
            Some(k) => self.short.entry(k).or_default(),
            None => self.long.entry(key).or_default(),
        }
    }

    /// The value of `word` lowered (as `to_lowercase` lowers it).
    pub(crate) fn get(&self, word: &str) -> Option<&V> {
        if let Some(k) = packed(word) {
            return self.short.get(&k);
        }
        if word.is_ascii() {
            // Too long for a packed key; lowering ASCII keeps it ASCII and its length.
            return (!self.long.is_empty())
                .then(|| self.long.get(&word.to_ascii_lowercase()))
                .flatten();
        }
        let lower = word.to_lowercase();
        match packed(&lower) {
            Some(k) => self.short.get(&k),
            None => self.long.get(&lower),
        }
    }

    pub(crate) fn contains(&self, word: &str) -> bool {
        self.get(word).is_some()
    }
}
