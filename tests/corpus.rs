//! The fixture corpus: every page under `tests/fixtures/pages/<platform>/` read by the CLI's HTML
//! reader and classified, against its directory's `expected.toml`.
//!
//! Prints the confusion matrix of page kinds, per-platform accuracy, every session row and setting
//! that differs from what is expected, and requires: platform 100%, page kind at least 95%, the exact
//! number of sessions on every session page, session fields equal on at least 95% of rows, and
//! setting label and state right for at least 90% of the expected settings.
//!
//! The page-kind figure is in-sample: the phrases were written from these pages. Beside it, the test
//! prints a held-out figure: each platform's pages classified with that platform's own phrases
//! (`rules/pages.toml` groups with its `platform`) and URL rules withheld, as if it were a new
//! platform. A second test keeps that honest: a phrase in a platform's group occurs on that
//! platform's pages and no other's, and no `any` phrase occurs on one platform's pages alone.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use disclosure_lens::classify::{fold, is_whole_word};
use disclosure_lens::report::{PageKind, Report, Session, Setting};
use disclosure_lens::{classify, html, Classifier, Options, PageSnapshot};
use serde::Deserialize;

const MIN_PAGE_KIND_ACCURACY: f64 = 0.95;
const MIN_SESSION_ROW_ACCURACY: f64 = 0.95;
const MIN_SETTING_ACCURACY: f64 = 0.90;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Expected {
    page: Vec<ExpectedPage>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpectedPage {
    file: String,
    url: String,
    lang: String,
    platform: String,
    page_kind: PageKind,
    #[serde(default)]
    sessions: Option<Vec<ExpectedSession>>,
    #[serde(default)]
    settings: Option<Vec<ExpectedSetting>>,
}

#[derive(Deserialize, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
struct ExpectedSession {
    device: String,
    location: String,
    ip: String,
    time: String,
    current: bool,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct ExpectedSetting {
    label: String,
    state: String,
}

impl ExpectedSession {
    fn matches(&self, s: &Session) -> bool {
        (
            &self.device,
            &self.location,
            &self.ip,
            &self.time,
            self.current,
        ) == (&s.device, &s.location, &s.ip, &s.time, s.current)
    }
}

/// Counts of what was right, and what was checked.
#[derive(Default)]
struct Tally {
    pages: usize,
    platform_right: usize,
    kind_right: usize,
    language_right: usize,
    confusion: BTreeMap<(PageKind, PageKind), usize>,
    per_platform: BTreeMap<String, (usize, usize)>,
    session_pages: usize,
    session_counts_right: usize,
    session_rows: usize,
    session_rows_right: usize,
    settings: usize,
    setting_labels_right: usize,
    settings_right: usize,
    settings_extra: usize,
    misses: Vec<String>,
}

fn ratio(right: usize, all: usize) -> f64 {
    if all == 0 {
        1.0
    } else {
        right as f64 / all as f64
    }
}

fn pages_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pages")
}

fn corpus() -> Vec<(String, ExpectedPage)> {
    let mut dirs: Vec<PathBuf> = fs::read_dir(pages_dir())
        .expect("tests/fixtures/pages exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    let mut pages = Vec::new();
    for dir in dirs {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let expected_path = dir.join("expected.toml");
        let text = fs::read_to_string(&expected_path)
            .unwrap_or_else(|e| panic!("{}: {e}", expected_path.display()));
        let expected: Expected =
            toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", expected_path.display()));
        pages.extend(expected.page.into_iter().map(|p| (name.clone(), p)));
    }
    pages
}

fn snapshot(dir: &str, page: &ExpectedPage) -> PageSnapshot<'static> {
    let path = pages_dir().join(dir).join(&page.file);
    let html = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    html::snapshot_from_html(&html, Some(&page.url))
}

fn run(dir: &str, page: &ExpectedPage) -> Report {
    classify(snapshot(dir, page), &Options::default())
        .unwrap_or_else(|e| panic!("{dir}/{}: {}", page.file, e.message))
}

/// The compiled-in rules without `platform`'s own phrases and URL rules.
fn classifier_without(platform: &str) -> Classifier {
    let mut rules = Classifier::builtin()
        .expect("the rules compile")
        .rules()
        .clone();
    for kind in &mut rules.kinds {
        kind.phrases.retain(|group| group.platform != platform);
    }
    rules.urls.retain(|rule| rule.platform != platform);
    Classifier::new(rules)
}

/// Page kinds right with each platform's own phrases and URL rules withheld from its own pages:
/// per platform (right, pages).
fn held_out(corpus: &[(String, ExpectedPage)]) -> BTreeMap<&str, (usize, usize)> {
    let mut tally: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let platforms: BTreeSet<&str> = corpus.iter().map(|(_, p)| p.platform.as_str()).collect();
    for platform in platforms {
        let classifier = classifier_without(platform);
        for (dir, page) in corpus.iter().filter(|(_, p)| p.platform == platform) {
            let report = classifier
                .classify(snapshot(dir, page), &Options::default())
                .unwrap_or_else(|e| panic!("{dir}/{}: {}", page.file, e.message));
            let entry = tally.entry(platform).or_default();
            entry.0 += usize::from(report.page_kind == page.page_kind);
            entry.1 += 1;
        }
    }
    tally
}

fn check_sessions(tally: &mut Tally, name: &str, expected: &[ExpectedSession], got: &[Session]) {
    tally.session_pages += 1;
    if expected.len() == got.len() {
        tally.session_counts_right += 1;
    } else {
        tally.misses.push(format!(
            "{name}: {} sessions, expected {}",
            got.len(),
            expected.len()
        ));
    }
    for (i, want) in expected.iter().enumerate() {
        tally.session_rows += 1;
        match got.get(i) {
            Some(s) if want.matches(s) => tally.session_rows_right += 1,
            Some(s) => tally.misses.push(format!(
                "{name}: session {i}: got {:?} | {:?} | {:?} | {:?} | current={}, expected {want:?}",
                s.device, s.location, s.ip, s.time, s.current
            )),
            None => tally
                .misses
                .push(format!("{name}: session {i} missing: {want:?}")),
        }
    }
}

fn check_settings(tally: &mut Tally, name: &str, expected: &[ExpectedSetting], got: &[Setting]) {
    let mut unused: Vec<&Setting> = got.iter().collect();
    for want in expected {
        tally.settings += 1;
        match unused.iter().position(|s| s.label == want.label) {
            Some(at) => {
                let s = unused.remove(at);
                tally.setting_labels_right += 1;
                if s.state == want.state {
                    tally.settings_right += 1;
                } else {
                    tally.misses.push(format!(
                        "{name}: setting {:?} is {:?}, expected {:?}",
                        want.label, s.state, want.state
                    ));
                }
            }
            None => tally.misses.push(format!(
                "{name}: setting {:?} = {:?} not found",
                want.label, want.state
            )),
        }
    }
    for s in unused {
        tally.settings_extra += 1;
        tally.misses.push(format!(
            "{name}: extra setting {} {:?} = {:?}",
            s.id, s.label, s.state
        ));
    }
}

fn print_confusion(tally: &Tally) {
    let short = |k: PageKind| k.as_str().chars().take(8).collect::<String>();
    let mut out = format!(
        "\npage kind confusion (rows: expected, columns: classified)\n{:>14}",
        ""
    );
    for kind in PageKind::ALL {
        out += &format!("{:>9}", short(kind));
    }
    out += "\n";
    for want in PageKind::ALL {
        out += &format!("{:>14}", want.as_str());
        for got in PageKind::ALL {
            match tally.confusion.get(&(want, got)) {
                Some(n) => out += &format!("{n:>9}"),
                None => out += &format!("{:>9}", "."),
            }
        }
        out += "\n";
    }
    println!("{out}");
}

#[test]
fn the_corpus_is_classified_as_expected() {
    let mut tally = Tally::default();
    let corpus = corpus();
    for (dir, page) in &corpus {
        let name = format!("{dir}/{}", page.file);
        let report = run(dir, page);
        tally.pages += 1;
        let platform_right = report.platform == page.platform;
        let kind_right = report.page_kind == page.page_kind;
        tally.platform_right += usize::from(platform_right);
        tally.kind_right += usize::from(kind_right);
        tally.language_right += usize::from(report.language == page.lang);
        *tally
            .confusion
            .entry((page.page_kind, report.page_kind))
            .or_default() += 1;
        let per = tally.per_platform.entry(dir.clone()).or_default();
        per.0 += usize::from(platform_right && kind_right);
        per.1 += 1;
        if !platform_right {
            tally.misses.push(format!(
                "{name}: platform {}, expected {}",
                report.platform, page.platform
            ));
        }
        if !kind_right {
            tally.misses.push(format!(
                "{name}: page kind {}, expected {}",
                report.page_kind.as_str(),
                page.page_kind.as_str()
            ));
        }
        if page.page_kind == PageKind::Sessions {
            let expected = page.sessions.as_deref().unwrap_or_default();
            check_sessions(&mut tally, &name, expected, &report.sessions);
        }
        if let Some(expected) = &page.settings {
            check_settings(&mut tally, &name, expected, &report.settings);
        }
    }

    print_confusion(&tally);
    let held_out = held_out(&corpus);
    println!("per fixture directory (platform and page kind right / pages):");
    for (platform, (right, all)) in &tally.per_platform {
        println!("  {platform:<10} {right}/{all}");
    }
    println!("per platform, page kind with its own phrases and URL rules withheld:");
    for (platform, (right, all)) in &held_out {
        println!("  {platform:<10} {right}/{all}");
    }
    let (held_out_right, held_out_pages) = held_out
        .values()
        .fold((0, 0), |(r, a), (right, all)| (r + right, a + all));
    let kind_accuracy = ratio(tally.kind_right, tally.pages);
    let row_accuracy = ratio(tally.session_rows_right, tally.session_rows);
    let setting_accuracy = ratio(tally.settings_right, tally.settings);
    println!(
        "\npages {}; platform {}/{}; page kind {}/{} ({:.1}%); language {}/{}",
        tally.pages,
        tally.platform_right,
        tally.pages,
        tally.kind_right,
        tally.pages,
        kind_accuracy * 100.0,
        tally.language_right,
        tally.pages
    );
    println!(
        "page kind held out (each platform's own phrases and URL rules withheld): {}/{} ({:.1}%)",
        held_out_right,
        held_out_pages,
        ratio(held_out_right, held_out_pages) * 100.0
    );
    println!(
        "session pages with the exact count {}/{}; session rows exact {}/{} ({:.1}%)",
        tally.session_counts_right,
        tally.session_pages,
        tally.session_rows_right,
        tally.session_rows,
        row_accuracy * 100.0
    );
    println!(
        "settings: label {}/{}, label and state {}/{} ({:.1}%), {} not expected",
        tally.setting_labels_right,
        tally.settings,
        tally.settings_right,
        tally.settings,
        setting_accuracy * 100.0,
        tally.settings_extra
    );
    println!("\nmisses:");
    for miss in &tally.misses {
        println!("  {miss}");
    }

    assert_eq!(
        tally.platform_right, tally.pages,
        "platform must be right on every page"
    );
    assert_eq!(
        tally.language_right, tally.pages,
        "the report follows the page's language"
    );
    assert!(
        kind_accuracy >= MIN_PAGE_KIND_ACCURACY,
        "page kind accuracy {kind_accuracy:.3}"
    );
    assert_eq!(
        tally.session_counts_right, tally.session_pages,
        "every session page must give the exact number of sessions"
    );
    assert!(
        row_accuracy >= MIN_SESSION_ROW_ACCURACY,
        "session row accuracy {row_accuracy:.3}"
    );
    assert!(
        setting_accuracy >= MIN_SETTING_ACCURACY,
        "setting accuracy {setting_accuracy:.3}"
    );
}

/// Every text a snapshot holds (title, node texts, labels, values), folded as phrases are.
fn folded_texts(snapshot: &PageSnapshot) -> Vec<String> {
    let nodes = snapshot.nodes.iter().flat_map(|n| {
        [Some(&n.text), n.label.as_ref(), n.value.as_ref()]
            .into_iter()
            .flatten()
    });
    std::iter::once(&snapshot.title)
        .chain(nodes)
        .map(|t| fold(t))
        .collect()
}

fn occurs(text: &str, phrase: &str) -> bool {
    text.match_indices(phrase)
        .any(|(start, _)| is_whole_word(text, start, start + phrase.len()))
}

/// The held-out figure is only as honest as the phrase groups: a phrase in a platform's group must
/// occur on that platform's saved pages and no other's, and an `any` phrase must not occur on one
/// platform's pages alone (it would be that platform's own, and left in when it is held out).
#[test]
fn phrase_groups_name_the_platform_whose_pages_they_occur_on() {
    let pages: Vec<(String, Vec<String>)> = corpus()
        .iter()
        .map(|(dir, page)| (page.platform.clone(), folded_texts(&snapshot(dir, page))))
        .collect();
    let rules = Classifier::builtin().expect("the rules compile").rules();
    let mut wrong = Vec::new();
    for kind in &rules.kinds {
        for group in &kind.phrases {
            for phrase in group.languages.values().flatten() {
                let folded = fold(phrase.trim());
                let on: BTreeSet<&str> = pages
                    .iter()
                    .filter(|(_, texts)| texts.iter().any(|t| occurs(t, &folded)))
                    .map(|(platform, _)| platform.as_str())
                    .collect();
                let right = match group.platform.as_str() {
                    "any" => on.len() != 1,
                    platform => on.len() == 1 && on.contains(platform),
                };
                if !right {
                    wrong.push(format!(
                        "{} {phrase:?}: in the group of {}, on the pages of {on:?}",
                        kind.kind.as_str(),
                        group.platform
                    ));
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "phrases in the wrong group of rules/pages.toml:\n{}",
        wrong.join("\n")
    );
}
