//! The one phrase automaton, and the one pass over a page's text.
//!
//! Every phrase the classifier knows — page-kind phrases, session-row words, time words, known
//! setting labels, in every language — is one pattern of a single Aho-Corasick automaton, tagged
//! with what it means. [`PageText::scan`] folds each text of a snapshot once and runs the automaton
//! over it once; everything after reads the hits. So the cost grows with the page, and stays flat as
//! rules, platforms and languages are added.

use aho_corasick::AhoCorasick;

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
    automaton: AhoCorasick,
    meanings: Vec<Meaning>,
}

impl PhraseIndex {
    pub fn new(rules: &Rules) -> Result<Self, String> {
        let mut patterns = Patterns::default();
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
        let automaton = AhoCorasick::new(&patterns.folded)
            .map_err(|e| format!("the phrase index could not be built: {e}"))?;
        Ok(Self {
            automaton,
            meanings: patterns.meanings,
        })
    }

    /// Every whole-word occurrence of every phrase in `folded`, overlapping ones included, in order
    /// of where they end.
    pub fn find(&self, folded: &str) -> Vec<Hit> {
        self.automaton
            .find_overlapping_iter(folded)
            .filter(|m| is_whole_word(folded, m.start(), m.end()))
            .filter_map(|m| {
                Some(Hit {
                    start: m.start(),
                    end: m.end(),
                    meaning: *self.meanings.get(m.pattern().as_usize())?,
                })
            })
            .collect()
    }

    /// How many matches of any phrase `folded` holds, overlapping ones included, with no
    /// whole-word check: the automaton's pass alone.
    pub fn count_matches(&self, folded: &str) -> usize {
        self.automaton.find_overlapping_iter(folded).count()
    }
}

/// Patterns being collected: folded text and meaning, side by side.
#[derive(Default)]
struct Patterns {
    folded: Vec<String>,
    meanings: Vec<Meaning>,
}

impl Patterns {
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

/// The one pass: the title, and every node's text and ARIA label, folded and scanned once.
pub struct PageText {
    pub title: Scanned,
    pub texts: Vec<Scanned>,
    /// Scanned `aria-label`s, `None` where a node has none.
    pub labels: Vec<Option<Scanned>>,
}

impl PageText {
    pub fn scan(index: &PhraseIndex, snapshot: &PageSnapshot) -> Self {
        Self {
            title: Scanned::new(index, &snapshot.title),
            texts: snapshot
                .nodes
                .iter()
                .map(|node| Scanned::new(index, &node.text))
                .collect(),
            labels: snapshot
                .nodes
                .iter()
                .map(|node| node.label.as_deref().map(|l| Scanned::new(index, l)))
                .collect(),
        }
    }
}
