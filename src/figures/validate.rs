//! A figures file as written, and the checks that turn it into [`PlatformFigures`] or say what is
//! wrong with it. They run in `build.rs` (which compiles this file by path and fails the build on
//! any problem), in `cargo test` and in `dlens figures --check`, never in the WASM build: the core
//! reads the figures `build.rs` validated.

use crate::figures::{
    Certainty, Count, Date, Figure, FigureSource, Period, PlatformFigures, Process,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// One row as written in `kb/figures/*.toml`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FigureRow {
    /// ISO 3166-1 alpha-2 code of the requesting authority's country (GB, not UK; never EU).
    pub country: String,
    /// First and last day of the reporting period.
    pub start: String,
    pub end: String,
    /// The request type exactly as the platform labels it.
    pub label: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub process: Option<Process>,
    /// Requests received, as published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requests: Option<u64>,
    /// Requests received, where the platform may publish only a band (US national-security
    /// requests: "0–499"): `[low, high]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requests_band: Option<[u64; 2]>,
    /// Share of requests where some data was produced, in percent, as the platform published it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub percent: Option<f64>,
    /// Requests where some data was produced, as a count, for platforms that publish counts only
    /// (Discord, Microsoft). The share is then computed by us and marked `derived`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub produced: Option<u64>,
    /// A US national-security request type (FISA, National Security Letters).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub national_security: bool,
    pub source: String,
}

/// One `kb/figures/<platform>.toml`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FigureFile {
    /// The report's publisher, also the file name: `google`, `meta`, ...
    pub platform: String,
    pub name: String,
    /// The knowledge base's platform ids this report covers (`kb/platforms/<id>.toml`).
    pub covers: Vec<String>,
    /// For a platform without figures: why none could be verified. Required when there are no rows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unverified: Option<String>,
    /// What a reader must know about all of this platform's figures.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(default)]
    pub sources: Vec<FigureSource>,
    #[serde(default)]
    pub figures: Vec<FigureRow>,
}

/// A problem in a figures file: which file, which row (if any), what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "kb/figures/{}.toml: {}", self.file, self.message)
    }
}

/// Codes that look like countries but are not the ISO code of a requesting country.
const NOT_COUNTRIES: [(&str, &str); 3] = [
    (
        "EU",
        "the EU is not a requesting country: figures are per member state",
    ),
    ("UK", "the ISO 3166 code of the United Kingdom is GB"),
    ("EL", "the ISO 3166 code of Greece is GR"),
];

fn check_country(code: &str) -> Result<(), String> {
    if let Some((_, why)) = NOT_COUNTRIES.iter().find(|(c, _)| *c == code) {
        return Err(format!("country {code:?}: {why}"));
    }
    if code.len() != 2 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(format!(
            "country {code:?} is not an ISO 3166-1 alpha-2 code (two capital letters)"
        ));
    }
    Ok(())
}

/// Words that mark a total or an aggregate across request types: a row holds one type.
const AGGREGATE_WORDS: [&str; 4] = ["total", "all", "sum", "overall"];

