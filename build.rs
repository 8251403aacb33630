//! Compiles the reviewer-facing data into the crate: the knowledge base (`kb/*.toml`), its figures
//! (`kb/figures/*.toml`) and the classifier's rules (`rules/pages.toml`, `rules/sessions.toml`,
//! `rules/settings.toml`).
//!
//! Each file is read into its typed model (`src/kb/model.rs`, `src/classify/rules.rs`, shared by
//! path), so a misspelt key or a wrong value fails the build with the file's path and the reason; the
//! figures are also validated (`src/figures/validate.rs`), so the core only reads them back. The
//! results are written in the compact binary form of `src/compact.rs` (each model's fields in order,
//! no names: read by a few small functions instead of a JSON parser with a visitor per type), then
//! deflated, into one data file, `OUT_DIR/disclosure_lens_data.bin` (`src/data_file.rs`), with its
//! fingerprint in `OUT_DIR/data_fingerprint.rs`; the core reads it with `src/embedded.rs`
//! (docs/performance.md, "The branch kb-compact" and "The data file", measures the choices). The semantic rules (every
//! fact has a source, every id is known, every text has every language) are checked by
//! `kb::validate` in `cargo test`.

use std::{env, fs, path::Path};

/// The compact form's writer (its reader is the core's).
#[path = "src/compact.rs"]
#[allow(dead_code)]
mod compact;
#[path = "src/data_file.rs"]
#[allow(dead_code)]
mod data_file;
#[path = "src/kb/model.rs"]
#[allow(dead_code)]
mod model;
/// `report.rs` names the knowledge base's types as `crate::kb::...`, as in the core.
mod kb {
    pub use super::model::*;
}
#[path = "src/report.rs"]
#[allow(dead_code)]
mod report;
#[path = "src/classify/rules.rs"]
mod rules;
/// The figures' model and checks, named `crate::figures` as in the core.
#[path = "src/figures"]
#[allow(dead_code)]
mod figures {
    mod model;
    mod period;
    mod validate;
    pub use model::*;
    pub use period::*;
    pub use validate::*;
}

fn main() {
    let kb_dir = Path::new("kb");
    println!("cargo::rerun-if-changed=kb");

    let vocabulary: model::Vocabulary = read_toml(&kb_dir.join("vocabulary.toml"));

    let platforms_dir = kb_dir.join("platforms");
    println!("cargo::rerun-if-changed={}", platforms_dir.display());
    let mut paths: Vec<_> = fs::read_dir(&platforms_dir)
        .unwrap_or_else(|e| fail(&platforms_dir, &e.to_string()))
        .map(|entry| entry.expect("readable directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
        .collect();
    paths.sort();
    let platforms: Vec<model::Platform> = paths
        .iter()
        .map(|path| {
            println!("cargo::rerun-if-changed={}", path.display());
            let platform: model::Platform = read_toml(path);
            let stem = path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default();
            if platform.id != stem {
                fail(
                    path,
                    &format!("id {:?} must match the file name {stem:?}", platform.id),
                );
            }
            platform
        })
        .collect();

    let knowledge_base = deflated(&model::KnowledgeBase {
        vocabulary,
        platforms,
    });

    // kb/figures/*.toml: each read into its model and validated as the findings show it (the
    // checks that need today's date run in `cargo test`); the files' texts as (stem, TOML) pairs for
    // `figures::embedded`, and the validated figures for `figures::for_findings` (src/figures/load.rs).
    let figures_dir = kb_dir.join("figures");
    println!("cargo::rerun-if-changed={}", figures_dir.display());
    let mut figure_paths: Vec<_> = fs::read_dir(&figures_dir)
        .unwrap_or_else(|e| fail(&figures_dir, &e.to_string()))
        .map(|entry| entry.expect("readable directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
        .collect();
    figure_paths.sort();
    let mut figure_files = Vec::new();
    let mut validated = figures::Figures {
        platforms: Vec::new(),
    };
    for path in &figure_paths {
        println!("cargo::rerun-if-changed={}", path.display());
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_owned();
        let text = read_text(path);
        let file: figures::FigureFile = parse_toml(path, &text);
        match figures::validate(&stem, &file, figures::Date::LAST) {
            Ok(platform) => validated.platforms.push(platform),
            Err(problems) => {
                let list: Vec<&str> = problems.iter().map(|p| p.message.as_str()).collect();
                fail(path, &list.join("; "))
            }
        }
        figure_files.push((stem, text));
    }
    write_out("figure-files.compact.deflate", &deflated(&figure_files));
    let figures = deflated(&validated);

    println!("cargo::rerun-if-changed=rules");
    let pages: rules::PageRules = read_toml(Path::new("rules/pages.toml"));
    let settings: rules::SettingRules = read_toml(Path::new("rules/settings.toml"));
    let rules = deflated(&rules::Rules {
        kinds: pages.kinds,
        urls: pages.urls,
        sessions: read_toml(Path::new("rules/sessions.toml")),
        settings: settings.settings,
    });

    let file = data_file::pack(&data_file::Parts {
        knowledge_base: &knowledge_base,
        rules: &rules,
        figures: &figures,
    });
    write_out(
        "data_fingerprint.rs",
        format!(
            "/// `data_file::fingerprint` of the data file this build wrote.\nconst BUILT_WITH: u64 = {:#018x};\n",
            data_file::fingerprint(&file)
        )
        .as_bytes(),
    );
    write_out(data_file::FILE_NAME, &file);
}

/// `value` in the compact form, deflated at miniz's highest level (raw deflate, no header).
fn deflated(value: &impl compact::Compact) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec(&compact::to_bytes(value), 10)
}

fn write_out(name: &str, bytes: &[u8]) {
    let out = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join(name);
    fs::write(&out, bytes).unwrap_or_else(|e| fail(&out, &e.to_string()));
}

fn read_toml<T: serde::de::DeserializeOwned>(path: &Path) -> T {
    parse_toml(path, &read_text(path))
}

fn read_text(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| fail(path, &e.to_string()))
}

fn parse_toml<T: serde::de::DeserializeOwned>(path: &Path, text: &str) -> T {
    toml::from_str(text).unwrap_or_else(|e| fail(path, &e.to_string()))
}

fn fail(path: &Path, why: &str) -> ! {
    panic!("data file {}: {why}", path.display())
}
