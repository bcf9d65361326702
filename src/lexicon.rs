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

/// No phrase: a trie state where none ends.
const NO_PHRASE: u32 = u32::MAX;

/// A phrase lexicon as a DFA that finds it in a text as aho-corasick's DFA does (ASCII
/// case-insensitive, leftmost-longest, non-overlapping), built by hand from the trie of
/// the phrases.
///
/// Why not aho-corasick's: its builder goes through a general NFA with sparse
/// transitions, and for the 200 cues took 2 ms, a good part of a short run, where filling
/// a dense table breadth first takes a few hundredths of that. Matching case folds the
/// bytes with the table's own column map, so the table holds each letter once.
#[derive(Debug)]
pub(crate) struct PhraseDfa {
    /// The table column of a byte: an ASCII capital's is its lower-case letter's, bytes in
    /// no phrase share column 0.
    column: [u8; 256],
    /// Columns per state.
    width: usize,
    /// The transitions: `trans[state + column]`. A state is the index of its row's first
    /// cell; the dead state is 0, the match states come next, then the others.
    trans: Vec<u32>,
    /// The last match state.
    max_match: usize,
    start: usize,
    /// The phrase each match state reports (by row, from the first match state's).
    matched: Vec<u32>,
    /// The byte length of each phrase.
    lens: Vec<usize>,
}

impl Default for PhraseDfa {
    /// Finds nothing.
    fn default() -> Self {
        PhraseDfa::new(&[]).unwrap_or_else(|_| unreachable!("no phrases, no error"))
    }
}

impl PhraseDfa {
    pub(crate) fn new(phrases: &[String]) -> Result<Self, String> {
        if phrases.iter().any(String::is_empty) {
            return Err("empty phrase".to_string());
        }
        let too_many = || "too many phrases".to_string();
        let mut column = [0u8; 256];
        let mut width: usize = 1;
        for b in phrases.iter().flat_map(|p| p.bytes()) {
            let b = usize::from(b.to_ascii_lowercase());
            if column[b] == 0 {
                column[b] = u8::try_from(width).map_err(|_| "too many distinct bytes")?;
                width += 1;
            }
        }
        for b in b'A'..=b'Z' {
            column[usize::from(b)] = column[usize::from(b.to_ascii_lowercase())];
        }

        // The trie, in states numbered as made: 0 dead, 1 the start.
        const DEAD: usize = 0;
        const START: usize = 1;
        // A state per phrase byte at most: the rows of all, zeroed at once (rather than
        // a row appended per state), are cut to the states made after.
        let most = 2 + phrases.iter().map(String::len).sum::<usize>();
        let mut child = vec![0u32; most * width];
        let mut own = Vec::with_capacity(most);
        own.resize(2, NO_PHRASE);
        // The slot of each state's own edge (none for the dead and the start state).
        let mut slot_of = Vec::with_capacity(most);
        slot_of.resize(2, 0);
        for (id, p) in phrases.iter().enumerate() {
            let mut node = START;
            for b in p.bytes() {
                let slot = node * width + usize::from(column[usize::from(b)]);
                if child[slot] == 0 {
                    child[slot] = u32::try_from(own.len()).map_err(|_| too_many())?;
                    own.push(NO_PHRASE);
                    slot_of.push(slot);
                }
                node = child[slot] as usize;
            }
            // The first of two alike phrases is the match.
            if own[node] == NO_PHRASE {
                own[node] = u32::try_from(id).map_err(|_| too_many())?;
            }
        }
        let states = own.len();
        u32::try_from(states * width).map_err(|_| too_many())?;
        child.truncate(states * width);
        // The states by parent (a counting sort of their edges): a state's children are
        // `kids[kids_at[s]..kids_at[s + 1]]`, found without a scan of its row, where most
        // cells are empty.
        let mut kids_at = vec![0usize; states + 1];
        for &slot in &slot_of[2..] {
            kids_at[slot / width + 1] += 1;
        }
        for s in 0..states {
            kids_at[s + 1] += kids_at[s];
        }
        let mut kids = vec![0u32; states - 2];
        let mut fill = kids_at.clone();
        for (kid, &slot) in slot_of.iter().enumerate().skip(2) {
            let parent = slot / width;
            kids[fill[parent]] = kid as u32;
            fill[parent] += 1;
        }

        // Failure links and transitions, breadth first, as aho-corasick's NFA has them for
        // leftmost semantics: a state where a phrase ends fails to the dead state (a search
        // stops at its first match unless a longer phrase goes on), a state where none ends
        // reports its failure state's match (a phrase ending inside a longer one that
        // failed). Every state's failure state is shallower, so its row is complete.
        let mut fail = vec![START; states];
        fail[DEAD] = DEAD;
        let mut first = own.clone();
        let mut trans = vec![0u32; states * width];
        let mut queue = Vec::with_capacity(states);
        for c in 0..width {
            let next = child[START * width + c];
            trans[START * width + c] = if next == 0 { START as u32 } else { next };
            if next != 0 {
                queue.push(next as usize);
                if own[next as usize] != NO_PHRASE {
                    fail[next as usize] = DEAD;
                }
            }
        }
        let mut qi = 0;
        while let Some(&id) = queue.get(qi) {
            qi += 1;
            let (f, row) = (fail[id] * width, id * width);
            // A byte with no child goes where the failure state's does: its whole row
            // copied, then the children written over it.
            trans.copy_within(f..f + width, row);
            for &next in &kids[kids_at[id]..kids_at[id + 1]] {
                let next = next as usize;
                let c = slot_of[next] - row;
                // (The failure state's transition, not yet overwritten.)
                let on_fail = trans[row + c] as usize;
                trans[row + c] = next as u32;
                queue.push(next);
                if own[next] != NO_PHRASE {
                    fail[next] = DEAD;
                } else {
                    fail[next] = on_fail;
                    first[next] = first[on_fail];
                }
            }
        }

        // Renumbered: dead, the match states, the others; each state its row's first cell.
        let mut order = vec![DEAD];
        order.extend((1..states).filter(|&s| first[s] != NO_PHRASE));
        let matches = order.len() - 1;
        order.extend((1..states).filter(|&s| first[s] == NO_PHRASE));
        let mut cell_of = vec![0; states];
        for (row, &s) in order.iter().enumerate() {
            cell_of[s] = (row * width) as u32;
        }
        for t in trans.iter_mut() {
            *t = cell_of[*t as usize];
        }
        let mut table = Vec::with_capacity(states * width);
        for &s in &order {
            table.extend_from_slice(&trans[s * width..(s + 1) * width]);
        }
        Ok(PhraseDfa {
            column,
            width,
            trans: table,
            max_match: matches * width,
            start: cell_of[START] as usize,
            matched: order[1..=matches].iter().map(|&s| first[s]).collect(),
            lens: phrases.iter().map(String::len).collect(),
        })
    }

