//! Reading `kb/figures/*.toml`. The files are compiled into the binary (one line each in
//! [`EMBEDDED_FILES`]; a test fails when a file in the directory is missing from the list), so
//! `dlens figures` answers from anywhere, with the data it was built with.

use super::{validate, Date, FigureFile, Figures, Problem};

/// Every figures file, by platform, as compiled in.
pub const EMBEDDED_FILES: &[(&str, &str)] = &[
    ("amazon", include_str!("../../kb/figures/amazon.toml")),
    ("apple", include_str!("../../kb/figures/apple.toml")),
    ("discord", include_str!("../../kb/figures/discord.toml")),
    ("google", include_str!("../../kb/figures/google.toml")),
    ("linkedin", include_str!("../../kb/figures/linkedin.toml")),
    ("meta", include_str!("../../kb/figures/meta.toml")),
    ("microsoft", include_str!("../../kb/figures/microsoft.toml")),
    ("reddit", include_str!("../../kb/figures/reddit.toml")),
    ("snap", include_str!("../../kb/figures/snap.toml")),
    ("telegram", include_str!("../../kb/figures/telegram.toml")),
    ("tiktok", include_str!("../../kb/figures/tiktok.toml")),
    ("x", include_str!("../../kb/figures/x.toml")),
];

/// Parses one file's TOML text into its model (unknown keys are errors).
pub fn parse_file(stem: &str, text: &str) -> Result<FigureFile, Problem> {
    toml::from_str(text).map_err(|e| Problem {
        file: stem.to_string(),
        message: e.to_string(),
    })
}

/// The compiled-in figures, validated as of `today`; every problem of every file, or the figures.
pub fn embedded(today: Date) -> Result<Figures, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut platforms = Vec::new();
    for (stem, text) in EMBEDDED_FILES {
        match parse_file(stem, text) {
            Err(problem) => problems.push(problem),
            Ok(file) => match validate(stem, &file, today) {
                Ok(platform) => platforms.push(platform),
                Err(mut found) => problems.append(&mut found),
            },
        }
    }
    if problems.is_empty() {
        Ok(Figures { platforms })
    } else {
        Err(problems)
    }
}
