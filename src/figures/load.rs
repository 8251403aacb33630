//! Reading the figures compiled into the crate (with `crate::embedded`). `build.rs` reads every
//! `kb/figures/*.toml` into its model and validates it (`validate.rs`, without the checks that need
//! today's date): a file that does not fit the model or fails a check fails the build. It writes
//! two blobs: the validated [`Figures`] in the compact form (`crate::compact`), a part of the
//! core's data file (`crate::data_file`), which the findings read ([`for_findings`], the only reading in the WASM
//! build), and, for the command line and the tests, `OUT_DIR/figure-files.compact.deflate`, each
//! file's name and TOML text as written, which [`embedded`] parses and validates again as of a real
//! day (the WASM module has neither blob's reader nor this one's bytes).

use std::sync::OnceLock;

use super::Figures;
#[cfg(not(target_arch = "wasm32"))]
use super::{validate, Date, FigureFile, Problem};

#[cfg(not(target_arch = "wasm32"))]
const FIGURE_FILES_DEFLATED: &[u8] =
    include_bytes!(concat!(env!("OUT_DIR"), "/figure-files.compact.deflate"));

/// Parses one file's TOML text into its model (unknown keys are errors): for the importers' tests
/// and for checking a file by hand.
#[cfg(not(target_arch = "wasm32"))]
pub fn parse_file(stem: &str, text: &str) -> Result<FigureFile, Problem> {
    toml::from_str(text).map_err(|e| Problem {
        file: stem.to_string(),
        message: e.to_string(),
    })
}

/// The compiled-in figure files, validated as of `today`; every problem of every file, or the
/// figures.
#[cfg(not(target_arch = "wasm32"))]
pub fn embedded(today: Date) -> Result<Figures, Vec<Problem>> {
    let files: Vec<(String, String)> = crate::embedded::read_deflated(
        FIGURE_FILES_DEFLATED,
        "the compiled-in figure files are unreadable",
    )
    .map_err(|message| {
        vec![Problem {
            file: "*".into(),
            message,
        }]
    })?;
    let mut problems = Vec::new();
    let mut platforms = Vec::new();
    for (stem, text) in files {
        let checked = parse_file(&stem, &text)
            .map_err(|problem| vec![problem])
            .and_then(|file| validate(&stem, &file, today));
        match checked {
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

/// The figures the findings show, as `build.rs` validated them, read once. The checks that need
/// today's date (periods that have not ended, read dates in the future) run against the real day
/// in `cargo test` and `dlens figures --check`; the core has no clock.
pub fn for_findings() -> Result<&'static Figures, String> {
    static FIGURES: OnceLock<Result<Figures, String>> = OnceLock::new();
    crate::embedded::ensure_loaded()?;
    FIGURES
        .get_or_init(|| crate::embedded::read(crate::embedded::Part::Figures))
        .as_ref()
        .map_err(Clone::clone)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn what_the_findings_read_is_what_the_files_validate_to() {
        assert_eq!(for_findings(), Ok(&embedded(Date::LAST).unwrap()));
    }
}
