//! The checked-in disclosure matrix is the one the knowledge base generates, and its cells say what
//! the knowledge base says: read back from the Markdown, cell by cell, against the facts.

use disclosure_lens::kb::{
    knowledge_base, matrix_markdown, Certainty, Encryption, Kept, KnowledgeBase, LawApplies,
    PlatformJurisdiction, Text,
};

#[test]
fn docs_disclosure_matrix_is_in_sync_with_the_knowledge_base() {
    let generated = matrix_markdown(knowledge_base().expect("knowledge base loads"));
    let checked_in = include_str!("../docs/disclosure-matrix.md");
    assert!(
        generated == checked_in,
        "docs/disclosure-matrix.md is stale: run `cargo run --bin dlens -- kb > docs/disclosure-matrix.md` and commit it"
    );
}

/// One table of the matrix: its `## heading`, column names and rows, each a list of cells.
struct Table {
    heading: String,
    columns: Vec<String>,
    rows: Vec<Vec<String>>,
}

fn cells(line: &str) -> Vec<String> {
    line.trim()
        .trim_matches('|')
        .split('|')
        .map(|cell| cell.trim().to_owned())
        .collect()
}

fn tables(markdown: &str) -> Vec<Table> {
    let mut tables: Vec<Table> = Vec::new();
    for line in markdown.lines() {
        if let Some(heading) = line.strip_prefix("## ") {
            tables.push(Table {
                heading: heading.to_owned(),
                columns: Vec::new(),
                rows: Vec::new(),
            });
        } else if line.starts_with('|') && !line.starts_with("|---") {
            let table = tables.last_mut().expect("a table under a heading");
            if table.columns.is_empty() {
                table.columns = cells(line);
            } else {
                table.rows.push(cells(line));
            }
        }
    }
    tables
}

/// Every fact's row: the record (with its scope), whether it is kept, and each process cell on the
/// basis the knowledge base gives — "platform" exactly where the platform names the process, "law"
/// only where a `[[law]]` entry reaches the record with it and the platform is silent or asks more.
#[test]
fn every_matrix_cell_says_what_the_knowledge_base_says() {
    let shipped = knowledge_base().unwrap();
    let checked = check_matrix(shipped);
    assert!(checked > 100, "only {checked} cells checked");

    // The same check on a copy with the cases the shipped data may not have yet: a scope, a record
    // not kept, and a jurisdiction whose law's reach is unclear.
    let mut kb = shipped.clone();
    let discord = kb.platforms.iter_mut().find(|p| p.id == "discord").unwrap();
    for fact in &mut discord.facts {
        match fact.record.as_str() {
            "login_ip_log" => {
                fact.scope = Some(Text::from([
                    ("en".into(), "only your last login".into()),
                    ("es".into(), "solo tu último inicio de sesión".into()),
                ]))
            }
            "device_info" => fact.kept = Kept::No,
            _ => {}
        }
    }
    let github = kb.platforms.iter_mut().find(|p| p.id == "github").unwrap();
    github.jurisdictions.push(PlatformJurisdiction {
        id: "US".into(),
        operator: "GitHub, Inc.".into(),
        law_applies: LawApplies::Unclear,
        certainty: Certainty::Inference,
        sources: vec![github.sources[0].id.clone()],
        text: Text::new(),
    });
    check_matrix(&kb);
    let matrix = matrix_markdown(&kb);
    assert!(matrix.contains(
        "| Discord | Login IP addresses and times — only: only your last login | yes | law |"
    ));
    assert!(matrix.contains("| Discord | Devices | no |  |  |  |"));
    assert!(matrix.contains("| GitHub |") && matrix.contains("unclear"));
}

/// Checks every cell of the matrix `kb` renders against its facts; panics with every problem found.
/// Returns how many process cells it checked.
fn check_matrix(kb: &KnowledgeBase) -> usize {
    let v = &kb.vocabulary;
    let en = |t: &Text| t.get("en").cloned().unwrap_or_default();
    let tables = tables(&matrix_markdown(kb));
    let mut problems: Vec<String> = Vec::new();
    let mut checked = 0;
    for platform in &kb.platforms {
        for fact in &platform.facts {
            let jurisdiction = v.jurisdiction(&fact.jurisdiction).unwrap();
            let Some(table) = tables.iter().find(|t| t.heading == en(&jurisdiction.name)) else {
                problems.push(format!("no table for {}", fact.jurisdiction));
                continue;
            };
            let name = en(&v.record(&fact.record).unwrap().name);
            let record = match &fact.scope {
                Some(scope) => format!("{name} — only: {}", en(scope)),
                None => name,
            };
            let rows: Vec<&Vec<String>> = table
                .rows
                .iter()
                .filter(|row| row[0] == platform.name && row[1] == record)
                .collect();
            let [row] = rows.as_slice() else {
                problems.push(format!(
                    "{} / {record}: {} rows in {}",
                    platform.name,
                    rows.len(),
                    table.heading
                ));
                continue;
            };
            let at = format!("{} / {record} ({})", platform.name, fact.jurisdiction);
            let kept = match fact.kept {
                Kept::Yes => "yes",
                Kept::No => "no",
                Kept::NotStated => "not stated",
            };
            if row[2] != kept {
                problems.push(format!("{at}: kept {:?}, expected {kept:?}", row[2]));
            }
            let unclear = platform
                .jurisdictions
                .iter()
                .any(|j| j.id == fact.jurisdiction && j.law_applies == LawApplies::Unclear);
            let mut law_cells = 0;
            for (column, cell) in table.columns.iter().zip(row.iter()).skip(3) {
                let Some(process) = v
                    .processes
                    .iter()
                    .find(|p| p.jurisdiction == fact.jurisdiction && en(&p.name) == *column)
                else {
                    continue;
                };
                let named = fact.processes.contains(&process.id);
                let by_law = v
                    .law
                    .iter()
                    .any(|l| l.process == process.id && l.record == fact.record);
                let allowed: &[&str] = if named {
                    &["platform"]
                } else if by_law && fact.kept != Kept::No {
                    &["law", "unclear", ""]
                } else {
                    &[""]
                };
                if !allowed.contains(&cell.as_str()) {
                    problems.push(format!(
                        "{at}: {column} is {cell:?}, expected one of {allowed:?}"
                    ));
                }
                if cell == "unclear" && !unclear {
                    problems.push(format!(
                        "{at}: {column} is unclear, but no [[jurisdictions]] entry says so"
                    ));
                }
                law_cells += usize::from(cell == "law" || cell == "unclear");
                checked += 1;
            }
            // A silent platform is never shown as if nothing reached the record: the law's floor
            // shows where a law entry reaches a readable, kept record.
            let silent_and_reachable = fact.processes.is_empty()
                && fact.kept != Kept::No
                && fact.encrypted != Encryption::EndToEnd;
            let law_speaks = v.law.iter().any(|l| {
                l.record == fact.record
                    && v.process(&l.process)
                        .is_some_and(|p| p.jurisdiction == fact.jurisdiction)
            });
            if silent_and_reachable && law_speaks && law_cells == 0 {
                problems.push(format!(
                    "{at}: the platform is silent and the law reaches it, but no cell says law"
                ));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "matrix problems:\n{}",
        problems.join("\n")
    );
    checked
}
