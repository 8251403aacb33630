//! `classify`: from a page snapshot to a report — which platform, what kind of page, and what the page
//! shows that the platform keeps and who can get it.
//!
//! One pass over the snapshot: every phrase of every page kind and language sits in one Aho-Corasick
//! automaton (`PhraseIndex`), so the cost grows with the page, not with the number of rules. Evidence
//! is weighed, not trusted: a phrase in a heading counts more than one in body text, and one in a link
//! or menu counts for nothing (settings pages link to each other by name).

mod findings;
pub mod rules;
mod text;

use std::collections::BTreeMap;
use std::sync::OnceLock;

use aho_corasick::AhoCorasick;

use crate::kb::{knowledge_base, KnowledgeBase, Platform};
use crate::report::{CoreError, PageKind, Report};
use crate::snapshot::PageSnapshot;
use crate::url::PageUrl;
pub use rules::Rules;
pub use text::fold;

/// What the user chose; everything optional.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Options {
    /// The language the user picked (`en`, `es`); `None` follows the page, then the browser.
    #[serde(default)]
    pub language: Option<String>,
    /// The browser's interface language, used when neither the user nor the page decides.
    #[serde(default)]
    pub ui_language: Option<String>,
    /// Whose law to describe; US when absent.
    #[serde(default)]
    pub jurisdiction: Option<String>,
}

const RULES_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/rules.json"));

/// The compiled-in rules with their phrase index, built on first use.
fn compiled() -> Result<&'static Compiled, String> {
    static COMPILED: OnceLock<Result<Compiled, String>> = OnceLock::new();
    COMPILED
        .get_or_init(|| {
            let rules: Rules = serde_json::from_str(RULES_JSON)
                .map_err(|e| format!("the embedded rules are unreadable: {e}"))?;
            let phrases = PhraseIndex::new(&rules)?;
            Ok(Compiled { rules, phrases })
        })
        .as_ref()
        .map_err(Clone::clone)
}

struct Compiled {
    rules: Rules,
    phrases: PhraseIndex,
}

/// Every phrase of every kind and language, folded, in one automaton.
struct PhraseIndex {
    automaton: AhoCorasick,
    /// The page kind of each pattern, by pattern id.
    kinds: Vec<PageKind>,
}

impl PhraseIndex {
    fn new(rules: &Rules) -> Result<Self, String> {
        let (patterns, kinds): (Vec<String>, Vec<PageKind>) = rules
            .kinds
            .iter()
            .flat_map(|rule| {
                rule.phrases
                    .values()
                    .flatten()
                    .map(move |phrase| (fold(phrase), rule.kind))
            })
            .unzip();
        let automaton = AhoCorasick::new(&patterns)
            .map_err(|e| format!("the phrase index could not be built: {e}"))?;
        Ok(Self { automaton, kinds })
    }

    /// The page kinds whose phrases occur in `folded` as whole words.
    fn kinds_in(&self, folded: &str) -> impl Iterator<Item = PageKind> + '_ {
        let mut seen = Vec::new();
        for m in self.automaton.find_overlapping_iter(folded) {
            let kind = self.kinds[m.pattern().as_usize()];
            if text::is_whole_word(folded, m.start(), m.end()) && !seen.contains(&kind) {
                seen.push(kind);
            }
        }
        seen.into_iter()
    }
}

/// Evidence weights. A URL rule is the platform's own word for the page; a heading names the page;
/// body text may only mention it.
const URL_WEIGHT: u32 = 10;
const TITLE_WEIGHT: u32 = 3;
const HEADING_WEIGHT: u32 = 3;
const BODY_WEIGHT: u32 = 1;
/// The least evidence for a kind other than `other`.
const MIN_SCORE: u32 = 3;

/// Classifies one page. Errors are values: a snapshot that cannot be read gives `bad_snapshot`.
pub fn classify(snapshot: PageSnapshot, options: &Options) -> Result<Report, CoreError> {
    let snapshot = snapshot.into_bounded().map_err(|e| CoreError {
        code: "bad_snapshot".into(),
        message: e.to_string(),
    })?;
    let internal = |message: String| CoreError {
        code: "knowledge_base".into(),
        message,
    };
    let kb = knowledge_base().map_err(internal)?;
    let compiled = compiled().map_err(internal)?;

    let url = PageUrl::parse(&snapshot.url);
    let platform = url.as_ref().and_then(|u| kb.platform_for_host(&u.host));
    let language = choose_language(kb, options, &snapshot.lang);
    let jurisdiction = options
        .jurisdiction
        .clone()
        .unwrap_or_else(|| "US".to_owned());
    let page_kind = page_kind(compiled, &snapshot, url.as_ref(), platform);

    let findings = match platform {
        Some(platform) => findings::for_page(
            kb,
            &compiled.rules,
            platform,
            page_kind,
            &language,
            &jurisdiction,
        ),
        None => Vec::new(),
    };

    Ok(Report {
        url: snapshot.url,
        platform: platform.map_or("unknown", |p| &p.id).to_owned(),
        platform_name: platform.map(|p| p.name.clone()).unwrap_or_default(),
        page_kind,
        language,
        jurisdiction,
        sessions: Vec::new(),
        settings: Vec::new(),
        findings,
        subpoena_view: None,
        reviewed: platform.map(|p| p.reviewed.clone()),
        partial: snapshot.truncated,
    })
}

