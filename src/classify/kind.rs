//! What kind of page this is, weighing three sorts of evidence:
//!
//! - **URL rules** (`rules/pages.toml`): the platform's own address for a page. Only the most
//!   specific matching rule counts.
//! - **Phrases**, from the one pass: one in the title or a heading names the page; one in body text
//!   may only mention it; one in a link, button, menu or the page chrome counts for nothing
//!   (settings pages link to each other by name). Where phrases overlap only the longest counts, and
//!   a text repeated down the page counts once.
//! - **Structure**: a single password input is a sign-in form (several are a change-password form,
//!   a security page); session rows make a session list; switches and checkboxes make a settings
//!   page, of the kind their labels and chosen options name, else the one the text points to;
//!   `<article>` elements (feed posts, help articles) count for `other`.
//!
//! Help-centre articles and news talk about the same pages in the same words. Their own signals
//! ("Was this helpful?", "Most read", help-centre addresses) make a page `other` unless its
//! structure shows it is the real thing.

use std::collections::HashSet;

use super::phrases::{Hit, Meaning, PageText, Scanned};
use super::rules::{Rules, UrlRule};
use super::tree::Tree;
use crate::report::PageKind;
use crate::url::PageUrl;

/// A URL rule is the platform's own word for the page.
const URL_WEIGHT: u32 = 10;
const TITLE_WEIGHT: u32 = 3;
const HEADING_WEIGHT: u32 = 3;
const BODY_WEIGHT: u32 = 1;
/// One password input: a sign-in form.
const PASSWORD_WEIGHT: u32 = 12;
/// Several password inputs: changing a password, on a security page.
const CHANGE_PASSWORD_WEIGHT: u32 = 6;
/// Per session row that shows a device or an IP address, up to `MAX_ROWS_COUNTED`.
const ROW_WEIGHT: u32 = 3;
const MAX_ROWS_COUNTED: u32 = 4;
/// Controls on the page, for the settings kind they name (else the one the text points to).
const CONTROLS_WEIGHT: u32 = 4;
/// Per article element (a post in a feed, a help article), up to `MAX_ARTICLES_COUNTED`.
const ARTICLE_WEIGHT: u32 = 2;
const MAX_ARTICLES_COUNTED: u32 = 3;
/// The least evidence for a kind other than `other`.
const MIN_SCORE: u32 = 3;
/// Article signals that make a page without structure `other`.
const MIN_ARTICLE_SCORE: u32 = 3;

/// The kinds a page of switches can be.
const SETTINGS_KINDS: [PageKind; 5] = [
    PageKind::Security,
    PageKind::Privacy,
    PageKind::Location,
    PageKind::Activity,
    PageKind::DataDownload,
];

/// What the page's structure shows, counted by the other steps.
#[derive(Debug, Clone, Copy)]
pub struct Structure {
    pub password_inputs: usize,
    /// Session rows that show a device or an IP address.
    pub strong_rows: usize,
    /// Switches, checkboxes, radio groups and selects outside the page chrome.
    pub controls: usize,
    /// The settings kind most named by the controls' labels and chosen options.
    pub controls_name: Option<PageKind>,
    /// Article elements: posts of a feed, a help or news article.
    pub articles: usize,
}

impl Structure {
    /// Shows the page is a sign-in form, a session list or a settings page, not an article.
    fn any(self) -> bool {
        self.password_inputs > 0 || self.strong_rows > 0 || self.controls > 0
    }
}

/// The settings kind most named by what the controls say (labels and chosen options).
pub fn named_by_controls<'t>(texts: impl Iterator<Item = &'t Scanned>) -> Option<PageKind> {
    let mut counts = PerKind::default();
    for scanned in texts {
        for kind in longest_kinds(&scanned.hits) {
            if SETTINGS_KINDS.contains(&kind) {
                counts.add(kind, 1);
            }
        }
    }
    counts.most(|_, n| n > 0)
}

/// A number for each page kind, 0 until added to: a map from kind to number as an array (a
/// `BTreeMap` would bring its own insert, search and drop functions into the module).
#[derive(Default)]
struct PerKind([u32; PageKind::ALL.len()]);

impl PerKind {
    fn add(&mut self, kind: PageKind, n: u32) {
        if let Some(count) = self.0.get_mut(kind as usize) {
            *count += n;
        }
    }

