//! A small Aho-Corasick automaton over bytes: every occurrence of every pattern, overlapping ones
//! included, in the order the `aho-corasick` crate's `find_overlapping_iter` gives them (by where
//! they end; at one end, the longest first, patterns of equal text in the order they were added).
//!
//! It replaces that crate in the WASM module for its bytes: the crate keeps three automaton kinds
//! and their search loops (about 46 kB of the module), where the phrase index needs one search over
//! a few hundred short phrases. States keep their transitions as a sorted list of bytes beside a
//! list of targets; the start state, where a scan spends most of its steps, has a table of all 256.
//! `tests` compares every match with the crate's on the fixture corpus (docs/performance.md).

/// The start state: every scan begins there and falls back to it.
const START: u32 = 0;

/// A built automaton.
pub struct Automaton {
    /// The start state's next state for each byte (`START` where no pattern begins with it).
    start: Box<[u32; 256]>,
    states: Vec<State>,
    /// The bytes of every state's transitions, each state's run sorted: `State::edges` indexes it.
    edge_bytes: Vec<u8>,
    /// The state each edge leads to, beside `edge_bytes`.
    edge_targets: Vec<u32>,
    /// Every state's matches as pattern ids, each state's run in reporting order: `State::matches`.
    matches: Vec<u32>,
    /// Each pattern's length in bytes.
    lengths: Vec<u32>,
}

#[derive(Clone, Copy, Default)]
struct State {
    /// `edge_bytes[edges.0..edges.1]`.
    edges: (u32, u32),
    /// The state of the longest proper suffix of this state's text that is a state too.
    fail: u32,
    /// `matches[matches.0..matches.1]`.
    matches: (u32, u32),
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
        // The trie, each state's transitions kept in byte order as they are added (inserted in
        // place: a sort would be one more sorting function in the module), and its own matches.
        let mut edges: Vec<Vec<(u8, u32)>> = vec![Vec::new()];
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
                let list = &edges[state as usize];
                let at = list.partition_point(|&(b, _)| b < byte);
                state = match list.get(at) {
                    Some(&(b, target)) if b == byte => target,
                    _ => {
                        let target = state_id(edges.len());
                        edges[state as usize].insert(at, (byte, target));
                        edges.push(Vec::new());
                        own.push(Vec::new());
                        target
                    }
                };
            }
            own[state as usize].push(state_id(id));
        }

        let mut automaton = Self {
            start: Box::new([START; 256]),
            states: vec![State::default(); edges.len()],
            edge_bytes: edges.iter().flatten().map(|&(byte, _)| byte).collect(),
            edge_targets: edges.iter().flatten().map(|&(_, target)| target).collect(),
            matches: Vec::new(),
            lengths,
        };
        let mut offset = 0;
        for (state, list) in automaton.states.iter_mut().zip(&edges) {
            let end = offset + state_id(list.len());
            state.edges = (offset, end);
            offset = end;
        }
        for &(byte, target) in &edges[START as usize] {
            automaton.start[usize::from(byte)] = target;
        }

        // Failure links and match lists, breadth first: a state's failure state is shallower, so
        // its links and matches are final when the state is reached. A state reports its own
        // patterns, then its failure state's (longer before shorter).
        let mut match_lists: Vec<Vec<u32>> = vec![Vec::new(); edges.len()];
        let mut queue = std::collections::VecDeque::from([START]);
        while let Some(parent) = queue.pop_front() {
            for &(byte, child) in &edges[parent as usize] {
                let fail = if parent == START {
                    START
                } else {
                    automaton.next(automaton.states[parent as usize].fail, byte)
                };
                automaton.states[child as usize].fail = fail;
                let mut list = std::mem::take(&mut own[child as usize]);
                list.extend_from_slice(&match_lists[fail as usize]);
                match_lists[child as usize] = list;
                queue.push_back(child);
            }
        }
        for (state, list) in automaton.states.iter_mut().zip(&match_lists) {
            let begin = state_id(automaton.matches.len());
            automaton.matches.extend_from_slice(list);
            state.matches = (begin, state_id(automaton.matches.len()));
        }
        automaton
    }

    /// Calls `found` with every occurrence in `haystack`, in order of where they end.
    pub fn for_each_match(&self, haystack: &[u8], mut found: impl FnMut(Match)) {
        let mut state = START;
        for (at, &byte) in haystack.iter().enumerate() {
            state = self.next(state, byte);
            if state == START {
                continue;
            }
            let (begin, end) = self.state(state).matches;
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

    /// The state after reading `byte` in `state`, following failure links where it has no edge.
    fn next(&self, mut state: u32, byte: u8) -> u32 {
        loop {
            if state == START {
                return self.start[usize::from(byte)];
            }
            let State { edges, fail, .. } = self.state(state);
            let (begin, end) = (edges.0 as usize, edges.1 as usize);
            let bytes = self.edge_bytes.get(begin..end).unwrap_or(&[]);
            if let Some(i) = bytes.iter().position(|&b| b == byte) {
                return self.edge_targets.get(begin + i).copied().unwrap_or(START);
            }
            state = fail;
        }
    }

    fn state(&self, state: u32) -> State {
        self.states.get(state as usize).copied().unwrap_or_default()
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
