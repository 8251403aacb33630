//! The fixture corpus: every page under `tests/fixtures/pages/<platform>/` read by the CLI's HTML
//! reader and classified, against its directory's `expected.toml`.
//!
//! Prints the confusion matrix of page kinds, per-platform accuracy, every session row and setting
//! that differs from what is expected, and requires: platform 100%, page kind at least 95%, the exact
//! number of sessions on every session page, session fields equal on at least 95% of rows, and
//! setting label and state right for at least 90% of the expected settings.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use disclosure_lens::report::{PageKind, Report, Session, Setting};
use disclosure_lens::{classify, html, Options};
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

fn run(dir: &str, page: &ExpectedPage) -> Report {
    let path = pages_dir().join(dir).join(&page.file);
    let html = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let snapshot = html::snapshot_from_html(&html, Some(&page.url));
    classify(snapshot, &Options::default())
        .unwrap_or_else(|e| panic!("{}: {}", path.display(), e.message))
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
    for (dir, page) in corpus() {
        let name = format!("{dir}/{}", page.file);
        let report = run(&dir, &page);
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
    println!("per platform (platform and page kind right / pages):");
    for (platform, (right, all)) in &tally.per_platform {
        println!("  {platform:<10} {right}/{all}");
    }
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
