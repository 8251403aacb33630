//! Every jurisdiction the user can choose gives an answer on every fixture page of a known platform:
//! findings, or the report's plain `no_facts` statement, never an empty list that reads as "no risk".
//! Pages that show no record at all (help articles, feeds) are the only ones with neither, and they
//! have none in every jurisdiction alike.

use std::fs;
use std::path::Path;

use disclosure_lens::kb::knowledge_base;
use disclosure_lens::report::{Basis, PageKind};
use disclosure_lens::{classify, html, Options};

const PAGES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/pages");

/// `(directory/file, url)` of every fixture page whose expected platform is a knowledge-base one.
fn known_platform_pages() -> Vec<(String, String)> {
    let mut pages = Vec::new();
    let mut dirs: Vec<_> = fs::read_dir(PAGES)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("expected.toml").exists())
        .collect();
    dirs.sort();
    for dir in dirs {
        let expected: toml::Table =
            toml::from_str(&fs::read_to_string(dir.join("expected.toml")).unwrap()).unwrap();
        for page in expected["page"].as_array().unwrap() {
            let field = |key: &str| page[key].as_str().unwrap().to_owned();
            if field("platform") == "unknown" {
                continue;
            }
            let name = dir.file_name().unwrap().to_string_lossy();
            pages.push((format!("{name}/{}", field("file")), field("url")));
        }
    }
    pages
}

#[test]
fn every_jurisdiction_gives_findings_or_says_it_has_no_facts() {
    let kb = knowledge_base().unwrap();
    let pages = known_platform_pages();
    assert!(pages.len() > 50, "only {} fixture pages found", pages.len());
    let mut problems: Vec<String> = Vec::new();
    // Pages that show no record, once per jurisdiction in which they do not.
    let mut without_records: Vec<String> = Vec::new();
    for (file, url) in &pages {
        let html = fs::read_to_string(Path::new(PAGES).join(file)).unwrap();
        for jurisdiction in ["US", "EU", "UK"] {
            let options = Options {
                jurisdiction: Some(jurisdiction.into()),
                ..Options::default()
            };
            let report = classify(html::snapshot_from_html(&html, Some(url)), &options).unwrap();
            let at = format!("{file} ({jurisdiction})");
            assert_eq!(report.jurisdiction, jurisdiction, "{at}");
            match (report.findings.is_empty(), &report.no_facts) {
                (false, None) => {}
                (true, Some(statement)) => {
                    let name = kb.vocabulary.jurisdiction(jurisdiction).unwrap();
                    let name = kb.vocabulary.text(&name.name, &report.language);
                    if !statement.contains(name) || !statement.contains(&report.platform_name) {
                        problems.push(format!("{at}: the statement does not name {name} and the platform: {statement}"));
                    }
                }
                (false, Some(_)) => {
                    problems.push(format!("{at}: findings and a no-facts statement"))
                }
                (true, None) if report.page_kind == PageKind::Other => {
                    without_records.push(file.clone());
                }
                (true, None) => problems.push(format!(
                    "{at}: a {} page with no findings and no statement",
                    report.page_kind.as_str()
                )),
            }
            // Each finding names only this jurisdiction's processes, on either basis.
            for finding in &report.findings {
                for id in finding.processes.iter().chain(&finding.law_processes) {
                    let process = kb.vocabulary.process(id).unwrap();
                    if process.jurisdiction != jurisdiction {
                        problems.push(format!(
                            "{at}: {} names {id} of {}",
                            finding.id, process.jurisdiction
                        ));
                    }
                }
                if finding.basis == Basis::Law && finding.law_processes.is_empty() {
                    problems.push(format!(
                        "{at}: {} rests on the law but names no process",
                        finding.id
                    ));
                }
            }
        }
    }
    without_records.sort();
    let mut pages_without_records = without_records.clone();
    pages_without_records.dedup();
    println!(
        "{} fixture pages x 3 jurisdictions; pages that show no record (kind other): {:?}",
        pages.len(),
        pages_without_records
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert_eq!(
        without_records.len(),
        3 * pages_without_records.len(),
        "a page shows no record in one jurisdiction and records in another"
    );
}