/// The user's choice, else the page's language, else the browser's, else the first supported one.
fn choose_language(kb: &KnowledgeBase, options: &Options, page_lang: &str) -> String {
    let supported = |tag: &str| {
        let primary = tag
            .split(['-', '_'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        kb.vocabulary
            .languages
            .iter()
            .find(|l| **l == primary)
            .cloned()
    };
    [
        options.language.as_deref(),
        Some(page_lang),
        options.ui_language.as_deref(),
    ]
    .into_iter()
    .flatten()
    .find_map(supported)
    .or_else(|| kb.vocabulary.languages.first().cloned())
    .unwrap_or_else(|| "en".to_owned())
}

fn page_kind(
    compiled: &Compiled,
    snapshot: &PageSnapshot,
    url: Option<&PageUrl>,
    platform: Option<&Platform>,
) -> PageKind {
    let mut scores: BTreeMap<PageKind, u32> = BTreeMap::new();
    if let (Some(url), Some(platform)) = (url, platform) {
        for rule in &compiled.rules.urls {
            let platform_matches = rule.platform == "*" || rule.platform == platform.id;
            let query_matches = rule
                .query
                .as_ref()
                .is_none_or(|q| url.query.contains(q.as_str()));
            if platform_matches && query_matches && url.path.starts_with(&rule.path) {
                *scores.entry(rule.kind).or_default() += URL_WEIGHT;
            }
        }
    }
    for kind in compiled.phrases.kinds_in(&fold(&snapshot.title)) {
        *scores.entry(kind).or_default() += TITLE_WEIGHT;
    }
    let context = NodeContext::of(snapshot);
    for (node, context) in snapshot.nodes.iter().zip(&context) {
        let weight = match context {
            NodeContext::Navigation => continue,
            NodeContext::Heading => HEADING_WEIGHT,
            NodeContext::Body => BODY_WEIGHT,
        };
        if node.text.is_empty() {
            continue;
        }
        for kind in compiled.phrases.kinds_in(&fold(&node.text)) {
            *scores.entry(kind).or_default() += weight;
        }
    }
    scores
        .into_iter()
        .filter(|&(_, score)| score >= MIN_SCORE)
        .max_by_key(|&(kind, score)| (score, std::cmp::Reverse(kind)))
        .map_or(PageKind::Other, |(kind, _)| kind)
}

/// Where a node sits, for weighing what its text says about the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NodeContext {
    /// Inside a link, button, menu, tab or navigation landmark: names other pages, not this one.
    Navigation,
    /// Inside a heading.
    Heading,
    Body,
}

impl NodeContext {
    /// The context of every node, in one pass: parents come before children.
    fn of(snapshot: &PageSnapshot) -> Vec<NodeContext> {
        let mut contexts: Vec<NodeContext> = Vec::with_capacity(snapshot.nodes.len());
        for node in &snapshot.nodes {
            let inherited = node
                .parent
                .map_or(NodeContext::Body, |p| contexts[p as usize]);
            let role = node.role.as_deref().unwrap_or_default();
            let own = if matches!(
                node.tag.as_str(),
                "a" | "nav" | "button" | "footer" | "header"
            ) || matches!(
                role,
                "link"
                    | "navigation"
                    | "menu"
                    | "menuitem"
                    | "tab"
                    | "tablist"
                    | "button"
                    | "banner"
                    | "contentinfo"
            ) {
                NodeContext::Navigation
            } else if matches!(node.tag.as_str(), "h1" | "h2" | "h3") || role == "heading" {
                NodeContext::Heading
            } else {
                NodeContext::Body
            };
            contexts.push(match (inherited, own) {
                (NodeContext::Navigation, _) | (_, NodeContext::Navigation) => {
                    NodeContext::Navigation
                }
                (NodeContext::Heading, _) | (_, NodeContext::Heading) => NodeContext::Heading,
                _ => NodeContext::Body,
            });
        }
        contexts
    }
}