fn is_hex(text: &str, len: usize) -> bool {
    text.len() == len
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Checks one file and returns its figures, or every problem found (all of them, not the first).
/// `file_stem` is the file's name without `.toml`; `today` decides which periods have ended and
/// which read dates are in the future.
pub fn validate(
    file_stem: &str,
    file: &FigureFile,
    today: Date,
) -> Result<PlatformFigures, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut problem = |message: String| {
        problems.push(Problem {
            file: file_stem.to_string(),
            message,
        })
    };

    if file.platform != file_stem {
        problem(format!(
            "platform {:?} must match the file name {file_stem:?}",
            file.platform
        ));
    }
    if file.covers.is_empty() {
        problem("`covers` must name the knowledge-base platforms this report is about".into());
    }
    match (&file.unverified, file.figures.is_empty()) {
        (None, true) => problem(
            "a platform without figures must say why in `unverified`; silence would read as \"never happens\"".into(),
        ),
        (Some(_), false) => problem(
            "`unverified` is for a platform without figures; say what is missing in `note`".into(),
        ),
        (Some(reason), true) if reason.trim().is_empty() => {
            problem("`unverified` must give the reason".into())
        }
        _ => {}
    }

    let mut source_ids = BTreeSet::new();
    for source in &file.sources {
        let at = format!("source {:?}", source.id);
        if !source_ids.insert(source.id.as_str()) {
            problem(format!("{at} is listed twice"));
        }
        if !source.url.starts_with("https://") {
            problem(format!("{at}: the url must be https"));
        }
        match Date::parse(&source.read) {
            Err(e) => problem(format!("{at}: read: {e}")),
            Ok(read) if read > today => problem(format!("{at}: read {read} is in the future")),
            Ok(_) => {}
        }
        match (source.certainty, &source.copy) {
            (Certainty::VerbatimCopy, None) => problem(format!(
                "{at}: a verbatim copy must name its repository, commit and path (`copy`)"
            )),
            (Certainty::VerbatimCopy, Some(copy)) => {
                if copy.repository.split('/').filter(|p| !p.is_empty()).count() != 2 {
                    problem(format!("{at}: copy.repository must be owner/name"));
                }
                if !is_hex(&copy.commit, 40) {
                    problem(format!("{at}: copy.commit must be 40 lowercase hex digits"));
                }
                if copy.path.trim().is_empty() {
                    problem(format!("{at}: copy.path must name the file"));
                }
            }
            (_, Some(_)) => problem(format!("{at}: `copy` belongs to a verbatim copy only")),
            (Certainty::Secondary, None) if source.note.is_none() => problem(format!(
                "{at}: a secondary source must say in `note` whose reading it is and why nothing better exists"
            )),
            _ => {}
        }
        match (&source.sha256, &source.sha256_unavailable) {
            (Some(hash), None) if is_hex(hash, 64) => {}
            (Some(_), None) => problem(format!("{at}: sha256 must be 64 lowercase hex digits")),
            // Whoever downloaded the platform's own file had its bytes: only a copy read through
            // someone else's tools may lack a hash.
            (None, Some(_)) if source.certainty == Certainty::OfficialFile => problem(format!(
                "{at}: an official file was downloaded: give its sha256 (sha256_unavailable is for copies)"
            )),
            (None, Some(reason)) if !reason.trim().is_empty() => {}
            (None, _) => problem(format!(
                "{at}: give the file's sha256, or say in `sha256_unavailable` why it could not be computed"
            )),
            (Some(_), Some(_)) => problem(format!(
                "{at}: sha256 and sha256_unavailable exclude each other"
            )),
        }
    }

    let mut figures = Vec::new();
    let mut keys = BTreeSet::new();
    for (index, row) in file.figures.iter().enumerate() {
        let at = format!(
            "figure {} ({} {} {:?})",
            index + 1,
            row.country,
            row.start,
            row.label
        );
        let mut row_ok = true;
        let mut bad = |message: String| {
            row_ok = false;
            problem(format!("{at}: {message}"));
        };
        if let Err(e) = check_country(&row.country) {
            bad(e);
        }
        let period = match (Date::parse(&row.start), Date::parse(&row.end)) {
            (Ok(start), Ok(end)) => Period::new(start, end, today).map_err(&mut bad).ok(),
            (Err(e), _) | (_, Err(e)) => {
                bad(e);
                None
            }
        };
        let label = row.label.trim();
        if label.is_empty() {
            bad("the platform's label for the request type is required".into());
        }
        let lower = label.to_lowercase();
        if lower
            .split(|c: char| !c.is_alphanumeric())
            .any(|word| AGGREGATE_WORDS.contains(&word))
        {
            bad(
                "a total or aggregate across request types; a row holds one type as published"
                    .into(),
            );
        }
        if !keys.insert((row.country.clone(), row.start.clone(), lower.clone())) {
            bad("the same country, period and request type appear twice".into());
        }
        let source = file.sources.iter().find(|s| s.id == row.source);
        if source.is_none() {
            bad(format!(
                "source {:?} is not listed in [[sources]]",
                row.source
            ));
        }

        let requests = match (row.requests, row.requests_band) {
            (Some(n), None) => Some(Count::Exact(n)),
            (None, Some([low, high])) if low <= high => Some(Count::Band { low, high }),
            (None, Some([low, high])) => {
                bad(format!("band {low}-{high}: low must not exceed high"));
                None
            }
            (Some(_), Some(_)) => {
                bad("give `requests` or `requests_band`, not both".into());
                None
            }
            (None, None) => {
                bad("the number of requests (`requests` or `requests_band`) is required".into());
                None
            }
        };
        match (row.national_security, requests) {
            (true, Some(Count::Exact(_))) => {
                bad("national-security requests are published as bands: use `requests_band`".into())
            }
            (false, Some(Count::Band { .. })) => {
                bad("only national-security requests come as bands; others are exact counts".into())
            }
            _ => {}
        }

        let mut derived = false;
        let percent = match (row.percent, row.produced) {
            (Some(_), Some(_)) => {
                bad("give the published `percent` or the published `produced` count, not both: we never check one against the other by computing".into());
                None
            }
            (Some(p), None) if !(p.is_finite() && (0.0..=100.0).contains(&p)) => {
                bad(format!("percent {p} is not between 0 and 100"));
                None
            }
            (Some(p), None) => Some(p),
            (None, Some(produced)) => match requests {
                Some(Count::Exact(n)) if n > 0 && produced <= n => {
                    derived = true;
                    // One decimal, like the reports that publish shares.
                    Some((produced as f64 * 1000.0 / n as f64).round() / 10.0)
                }
                Some(Count::Exact(n)) => {
                    bad(format!(
                        "produced {produced} of {n} requests: a share needs 0 < produced <= requests"
                    ));
                    None
                }
                _ => {
                    bad("`produced` needs an exact number of requests".into());
                    None
                }
            },
            (None, None) => None,
        };
        if row.process == Some(Process::Preservation)
            && (row.percent.is_some() || row.produced.is_some())
        {
            bad("preservation only freezes a copy: it has no share of data produced".into());
        }
        if row.national_security && row.process.is_some() && row.process != Some(Process::Other) {
            bad("national-security requests are not an ordinary process of the vocabulary".into());
        }

        if let (true, Some(period), Some(requests), Some(source)) =
            (row_ok, period, requests, source)
        {
            figures.push(Figure {
                platform: file.platform.clone(),
                country: row.country.clone(),
                period,
                label: label.to_string(),
                process: row.process,
                requests,
                percent,
                derived,
                produced: row.produced,
                national_security: row.national_security,
                source: source.clone(),
            });
        }
    }

    if problems.is_empty() {
        Ok(PlatformFigures {
            platform: file.platform.clone(),
            name: file.name.clone(),
            covers: file.covers.clone(),
            unverified: file.unverified.clone(),
            note: file.note.clone(),
            figures,
        })
    } else {
        Err(problems)
    }
}