    fn get(&self, kind: PageKind) -> u32 {
        self.0.get(kind as usize).copied().unwrap_or(0)
    }

    /// The kind with the largest number among those that pass `wanted`; of equal numbers, the
    /// first kind in `PageKind`'s order.
    fn most(&self, wanted: impl Fn(PageKind, u32) -> bool) -> Option<PageKind> {
        PageKind::ALL
            .into_iter()
            .map(|kind| (kind, self.get(kind)))
            .filter(|&(kind, n)| wanted(kind, n))
            .max_by_key(|&(kind, n)| (n, std::cmp::Reverse(kind)))
            .map(|(kind, _)| kind)
    }
}

/// The page kind, and the heading that names it (where a warning about it belongs), if any.
pub fn page_kind(
    rules: &Rules,
    url: Option<&PageUrl>,
    platform: Option<&str>,
    tree: &Tree,
    text: &PageText,
    structure: Structure,
) -> (PageKind, Option<u32>) {
    let mut scores = PerKind::default();
    let mut add = |kind: PageKind, weight: u32| scores.add(kind, weight);
    let url_kind = url.and_then(|u| url_kind(&rules.urls, u, platform));
    if let Some(kind) = url_kind {
        add(kind, URL_WEIGHT);
    }
    for kind in longest_kinds(&text.title.hits) {
        add(kind, TITLE_WEIGHT);
    }
    // The first heading naming each kind, by node index.
    let mut named_by: [Option<u32>; PageKind::ALL.len()] = Default::default();
    let mut counted: HashSet<&str> = HashSet::new();
    for (index, scanned) in text.texts().enumerate() {
        let Some(place) = tree.places.get(index) else {
            continue;
        };
        // A text repeated down a list ("Location" above every entry) counts once.
        if place.chrome
            || place.interactive
            || scanned.hits.is_empty()
            || !counted.insert(&scanned.folded)
        {
            continue;
        }
        let weight = if place.heading {
            HEADING_WEIGHT
        } else {
            BODY_WEIGHT
        };
        for kind in longest_kinds(&scanned.hits) {
            add(kind, weight);
            if let Some(first @ None) = named_by.get_mut(kind as usize).filter(|_| place.heading) {
                *first = Some(index as u32);
            }
        }
    }
    add_structure(&mut scores, structure);
    let article = scores.get(PageKind::Other);
    let real_page = structure.any() || url_kind.is_some_and(|k| k != PageKind::Other);
    let kind = if article >= MIN_ARTICLE_SCORE && !real_page {
        PageKind::Other
    } else {
        // Kinds never added to score 0, below `MIN_SCORE`; `Other` at 0 is the answer when no
        // kind reaches it, as it would be without a score.
        scores
            .most(|kind, score| score >= MIN_SCORE || kind == PageKind::Other)
            .unwrap_or(PageKind::Other)
    };
    (kind, named_by.get(kind as usize).copied().flatten())
}

fn add_structure(scores: &mut PerKind, structure: Structure) {
    let mut add = |kind: PageKind, weight: u32| scores.add(kind, weight);
    match structure.password_inputs {
        0 => {}
        1 => add(PageKind::Login, PASSWORD_WEIGHT),
        _ => add(PageKind::Security, CHANGE_PASSWORD_WEIGHT),
    }
    let rows = u32::try_from(structure.strong_rows).unwrap_or(u32::MAX);
    if rows > 0 {
        add(PageKind::Sessions, ROW_WEIGHT * rows.min(MAX_ROWS_COUNTED));
    }
    let articles = u32::try_from(structure.articles).unwrap_or(u32::MAX);
    if articles > 0 {
        add(
            PageKind::Other,
            ARTICLE_WEIGHT * articles.min(MAX_ARTICLES_COUNTED),
        );
    }
    if structure.controls > 0 {
        let best_by_text = scores.most(|kind, score| SETTINGS_KINDS.contains(&kind) && score > 0);
        if let Some(kind) = structure.controls_name.or(best_by_text) {
            scores.add(kind, CONTROLS_WEIGHT);
        }
    }
}

