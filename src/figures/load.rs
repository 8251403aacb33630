//! Reading the figures compiled into the crate. `build.rs` reads every `kb/figures/*.toml` (a TOML
//! syntax error fails the build) and writes it, file by file and unchanged in shape, to
//! `OUT_DIR/figures.json.deflate` (read with `crate::embedded`); here each file is read into its model and validated. The same data and
//! the same code serve the command line and the WASM build.

use std::sync::OnceLock;

use super::{validate, Date, FigureFile, Figures, Problem};

const FIGURES_DEFLATED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/figures.json.deflate"));

/// Parses one file's TOML text into its model (unknown keys are errors): for the importers' tests
/// and for checking a file by hand.
#[cfg(not(target_arch = "wasm32"))]
pub fn parse_file(stem: &str, text: &str) -> Result<FigureFile, Problem> {
    toml::from_str(text).map_err(|e| Problem {
        file: stem.to_string(),
        message: e.to_string(),
    })
}

/// The compiled-in figures, validated as of `today`; every problem of every file, or the figures.
pub fn embedded(today: Date) -> Result<Figures, Vec<Problem>> {
    // Straight into the model: a serde_json::Value step per file would cost the WASM build its
    // code for a finer error message about data build.rs already parsed.
    let files: Vec<(String, FigureFile)> = crate::embedded::read(
        FIGURES_DEFLATED,
        "the compiled-in figures do not fit the model",
    )
    .map_err(|message| {
        vec![Problem {
            file: "*".into(),
            message,
        }]
    })?;
    let mut problems = Vec::new();
    let mut platforms = Vec::new();
    for (stem, file) in files {
        match validate(&stem, &file, today) {
            Ok(platform) => platforms.push(platform),
            Err(mut found) => problems.append(&mut found),
        }
    }
    if problems.is_empty() {
        Ok(Figures { platforms })
    } else {
        Err(problems)
    }
}

/// The figures the findings show, validated once. The checks that need today's date (periods
/// that have not ended, read dates in the future) ran against the real day in `cargo test` and
/// `dlens figures --check`; the core, which has no clock, repeats the others only.
pub fn for_findings() -> Result<&'static Figures, String> {
    static FIGURES: OnceLock<Result<Figures, String>> = OnceLock::new();
    FIGURES
        .get_or_init(|| {
            embedded(Date::LAST).map_err(|problems| {
                let list: Vec<String> = problems.iter().map(ToString::to_string).collect();
                format!("the compiled-in figures are invalid: {}", list.join("; "))
            })
        })
        .as_ref()
        .map_err(Clone::clone)
}
