//! A small Aho-Corasick automaton over bytes: every occurrence of every pattern, overlapping ones
//! included, in the order the `aho-corasick` crate's `find_overlapping_iter` gives them (by where
//! they end; at one end, the longest first, patterns of equal text in the order they were added).
//!
//! It replaces that crate in the WASM module for its bytes: the crate keeps three automaton kinds
//! and their search loops (about 46 kB of the module), where the phrase index needs one search over
//! a few hundred short phrases. It is deterministic: every state has its next state for every
//! class of byte (the bytes the patterns hold, and one class for all others) in one table, built
//! once per classifier, so a scan costs one table read per byte of text (docs/performance.md, "The
//! branch core-speed"). `tests` compares every match with the crate's on the fixture corpus.

/// The start state: every scan begins there and falls back to it.
const START: u32 = 0;

/// A built automaton: a deterministic one, whose every state has its next state for every byte
/// class in one table, so that a scan reads one entry per byte of text and never follows a failure
/// link.
pub struct Automaton {
    /// Each byte's class: 0 for bytes that occur in no pattern (they lead back to `START` from every
    /// state), else one class per byte that does.
    classes: [u16; 256],
    /// How many classes there are: the length of a state's row in `next`.
    stride: usize,
    /// State `s`'s next state for class `c` is `next[s * stride + c]`.
    next: Vec<u32>,
    /// Each state's matches: `matches[begin..end]` for `(begin, end) = state_matches[s]`.
    state_matches: Vec<(u32, u32)>,
    /// Every state's matches as pattern ids, each state's run in reporting order.
    matches: Vec<u32>,
    /// Each pattern's length in bytes.
    lengths: Vec<u32>,
}

/// One occurrence: byte offsets in the haystack and the pattern's index in the list it was built from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Match {
    pub start: usize,
    pub end: usize,
    pub pattern: usize,
}

impl Automaton {
    /// The automaton of `patterns`. An empty pattern would match everywhere: it is left out (never
    /// reported), and the phrase index adds none.
    pub fn new<P: AsRef<[u8]>>(patterns: &[P]) -> Self {
        // One class per byte that occurs in a pattern, in byte order; class 0 for all others.
        let mut classes = [0u16; 256];
        for &byte in patterns.iter().flat_map(|p| p.as_ref()) {
            classes[usize::from(byte)] = 1;
        }
        let mut stride: u16 = 1;
        for class in classes.iter_mut().filter(|c| **c == 1) {
            *class = stride;
            stride += 1;
        }
        let stride = usize::from(stride);
        // The trie: each state's edges as (class, target), and its own matches.
        let mut edges: Vec<Vec<(u16, u32)>> = vec![Vec::new()];
        let mut own: Vec<Vec<u32>> = vec![Vec::new()];
        let mut lengths = Vec::with_capacity(patterns.len());
        for (id, pattern) in patterns.iter().enumerate() {
            let pattern = pattern.as_ref();
            lengths.push(u32::try_from(pattern.len()).unwrap_or(u32::MAX));
            if pattern.is_empty() {
                continue;
            }
            let mut state = START;
            for &byte in pattern {
                let class = classes[usize::from(byte)];
                let list = &edges[state as usize];
                state = match list.iter().find(|&&(c, _)| c == class) {
                    Some(&(_, target)) => target,
                    None => {
                        let target = state_id(edges.len());
                        edges[state as usize].push((class, target));
                        edges.push(Vec::new());
                        own.push(Vec::new());
                        target
                    }
                };
            }
            own[state as usize].push(state_id(id));
        }

        // The table, breadth first: a state's failure state is shallower, so its row and its
        // matches are final when the state is reached. Where a state has no edge for a class, its
        // next state is its failure state's. A state reports its own patterns, then its failure
        // state's (longer before shorter).
        let mut next = vec![START; edges.len() * stride];
        let mut fails = vec![START; edges.len()];
        let mut match_lists: Vec<Vec<u32>> = vec![Vec::new(); edges.len()];
        let mut queue = std::collections::VecDeque::from([START]);
        while let Some(state) = queue.pop_front() {
            let row = state as usize * stride;
            if state != START {
                let fail_row = fails[state as usize] as usize * stride;
                next.copy_within(fail_row..fail_row + stride, row);
            }
            for &(class, child) in &edges[state as usize] {
                next[row + usize::from(class)] = child;
            }
            for &(class, child) in &edges[state as usize] {
                let fail = if state == START {
                    START
                } else {
                    next[fails[state as usize] as usize * stride + usize::from(class)]
                };
                fails[child as usize] = fail;
                let mut list = std::mem::take(&mut own[child as usize]);
                list.extend_from_slice(&match_lists[fail as usize]);
                match_lists[child as usize] = list;
                queue.push_back(child);
            }
        }
        let mut matches = Vec::new();
        let state_matches = match_lists
            .iter()
            .map(|list| {
                let begin = state_id(matches.len());
                matches.extend_from_slice(list);
                (begin, state_id(matches.len()))
            })
            .collect();
        Self {
            classes,
            stride,
            next,
            state_matches,
            matches,
            lengths,
        }
    }

    /// Calls `found` with every occurrence in `haystack`, in order of where they end.
    pub fn for_each_match(&self, haystack: &[u8], mut found: impl FnMut(Match)) {
        let mut state = START as usize;
        for (at, &byte) in haystack.iter().enumerate() {
            let class = usize::from(self.classes[usize::from(byte)]);
            state = self
                .next
                .get(state * self.stride + class)
                .map_or(START as usize, |&s| s as usize);
            let Some(&(begin, end)) = self.state_matches.get(state).filter(|m| m.0 < m.1) else {
                continue;
            };
            for &pattern in self
                .matches
                .get(begin as usize..end as usize)
                .unwrap_or(&[])
            {
                let length = self.lengths.get(pattern as usize).copied().unwrap_or(0);
                found(Match {
                    start: at + 1 - length as usize,
                    end: at + 1,
                    pattern: pattern as usize,
                });
            }
        }
    }
}

/// A count of states, edges or patterns as an id: the phrase index holds a few thousand.
fn state_id(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every match of `patterns` in `haystack`, by this automaton and by the `aho-corasick` crate.
    fn both(patterns: &[&str], haystack: &str) -> (Vec<Match>, Vec<Match>) {
        let mut ours = Vec::new();
        Automaton::new(patterns).for_each_match(haystack.as_bytes(), |m| ours.push(m));
        let theirs = aho_corasick::AhoCorasick::new(patterns)
            .unwrap()
            .find_overlapping_iter(haystack)
            .map(|m| Match {
                start: m.start(),
                end: m.end(),
                pattern: m.pattern().as_usize(),
            })
            .collect();
        (ours, theirs)
    }

    #[test]
    fn overlapping_matches_come_in_the_crates_order() {
        let patterns = ["he", "she", "his", "hers", "e", "she", "s", "hershey"];
        let (ours, theirs) = both(&patterns, "ushers shehershey his");
        assert_eq!(ours, theirs);
        assert_eq!(ours.len(), 23);
    }

    #[test]
    fn failure_links_are_followed_through_several_states() {
        let patterns = ["aaaa", "aab", "ab", "b", "aaab", "ba"];
        let (ours, theirs) = both(&patterns, "aaaaabaaaabaabab");
        assert_eq!(ours, theirs);
        assert!(!ours.is_empty());
    }

    #[test]
    fn multi_byte_text_and_no_patterns() {
        let (ours, theirs) = both(&["año", "ño", "o"], "el año, niño: ñoño");
        assert_eq!(ours, theirs);
        assert_eq!(both(&[], "anything").0, Vec::new());
    }
}
