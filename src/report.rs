//! `Report`: everything the core concludes about one page, as plain data for every front end.
//!
//! The content script places warnings from it, the popup lists it, the CLI prints it. Texts are
//! already in the user's language; nodes are referred to by their index in the snapshot, so a front
//! end can find the element it took each node from.

use serde::{Deserialize, Serialize};

use crate::kb::{Certainty, Kept};

/// What the page is for, as far as what the platform records is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PageKind {
    /// A sign-in form.
    Login,
    /// A list of login sessions or devices.
    Sessions,
    /// Security settings without a session list.
    Security,
    /// Visibility, discoverability and audience settings.
    Privacy,
    /// Location history or location sharing controls.
    Location,
    /// Off-platform activity, web and app activity, ad and data-sharing controls.
    Activity,
    /// Download your information.
    DataDownload,
    /// Everything else, including help articles and news about these pages.
    Other,
}

impl PageKind {
    pub const ALL: [PageKind; 8] = [
        Self::Login,
        Self::Sessions,
        Self::Security,
        Self::Privacy,
        Self::Location,
        Self::Activity,
        Self::DataDownload,
        Self::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Login => "login",
            Self::Sessions => "sessions",
            Self::Security => "security",
            Self::Privacy => "privacy",
            Self::Location => "location",
            Self::Activity => "activity",
            Self::DataDownload => "data_download",
            Self::Other => "other",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub url: String,
    /// A knowledge-base platform id, or `unknown`.
    pub platform: String,
    /// The platform's display name, or empty when unknown.
    pub platform_name: String,
    pub page_kind: PageKind,
    /// The language of every text in the report (`en`, `es`).
    pub language: String,
    /// Whose law the findings describe (`US`, `EU`, `UK`).
    pub jurisdiction: String,
    /// Set when the platform is known and the page shows records, but the knowledge base has nothing
    /// to say about them for this jurisdiction (neither the platform's words nor the law's): the
    /// sentence to show instead of an empty list, which would read as "no risk".
    pub no_facts: Option<String>,
    pub sessions: Vec<Session>,
    pub settings: Vec<Setting>,
    pub findings: Vec<Finding>,
    /// On a session page, the id of the finding whose marker goes on every session row: the one
    /// about the first record `rules/pages.toml` lists for session pages.
    pub session_finding: Option<String>,
    /// What a subpoena would return from what this page shows; present on session pages only.
    pub subpoena_view: Option<SubpoenaView>,
    /// What the user can do: the platform's checklist steps that protect the records of `findings`,
    /// the one for this very page first; at most three.
    pub next_steps: Vec<NextStep>,
    /// On session pages where the platform keeps what a finding is about: that logging out ends a
    /// session but does not erase what the platform already keeps of it.
    pub logout_note: Option<String>,
    /// On a data-download page: offer the extension's page that reads the export the user downloads
    /// there, on their own computer (issue 12).
    pub offer_archive: bool,
    /// The date the platform's facts were last reviewed, when the platform is known.
    pub reviewed: Option<String>,
    /// The snapshot was cut at a limit: the report covers only part of the page.
    pub partial: bool,
}

/// One login session or device as the page lists it. Empty strings: the page does not show that part.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub device: String,
    pub location: String,
    pub ip: String,
    pub time: String,
    pub current: bool,
    /// The snapshot node of the session's row.
    pub node: u32,
}

/// A switch, checkbox or select that controls a record the platform keeps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Setting {
    /// Stable id: a known setting's id (e.g. `location_history`) or one made from the label.
    pub id: String,
    pub label: String,
    /// `on`, `off`, or the selected value.
    pub state: String,
    /// For a known switch that creates records the platform has facts for: a few words beside it,
    /// worded for its state (on: what is recorded and who can get it; off: a confirmation).
    pub marker: Option<String>,
    /// The snapshot node of the control.
    pub node: u32,
}

/// Severity follows the `judge` of the processes a finding names (the platform's, or the law's floor
/// where the platform names none), never process ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Facts to know: no process that reaches the record is known (not kept, end-to-end encrypted,
    /// nothing stated and no law entry, or the law's reach is unclear).
    Info,
    /// Reachable only with a judge's order.
    Medium,
    /// Reachable without a judge, or without one for some data (`judge` = never or depends).
    High,
}

/// Whose word a finding rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// What the platform's own sources say it keeps and which process it names.
    Platform,
    /// The platform names no process; what the law's floor allows (`[[law]]` in the vocabulary),
    /// never a claim about the platform's practice.
    Law,
}

/// One warning: which records this page shows the platform keeps and who can get them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// Stable id, `<platform>.<record>`; dismissals are keyed by it.
    pub id: String,
    pub records: Vec<String>,
    /// Process ids the platform names for the records; empty when it does not say.
    pub processes: Vec<String>,
    /// Process ids of the law's floor the finding names: where the platform names none, or only
    /// processes that need more than the law does.
    pub law_processes: Vec<String>,
    /// `law` when the warning rests on the law's floor because the platform names no process.
    pub basis: Basis,
    /// How sure the knowledge base is of what the platform keeps.
    pub certainty: Certainty,
    /// Whether the platform says it keeps the record.
    pub kept: Kept,
    pub severity: Severity,
    /// Short heading: the record's name, or what exactly is kept where the source says less
    /// (e.g. "Only the date you registered and the date you last connected").
    pub title: String,
    /// One or two sentences for the page.
    pub text: String,
    /// A few words for a marker beside each row or switch the finding is about.
    pub marker: String,
    /// The answer to "Why am I seeing this?".
    pub why: Why,
    pub sources: Vec<SourceLink>,
    /// The snapshot node the warning belongs beside, when there is one.
    pub anchor: Option<u32>,
    /// How often the platform reports handing data over on the process the finding names, for the
    /// user's jurisdiction (`classify::figure`); `None` only when the finding names no process.
    pub figure: Option<FigureNote>,
}