    /// Gives `out` the matches of `hay` (the phrase's index, start and end), in order:
    /// from where the last match ended, the DFA runs until it dies, and the last match
    /// state it passed is the match.
    pub(crate) fn each_match(&self, hay: &[u8], mut out: impl FnMut(usize, usize, usize)) {
        let (trans, column, max_match) = (&self.trans[..], &self.column, self.max_match);
        let mut at = 0;
        while at < hay.len() {
            let mut state = self.start;
            // The last match state passed and where (0: none yet).
            let (mut matched, mut end) = (0, 0);
            let mut i = at;
            'run: loop {
                // The bytes that lead to neither a match nor the dead state, in a loop of
                // their own: it holds nothing but the state and the offset.
                loop {
                    let Some(&b) = hay.get(i) else {
                        break 'run;
                    };
                    i += 1;
                    state = trans[state + usize::from(column[usize::from(b)])] as usize;
                    if state <= max_match {
                        break;
                    }
                }
                if state == 0 {
                    break;
                }
                (matched, end) = (state, i);
            }
            if matched == 0 {
                return;
            }
            let id = self.matched[matched / self.width - 1] as usize;
            out(id, end - self.lens[id], end);
            at = end;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aho_corasick::{AhoCorasick, MatchKind};

    /// Compares the matches of each text with aho-corasick's.
    fn same_as_aho_corasick(phrases: &[String], texts: &[String]) {
        let ac = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(phrases)
            .unwrap();
        let dfa = PhraseDfa::new(phrases).unwrap();
        for text in texts {
            let expected: Vec<_> = ac
                .find_iter(text)
                .map(|m| (m.pattern().as_usize(), m.start(), m.end()))
                .collect();
            let mut found = Vec::new();
            dfa.each_match(text.as_bytes(), |id, s, e| found.push((id, s, e)));
            assert_eq!(found, expected, "{text:?}");
        }
    }

    /// Texts made of pieces of the phrases and some other characters, in any order: where
    /// phrases overlap, nest and break off, the leftmost-longest rules decide.
    fn texts(phrases: &[String], n: usize) -> Vec<String> {
        let mut pieces: Vec<String> = vec![" ".into(), ", ".into(), "é".into(), "“".into()];
        for p in phrases {
            pieces.push(p.clone());
            pieces.push(p.to_uppercase());
            pieces.push(p[..p.len() / 2].to_string());
            pieces.push(p[p.len() / 2..].to_string());
        }
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        (0..n)
            .map(|_| {
                (0..12)
                    .map(|_| {
                        seed ^= seed << 13;
                        seed ^= seed >> 7;
                        seed ^= seed << 17;
                        pieces[(seed % pieces.len() as u64) as usize].as_str()
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn phrase_dfa_finds_what_aho_corasick_finds() {
        let phrases: Vec<String> = [
            "said",
            "says",
            "called",
            "called on",
            "called for",
            "quoted by",
            "as quoted by",
            "reported",
            "as reported by",
            "abcd",
            "bc",
            "b",
            "in a statement",
            "in a",
            "on x",
            "x",
            "said",
            "Told",
            "e-mail",
            "he said that",
        ]
        .map(String::from)
        .to_vec();
        same_as_aho_corasick(&phrases, &texts(&phrases, 3000));
    }

    #[test]
    fn phrase_dfa_on_the_cue_lexicon() {
        let set = crate::rules::RuleSet::defaults();
        let cues: Vec<String> = set
            .file("reporting_verbs.tsv")
            .unwrap()
            .words()
            .map(String::from)
            .collect();
        same_as_aho_corasick(&cues, &texts(&cues, 2000));
    }

    #[test]
    fn phrase_dfa_without_phrases_finds_nothing() {
        let mut found = 0;
        PhraseDfa::default().each_match(b"said", |_, _, _| found += 1);
        assert_eq!(found, 0);
        assert!(PhraseDfa::new(&[String::new()]).is_err());
    }
}
