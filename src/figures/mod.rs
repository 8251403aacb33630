//! How often it really happens: the platforms' own transparency-report figures on requests for user
//! data — per requesting country, half-year and type of request — with where each number was read.
//!
//! The data lives in `kb/figures/<platform>.toml`, one file per transparency report, reviewed like
//! `kb/`. [`FigureFile`] is a file as written; [`validate`] turns it into [`Figure`]s or says what is
//! wrong with it, and [`Figures::figure_for`] is the one question the rest of the core asks: "what
//! does this platform report for this country and this process?".
//!
//! The model is shaped so that the known ways of misreading these reports cannot be written down
//! (docs/figures.md lists each pitfall and the rule that stops it): a row holds one request type of
//! one country in one period, copied as published; the only number we compute is a share from two
//! published counts, and that row says so (`derived`); preservation rows carry no share, because a
//! preserved copy is not a disclosure; national-security counts are bands and stay bands; the
//! country is an ISO 3166 code of the requesting authority, never "EU" or "UK".

mod period;

#[cfg(not(target_arch = "wasm32"))]
pub mod import;
mod load;

#[cfg(not(target_arch = "wasm32"))]
pub use load::parse_file;
pub use load::{embedded, for_findings};
pub use period::{Date, Period};

use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// A platform's newest period must have ended within this many months, or the platform is reported
/// as stale by `dlens figures --check`.
pub const STALE_AFTER_MONTHS: u32 = 18;

/// The vocabulary's process a platform's request type corresponds to, where it corresponds to one.
/// A category that mixes several (TikTok's "Legal requests", Google's "Other Legal Requests" outside
/// the US) has none: it is shown under the platform's own label only.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Process {
    Subpoena,
    CourtOrder,
    Warrant,
    PenRegister,
    Emergency,
    /// Only freezes a copy until legal process arrives: never shown as a disclosure.
    Preservation,
    /// A single named type outside the vocabulary (wiretap orders, CLOUD Act orders).
    Other,
}

impl Process {
    pub fn as_str(self) -> &'static str {
        match self {
            Process::Subpoena => "subpoena",
            Process::CourtOrder => "court_order",
            Process::Warrant => "warrant",
            Process::PenRegister => "pen_register",
            Process::Emergency => "emergency",
            Process::Preservation => "preservation",
            Process::Other => "other",
        }
    }
}

/// How directly we read the number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Certainty {
    /// The platform's own file, downloaded from the platform.
    OfficialFile,
    /// A byte-for-byte archived copy of the platform's file in a public repository.
    VerbatimCopy,
    /// Someone else's reading of the report (a press article, a dataset); used only where nothing
    /// better exists, and said so.
    Secondary,
}

/// A public repository holding a verbatim copy of the platform's file, pinned to a commit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VerbatimCopy {
    /// `owner/name` on GitHub.
    pub repository: String,
    /// The 40-hex commit at which the file was read.
    pub commit: String,
    /// The file's path in that commit.
    pub path: String,
}

/// Where figures were read: one published file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FigureSource {
    pub id: String,
    pub title: String,
    /// The platform's own address for the file (https).
    pub url: String,
    pub certainty: Certainty,
    /// The copy that was read, for `verbatim_copy`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub copy: Option<VerbatimCopy>,
    /// SHA-256 of the file that was read, 64 lowercase hex digits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    /// Why there is no SHA-256, when there is none. Reported by `dlens figures --check`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256_unavailable: Option<String>,
    /// The day we read it (YYYY-MM-DD).
    pub read: String,
    /// What the reader should know about this file (layout quirks, what it does not split).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

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

/// How many requests: exact, or the band the platform is allowed to publish. A band is never
/// turned into a single number.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Count {
    Exact(u64),
    Band { low: u64, high: u64 },
}

/// A validated figure, with everything needed to show it and say where it comes from.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Figure {
    pub platform: String,
    pub country: String,
    pub period: Period,
    pub label: String,
    pub process: Option<Process>,
    pub requests: Count,
    /// Percent of requests where some data was produced — a share of requests, not of people, and
    /// "some data" can be a single subscriber record. `None` where the platform publishes none
    /// (preservation, national security).
    pub percent: Option<f64>,
    /// The percent was computed by us from the platform's counts (`produced / requests`).
    pub derived: bool,
    pub produced: Option<u64>,
    pub national_security: bool,
    pub source: FigureSource,
}

/// A platform's validated figures.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PlatformFigures {
    pub platform: String,
    pub name: String,
    pub covers: Vec<String>,
    pub unverified: Option<String>,
    pub note: Option<String>,
    pub figures: Vec<Figure>,
}

impl PlatformFigures {
    /// The end of the newest period with figures.
    pub fn newest_period_end(&self) -> Option<Date> {
        self.figures.iter().map(|f| f.period.end).max()
    }

