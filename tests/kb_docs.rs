//! The checked-in disclosure matrix is the one the knowledge base generates.

use disclosure_lens::kb::{knowledge_base, matrix_markdown};

#[test]
fn docs_disclosure_matrix_is_in_sync_with_the_knowledge_base() {
    let generated = matrix_markdown(knowledge_base().expect("knowledge base loads"));
    let checked_in = include_str!("../docs/disclosure-matrix.md");
    assert!(
        generated == checked_in,
        "docs/disclosure-matrix.md is stale: run `cargo run --bin dlens -- kb > docs/disclosure-matrix.md` and commit it"
    );
}

#[test]
fn the_matrix_names_every_platform_and_marks_unstated_processes() {
    let kb = knowledge_base().unwrap();
    let matrix = matrix_markdown(kb);
    for platform in &kb.platforms {
        assert!(
            matrix.contains(&format!("| {} |", platform.name)),
            "{} is missing",
            platform.name
        );
    }
    let unstated = kb
        .platforms
        .iter()
        .flat_map(|p| &p.facts)
        .filter(|f| f.processes.is_empty())
        .count();
    assert!(unstated == 0 || matrix.contains("not stated"));
}
