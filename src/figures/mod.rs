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

mod model;
mod period;

#[cfg(not(target_arch = "wasm32"))]
pub mod import;
mod load;
#[cfg(not(target_arch = "wasm32"))]
mod validate;

pub use load::for_findings;
#[cfg(not(target_arch = "wasm32"))]
pub use load::{embedded, parse_file};
pub use model::*;
pub use period::{Date, Period};
#[cfg(not(target_arch = "wasm32"))]
pub use validate::{validate, FigureFile, FigureRow, Problem};

use serde::Serialize;
use std::cmp::Ordering;

/// A platform's newest period must have ended within this many months, or the platform is reported
/// as stale by `dlens figures --check`.
pub const STALE_AFTER_MONTHS: u32 = 18;

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

/// The order of a table's rows: newest period first, then by label. Both tables of rows (here and
/// the report's, `classify::figure`) sort `&Figure`s with it: one sorting function in the module.
pub fn newest_first(a: &&Figure, b: &&Figure) -> Ordering {
    b.period.cmp(&a.period).then(a.label.cmp(&b.label))
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
            // The two latest periods, each found by one pass (collecting them into a set would
            // sort them, with a sorting function of its own in the module).
            let latest_before = |bound: Option<Period>| {
                of_country
                    .iter()
                    .filter(|f| wanted(f) && bound.is_none_or(|b| f.period < b))
                    .map(|f| f.period)
                    .max()
            };
            let newest = latest_before(None);
            let periods = [newest, newest.and_then(|n| latest_before(Some(n)))];
            let mut rows: Vec<&Figure> = of_country
                .iter()
                .copied()
                .filter(|f| wanted(f) && periods.contains(&Some(f.period)))
                .collect();
            rows.sort_by(newest_first);
            rows.into_iter().cloned().collect()
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