    /// True when the newest period ended more than [`STALE_AFTER_MONTHS`] before `today`.
    pub fn is_stale(&self, today: Date) -> bool {
        self.newest_period_end()
            .is_some_and(|end| end < today.months_before(STALE_AFTER_MONTHS))
    }
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

/// The EU member states, by the ISO code the reports use (GR for Greece, not the EU's "EL").
pub const EU_MEMBER_STATES: [&str; 27] = [
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT",
    "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
];

/// The requesting country whose figures apply to a knowledge-base jurisdiction: US is US, UK is GB,
/// and EU figures exist only per member state, so EU needs the member state the user chose.
pub fn country_for_jurisdiction(jurisdiction: &str, member_state: Option<&str>) -> Option<String> {
    match jurisdiction {
        "US" => Some("US".into()),
        "UK" => Some("GB".into()),
        "EU" => member_state
            .filter(|cc| EU_MEMBER_STATES.contains(cc))
            .map(str::to_string),
        _ => None,
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

/// Every platform's validated figures.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Figures {
    pub platforms: Vec<PlatformFigures>,
}

/// What the figures say for (platform, country, process). Never empty without a reason.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Answer {
    /// The platform reports this process as its own type for this country: its rows for the latest
    /// two periods, newest first.
    ByProcess {
        platform_name: String,
        figures: Vec<Figure>,
    },
    /// The platform does not split out this process for this country. These are its own categories
    /// (named by its labels, preservation left out) for the latest two periods; they must be shown
    /// as the platform's categories, never as figures for the process asked about.
    PlatformCategories {
        platform_name: String,
        figures: Vec<Figure>,
    },
    /// There is no figure; `why` says why, to be shown as such.
    NoFigure { why: NoFigure },
}

/// Why there is no figure to show. Each is worded for the reader by `classify::figure`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum NoFigure {
    /// No transparency report covering this platform is recorded.
    NoReport,
    /// The platform publishes figures, but none could be verified: `reason`, in English, from
    /// its file's `unverified`.
    Unverified {
        platform_name: String,
        reason: String,
    },
    /// The platform's figures recorded here have no row for this country.
    NoCountry { platform_name: String },
    /// The platform does not count this process separately, and has no category of its own that
    /// could hold it (or the process is preservation, which no disclosure category holds).
    NotSeparate { platform_name: String },
}

impl Figures {
    /// The figures of the report covering a knowledge-base platform (`youtube` is in Google's).
    pub fn for_platform(&self, kb_platform: &str) -> Option<&PlatformFigures> {
        self.platforms
            .iter()
            .find(|p| p.platform == kb_platform || p.covers.iter().any(|c| c == kb_platform))
    }

    /// The figure to show beside a warning about `process` on `kb_platform`, for requests from
    /// `country` (an ISO code: see [`country_for_jurisdiction`]). `process` is `None` for a process
    /// no report counts as its own type (the EU's and UK's orders): only the platform's own
    /// categories can answer for it.
    pub fn figure_for(&self, kb_platform: &str, country: &str, process: Option<Process>) -> Answer {
        let no_figure = |why| Answer::NoFigure { why };
        let Some(platform) = self.for_platform(kb_platform) else {
            return no_figure(NoFigure::NoReport);
        };
        let platform_name = platform.name.clone();
        if let Some(reason) = &platform.unverified {
            return no_figure(NoFigure::Unverified {
                platform_name,
                reason: reason.clone(),
            });
        }
        let of_country: Vec<&Figure> = platform
            .figures
            .iter()
            .filter(|f| f.country == country)
            .collect();
        if of_country.is_empty() {
            return no_figure(NoFigure::NoCountry { platform_name });
        }
        let latest_two = |wanted: &dyn Fn(&Figure) -> bool| -> Vec<Figure> {
            let mut periods: Vec<Period> = of_country
                .iter()
                .filter(|f| wanted(f))
                .map(|f| f.period)
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect();
            periods.reverse();
            periods.truncate(2);
            let mut rows: Vec<Figure> = of_country
                .iter()
                .filter(|f| wanted(f) && periods.contains(&f.period))
                .map(|f| (*f).clone())
                .collect();
            rows.sort_by(|a, b| b.period.cmp(&a.period).then(a.label.cmp(&b.label)));
            rows
        };
        let by_process = latest_two(&|f| process.is_some() && f.process == process);
        if !by_process.is_empty() {
            return Answer::ByProcess {
                platform_name: platform.name.clone(),
                figures: by_process,
            };
        }
        // Only a category that mixes processes (no process of its own) can contain the one asked
        // about (LinkedIn even folds emergencies into "other"). A preservation warning never gets
        // a category's figure: those count disclosures, preservation is none.
        let categories = latest_two(&|f| f.process.is_none() && !f.national_security);
        if categories.is_empty() || process == Some(Process::Preservation) {
            return no_figure(NoFigure::NotSeparate { platform_name });
        }
        Answer::PlatformCategories {
            platform_name: platform.name.clone(),
            figures: categories,
        }
    }

    /// Platforms whose newest figures ended more than [`STALE_AFTER_MONTHS`] before `today`, with
    /// that end date.
    pub fn stale(&self, today: Date) -> Vec<(&str, Date)> {
        self.platforms
            .iter()
            .filter(|p| p.is_stale(today))
            .filter_map(|p| Some((p.platform.as_str(), p.newest_period_end()?)))
            .collect()
    }
}
