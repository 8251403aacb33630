//! The one phrase automaton, and the one pass over a page's text.
//!
//! Every phrase the classifier knows — page-kind phrases, session-row words, time words, known
//! setting labels, in every language — is one pattern of a single Aho-Corasick automaton
//! (`automaton`), tagged with what it means. [`PageText::scan`] folds each text of a snapshot once and runs the automaton
//! over it once; everything after reads the hits. So the cost grows with the page, and stays flat as
//! rules, platforms and languages are added.

use std::collections::HashMap;

use super::automaton::Automaton;
use super::rules::{Rules, SessionWords, TimeUnit};
use super::text::{fold, is_whole_word};
use crate::report::PageKind;
use crate::snapshot::PageSnapshot;

/// What a phrase says when it occurs in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Meaning {
    /// Evidence for a kind of page.
    Kind(PageKind),
    /// A device, system, browser or app word.
    Device,
    /// Marks the current session.
    Current,
    /// A time that is also the current session ("Active now").
    Live,
    /// Marks an ended session.
    Ended,
    /// Makes a comma-separated name a company rather than a place.
    NotPlace,
    Time(TimeWord),
    /// The label of a known setting, by index in `Rules::settings`.
    Setting(usize),
}

/// The part a word plays in a time phrase.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeWord {
    /// 1 = January.
    Month(u8),
    Weekday,
    Unit(TimeUnit),
    Ago,
    Yesterday,
    Today,
    Now,
    One,
    Am,
    Pm,
    Filler,
}

/// One whole-word occurrence of a phrase, as byte offsets in the folded text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub start: usize,
    pub end: usize,
    pub meaning: Meaning,
}

/// The automaton and the meaning of each of its patterns.
pub struct PhraseIndex {
    automaton: Automaton,
    meanings: Vec<Meaning>,
}

impl PhraseIndex {
    pub fn new(rules: &Rules) -> Self {
        let patterns = Patterns::of(rules);
        Self {
            automaton: Automaton::new(&patterns.folded),
            meanings: patterns.meanings,
        }
    }

    /// Every whole-word occurrence of every phrase in `folded`, overlapping ones included, in order
    /// of where they end.
    pub fn find(&self, folded: &str) -> Vec<Hit> {
        let mut hits = Vec::new();
        self.automaton.for_each_match(folded.as_bytes(), |m| {
            if let Some(&meaning) = self.meanings.get(m.pattern) {
                if is_whole_word(folded, m.start, m.end) {
                    hits.push(Hit {
                        start: m.start,
                        end: m.end,
                        meaning,
                    });
                }
            }
        });
        hits
    }

    /// How many matches of any phrase `folded` holds, overlapping ones included, with no
    /// whole-word check: the automaton's pass alone.
    pub fn count_matches(&self, folded: &str) -> usize {
        let mut count = 0;
        self.automaton
            .for_each_match(folded.as_bytes(), |_| count += 1);
        count
    }
}

/// Patterns being collected: folded text and meaning, side by side.
#[derive(Default)]
struct Patterns {
    folded: Vec<String>,
    meanings: Vec<Meaning>,
}

impl Patterns {
    /// Every phrase of `rules`, folded, with its meaning.
    fn of(rules: &Rules) -> Self {
        let mut patterns = Self::default();
        for rule in &rules.kinds {
            let phrases = rule
                .phrases
                .iter()
                .flat_map(|g| g.languages.values().flatten());
            patterns.add_all(phrases, Meaning::Kind(rule.kind));
        }
        for words in rules.sessions.values() {
            patterns.add_session_words(words);
        }
        for (index, setting) in rules.settings.iter().enumerate() {
            patterns.add_all(setting.phrases.values().flatten(), Meaning::Setting(index));
        }
        patterns
    }