/// The kinds named by the longest phrases in one text: a phrase inside a longer one does not count
/// ("privacy" inside "data privacy"). One sweep over the hits sorted by start.
fn longest_kinds(hits: &[Hit]) -> Vec<PageKind> {
    let mut spans: Vec<(usize, usize, PageKind)> = hits
        .iter()
        .filter_map(|h| match h.meaning {
            Meaning::Kind(kind) => Some((h.start, h.end, kind)),
            _ => None,
        })
        .collect();
    // Spans of the same start and end (one phrase of two kinds) give both kinds in either order.
    spans.sort_unstable_by_key(|&(start, end, _)| (start, std::cmp::Reverse(end)));
    let mut kinds = Vec::new();
    // The span reaching furthest so far; it began at or before every span after it.
    let mut reach: Option<(usize, usize)> = None;
    for (start, end, kind) in spans {
        let inside_longer =
            reach.is_some_and(|(r_start, r_end)| r_end > end || (r_end == end && r_start < start));
        if !inside_longer && !kinds.contains(&kind) {
            kinds.push(kind);
        }
        if reach.is_none_or(|(_, r_end)| end > r_end) {
            reach = Some((start, end));
        }
    }
    kinds
}

/// The kind the most specific matching URL rule gives: the longest path, then one with a host or a
/// query.
pub(super) fn url_kind(
    rules: &[UrlRule],
    url: &PageUrl,
    platform: Option<&str>,
) -> Option<PageKind> {
    let path = url.path.to_ascii_lowercase();
    rules
        .iter()
        .filter(|rule| rule.platform == "*" || Some(rule.platform.as_str()) == platform)
        .filter(|rule| {
            rule.host.as_deref().is_none_or(|host| {
                url.host == host
                    || url
                        .host
                        .strip_suffix(host)
                        .is_some_and(|rest| rest.ends_with('.'))
            })
        })
        .filter(|rule| rule.query.as_deref().is_none_or(|q| url.query.contains(q)))
        .filter(|rule| path.starts_with(&rule.path.to_ascii_lowercase()))
        .max_by_key(|rule| {
            (
                rule.path.len(),
                rule.host.is_some(),
                rule.query.is_some(),
                rule.platform != "*",
            )
        })
        .map(|rule| rule.kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `PerKind` keeps kind `k`'s number at `k as usize`, and names kinds through `PageKind::ALL`.
    #[test]
    fn every_kind_is_at_its_index_in_all() {
        for (index, kind) in PageKind::ALL.into_iter().enumerate() {
            assert_eq!(kind as usize, index);
        }
    }

    fn rule(platform: &str, kind: PageKind, path: &str, query: Option<&str>) -> UrlRule {
        UrlRule {
            platform: platform.into(),
            kind,
            host: None,
            path: path.into(),
            query: query.map(str::to_owned),
        }
    }

    #[test]
    fn the_most_specific_url_rule_wins() {
        let rules = [
            rule(
                "facebook",
                PageKind::Security,
                "/password_and_security",
                None,
            ),
            rule(
                "facebook",
                PageKind::Sessions,
                "/password_and_security/login_activity",
                None,
            ),
            rule(
                "facebook",
                PageKind::Privacy,
                "/settings",
                Some("tab=privacy"),
            ),
            rule("*", PageKind::Login, "/login", None),
        ];
        let kind = |url: &str, platform| url_kind(&rules, &PageUrl::parse(url).unwrap(), platform);
        assert_eq!(
            kind(
                "https://accountscenter.facebook.com/password_and_security/login_activity",
                Some("facebook")
            ),
            Some(PageKind::Sessions)
        );
        assert_eq!(
            kind(
                "https://facebook.com/password_and_security",
                Some("facebook")
            ),
            Some(PageKind::Security)
        );
        assert_eq!(
            kind(
                "https://facebook.com/settings?tab=privacy",
                Some("facebook")
            ),
            Some(PageKind::Privacy)
        );
        assert_eq!(
            kind("https://facebook.com/settings", Some("facebook")),
            None
        );
        assert_eq!(
            kind("https://bank.example/LOGIN", None),
            Some(PageKind::Login)
        );
        assert_eq!(kind("https://x.example/password_and_security", None), None);
    }

    #[test]
    fn a_phrase_inside_a_longer_one_does_not_count() {
        let hit = |start, end, kind| Hit {
            start,
            end,
            meaning: Meaning::Kind(kind),
        };
        let hits = [
            hit(0, 12, PageKind::Activity),
            hit(5, 12, PageKind::Privacy),
            hit(20, 28, PageKind::Location),
        ];
        assert_eq!(
            longest_kinds(&hits),
            [PageKind::Activity, PageKind::Location]
        );
    }
}