/// A transparency-report figure beside a warning, worded by the core. Never silent: `no_figure`
/// says why there is none.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FigureNote {
    pub kind: FigureKind,
    /// The label of what opens under `text`: `previous`, `meaning` and the source.
    pub more: String,
    /// The latest period's figure, or why there is none.
    pub text: String,
    /// The period before, when published, so a change is visible.
    pub previous: Option<String>,
    /// What the figure does and does not mean.
    pub meaning: Option<String>,
    /// Where the numbers were read, with the date read.
    pub source: Option<SourceLink>,
    /// `source` as a line to show ("Source: ..., read ...").
    pub source_text: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FigureKind {
    /// The platform counts the finding's process as its own type.
    ByProcess,
    /// The platform's own category, which mixes processes, named as such.
    PlatformCategory,
    /// No figure: the text says why.
    NoFigure,
}

/// One step the user can take, from the platform's checklist, in the report's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NextStep {
    /// The checklist step's id (the popup's progress is keyed by it).
    pub id: String,
    pub title: String,
    /// What to do, in a sentence or two.
    pub how: String,
    /// What the step does not do.
    pub limits: String,
    /// The platform's own page for the step.
    pub url: String,
    /// Whether `url` is on the platform's own hosts, so a front end may link to it from the page.
    pub same_site: bool,
}

/// Everything behind a warning, in plain words.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Why {
    /// What the record is.
    pub record: String,
    /// What the source says precisely, when it says more or less than the record's name.
    pub detail: Option<String>,
    /// Each process the finding names (the platform's, then the law's), explained.
    pub processes: Vec<ProcessNote>,
    /// When `processes` is empty, the sentence that says why: the platform says it does not keep
    /// the record, encrypts it end to end, or does not say which process reaches it.
    #[serde(default)]
    pub no_processes: Option<String>,
    pub retention: Option<String>,
    /// Whether the platform tells users before it discloses.
    pub notice: String,
    pub reviewed: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProcessNote {
    pub id: String,
    pub name: String,
    pub about: String,
    pub statute: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceLink {
    pub title: String,
    pub url: String,
    /// The date we read it.
    pub read: String,
    /// The date of the text we read: when it last changed, or when the copy we read was made.
    pub as_of: Option<String>,
}

/// What a subpoena for basic subscriber records would return from what this page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubpoenaView {
    pub sessions: usize,
    /// Distinct IP addresses shown.
    pub ips: usize,
    /// Distinct places shown.
    pub places: usize,
    /// Distinct devices shown.
    pub devices: usize,
    /// The oldest and newest time as the page states them (a clock time alone is given its day:
    /// "today at 14:26"); `last` is `None` when the list states one moment only.
    pub first: Option<String>,
    pub last: Option<String>,
    /// `first` to `last` as a phrase in the report's language, dates in the reader's words: "desde
    /// el 28 de noviembre de 2025 hasta ahora", "from 3 hours ago to now"; `first` alone when the
    /// list states one moment only.
    #[serde(default)]
    pub span: Option<String>,
    /// `first` and `last` as RFC 3339 moments, for showing them in the reader's locale: a date
    /// ("2026-11-20") when the page states the day only, else a date-time at the reader's UTC
    /// offset ("2026-11-20T07:02:00-06:00"; "-00:00" when no scan time gave the offset). `None`
    /// when the page does not pin the moment (a weekday), and without a scan time for relative
    /// times and dates without their year.
    pub first_at: Option<String>,
    pub last_at: Option<String>,
    /// The scan time the relative times were read against (RFC 3339), when one was given.
    pub as_of: Option<String>,
}

/// Why the core could not make a report. Returned as a value everywhere, never thrown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoreError {
    /// Stable, machine-readable: serialised as its snake_case name (`bad_snapshot`, ...).
    pub code: ErrorCode,
    /// What went wrong and what to do, for a person.
    pub message: String,
}

/// What kind of failure a [`CoreError`] is. The names are the wire format: front ends may branch
/// on them, so a variant is never renamed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The snapshot (or the gate's page facts) is missing, malformed or broken in shape.
    BadSnapshot,
    /// The options are malformed or out of range.
    BadOptions,
    /// The compiled-in knowledge base or rules cannot be used: a build problem, not the input's.
    KnowledgeBase,
    /// A data export is not a readable zip or folder.
    Unreadable,
    /// A data export holds no file of a known export format.
    Unrecognised,
    /// The answer could not be handed back to JavaScript.
    Internal,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::BadSnapshot => "bad_snapshot",
            Self::BadOptions => "bad_options",
            Self::KnowledgeBase => "knowledge_base",
            Self::Unreadable => "unreadable",
            Self::Unrecognised => "unrecognised",
            Self::Internal => "internal",
        }
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<&str> for ErrorCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}