    fn add_all<'a>(&mut self, phrases: impl IntoIterator<Item = &'a String>, meaning: Meaning) {
        for phrase in phrases {
            let folded = fold(phrase.trim());
            // An empty pattern would match everywhere; the rules test reports it.
            if !folded.is_empty() {
                self.folded.push(folded);
                self.meanings.push(meaning);
            }
        }
    }

    fn add_session_words(&mut self, words: &SessionWords) {
        self.add_all(&words.devices, Meaning::Device);
        self.add_all(&words.current, Meaning::Current);
        self.add_all(&words.live, Meaning::Live);
        self.add_all(&words.ended, Meaning::Ended);
        self.add_all(&words.not_places, Meaning::NotPlace);
        for (month, names) in (1u8..).zip(&words.months) {
            self.add_all(names, Meaning::Time(TimeWord::Month(month)));
        }
        for (unit, names) in &words.units {
            self.add_all(names, Meaning::Time(TimeWord::Unit(*unit)));
        }
        let simple = [
            (&words.weekdays, TimeWord::Weekday),
            (&words.ago, TimeWord::Ago),
            (&words.yesterday, TimeWord::Yesterday),
            (&words.today, TimeWord::Today),
            (&words.now, TimeWord::Now),
            (&words.one, TimeWord::One),
            (&words.am, TimeWord::Am),
            (&words.pm, TimeWord::Pm),
            (&words.fillers, TimeWord::Filler),
        ];
        for (names, word) in simple {
            self.add_all(names, Meaning::Time(word));
        }
    }
}

/// A text, folded, with the phrases found in it.
#[derive(Debug, Clone)]
pub struct Scanned {
    pub folded: String,
    pub hits: Vec<Hit>,
}

impl Scanned {
    fn new(index: &PhraseIndex, text: &str) -> Self {
        let folded = fold(text);
        let hits = if folded.is_empty() {
            Vec::new()
        } else {
            index.find(&folded)
        };
        Self { folded, hits }
    }

    /// `text` scanned with the compiled-in rules, for tests of the steps after the pass.
    #[cfg(test)]
    pub fn new_for_test(text: &str) -> Self {
        let classifier = crate::classify::Classifier::builtin().expect("the rules compile");
        Self::new(&classifier.phrases, text)
    }

    /// The hits that lie within `start..end`.
    pub fn hits_within(&self, start: usize, end: usize) -> impl Iterator<Item = &Hit> + '_ {
        self.hits
            .iter()
            .filter(move |h| h.start >= start && h.end <= end)
    }

    pub fn has(&self, wanted: impl Fn(Meaning) -> bool) -> bool {
        self.hits.iter().any(|h| wanted(h.meaning))
    }
}

/// The one pass: the title, and every node's text and ARIA label, folded and scanned once. A text
/// that occurs on many nodes (a label repeated down a list, or a page built to repeat one long text
/// thousands of times) is folded and scanned once, and its nodes share the result.
pub struct PageText {
    pub title: Scanned,
    /// Each distinct text or label of the page, scanned.
    distinct: Vec<Scanned>,
    /// Node `i`'s text is `distinct[texts[i]]`.
    texts: Vec<u32>,
    /// Node `i`'s `aria-label` is `distinct[labels[i]]`; `None` where it has none.
    labels: Vec<Option<u32>>,
}

impl PageText {
    pub fn scan(index: &PhraseIndex, snapshot: &PageSnapshot) -> Self {
        let mut distinct = Distinct {
            scanned: Vec::new(),
            // At most one text per node: sized once, never grown.
            ids: HashMap::with_capacity(snapshot.nodes.len()),
            empty: None,
        };
        let texts = snapshot
            .nodes
            .iter()
            .map(|node| distinct.id(index, &node.text))
            .collect();
        let labels = snapshot
            .nodes
            .iter()
            .map(|node| node.label.as_deref().map(|label| distinct.id(index, label)))
            .collect();
        Self {
            title: Scanned::new(index, &snapshot.title),
            distinct: distinct.scanned,
            texts,
            labels,
        }
    }

    /// Node `node`'s text, scanned.
    pub fn text(&self, node: usize) -> Option<&Scanned> {
        self.distinct.get(*self.texts.get(node)? as usize)
    }

    /// Node `node`'s `aria-label`, scanned, when it has one.
    pub fn label(&self, node: usize) -> Option<&Scanned> {
        self.distinct.get((*self.labels.get(node)?)? as usize)
    }

    /// Which distinct text node `node`'s text is: nodes with the same text have the same id.
    pub fn text_id(&self, node: usize) -> Option<u32> {
        self.texts.get(node).copied()
    }

    /// Every node's text, scanned, in document order.
    pub fn texts(&self) -> impl Iterator<Item = &Scanned> + '_ {
        self.texts
            .iter()
            .filter_map(|&id| self.distinct.get(id as usize))
    }
}

/// The page's distinct texts, each scanned the first time it is seen. The empty text, which most
/// nodes have (containers: 414 of the typical page's 495 nodes), is found without hashing it again
/// for each of them.
struct Distinct<'s> {
    scanned: Vec<Scanned>,
    ids: HashMap<&'s str, u32>,
    empty: Option<u32>,
}

impl<'s> Distinct<'s> {
    /// The id of `text`: its index in `scanned`, in order of first occurrence.
    fn id(&mut self, index: &PhraseIndex, text: &'s str) -> u32 {
        let scanned = &mut self.scanned;
        let scan = || {
            scanned.push(Scanned::new(index, text));
            u32::try_from(scanned.len() - 1).unwrap_or(u32::MAX)
        };
        if text.is_empty() {
            *self.empty.get_or_insert_with(scan)
        } else {
            *self.ids.entry(text).or_insert_with(scan)
        }
    }
}

// Native only: it reads the fixture pages from disk, through `crate::html`.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::classify::automaton::Match;
    use crate::classify::Classifier;

    /// Every file under `dir`, recursively.
    fn files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("the fixtures are readable") {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                files(&path, out);
            } else {
                out.push(path);
            }
        }
    }

    /// The phrase automaton finds what the `aho-corasick` crate finds with the same patterns, match
    /// for match and in the same order, in every text of every fixture page (title, node texts,
    /// labels) and in each page's whole HTML, folded.
    #[test]
    fn the_automaton_matches_the_aho_corasick_crate_on_the_fixture_corpus() {
        let classifier = Classifier::builtin().expect("the rules compile");
        let patterns = Patterns::of(classifier.rules());
        let crate_automaton = aho_corasick::AhoCorasick::new(&patterns.folded).unwrap();
        let ours = &classifier.phrases.automaton;

        let mut paths = Vec::new();
        files(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pages"),
            &mut paths,
        );
        let (mut texts, mut pages, mut matches) = (0, 0, 0);
        for path in paths
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e == "html"))
        {
            let html = std::fs::read_to_string(path).expect("a fixture page is UTF-8");
            let snapshot = crate::html::snapshot_from_html(&html, None);
            let node_texts = snapshot
                .nodes
                .iter()
                .flat_map(|n| [Some(n.text.as_ref()), n.label.as_deref()]);
            for text in [Some(snapshot.title.as_ref()), Some(html.as_str())]
                .into_iter()
                .chain(node_texts)
                .flatten()
            {
                let folded = fold(text);
                let mut found = Vec::new();
                ours.for_each_match(folded.as_bytes(), |m| found.push(m));
                let expected: Vec<Match> = crate_automaton
                    .find_overlapping_iter(&folded)
                    .map(|m| Match {
                        start: m.start(),
                        end: m.end(),
                        pattern: m.pattern().as_usize(),
                    })
                    .collect();
                assert_eq!(found, expected, "{}: {folded:.200}", path.display());
                texts += 1;
                matches += found.len();
            }
            pages += 1;
        }
        assert!(pages >= 100, "only {pages} fixture pages");
        assert!(matches > 10_000, "only {matches} matches in {texts} texts");
    }
}
