//! The shape of the classifier's rules: the phrases that say what a page is, the URL paths that do,
//! the words that make up a login-session row, and the settings the core knows by name.
//!
//! Rules are data (`rules/*.toml`), compiled in by `build.rs` like the knowledge base: adding a
//! language or a platform's page is adding phrases and paths, not code. This file is shared with
//! `build.rs` by path, so it depends only on `serde`, `crate::report` and `crate::compact`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::compact::{compact_enum, compact_struct};
use crate::report::PageKind;

/// Everything the classifier reads, as compiled from the three rule files.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    pub kinds: Vec<KindRule>,
    pub urls: Vec<UrlRule>,
    /// Session-row words by language code.
    pub sessions: BTreeMap<String, SessionWords>,
    pub settings: Vec<KnownSetting>,
}

/// `rules/pages.toml`: how to recognise each kind of page.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageRules {
    pub kinds: Vec<KindRule>,
    pub urls: Vec<UrlRule>,
}

/// `rules/settings.toml`: the settings the core knows by name.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SettingRules {
    pub settings: Vec<KnownSetting>,
}

/// How to recognise one page kind from its text, and what such a page shows the platform keeps.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KindRule {
    pub kind: PageKind,
    /// Phrases in groups by where they were written from. Matched on whole words, ignoring case and
    /// accents, on every site whatever their group.
    pub phrases: Vec<PhraseGroup>,
    /// Record ids a page of this kind shows the platform keeps; one finding each.
    pub records: Vec<String>,
}

/// Phrases of one page kind written from the same pages. Provenance only: it lets the corpus test
/// withhold a platform's own phrases to measure the classifier on a platform it was not written from.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PhraseGroup {
    /// The platform whose pages the phrases were read on (a knowledge-base id, or `unknown` for a
    /// site outside it), or `any` for common wording.
    pub platform: String,
    /// The saved pages they occur on, or why there is none.
    pub source: String,
    /// Phrases by language code (every other key of the group).
    #[serde(flatten)]
    pub languages: BTreeMap<String, Vec<String>>,
}

/// A platform's own address for a kind of page.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UrlRule {
    /// A knowledge-base platform id, or `*` for every site, known or not.
    pub platform: String,
    pub kind: PageKind,
    /// The host is this one or a subdomain of it, when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    /// The URL path starts with this, ignoring case.
    pub path: String,
    /// The query string contains this, when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query: Option<String>,
}

/// `rules/sessions.toml`, one language: the words a login-session row is made of. Every list is
/// matched on whole words, ignoring case and accents, in the one phrase automaton.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SessionWords {
    /// Device, system, browser and app words ("iPhone", "Windows", "Chrome").
    pub devices: Vec<String>,
    /// Marks the session the user is reading the page on ("This device", "Current session").
    pub current: Vec<String>,
    /// A time that also says the session is the current one ("Active now").
    pub live: Vec<String>,
    /// Marks a session that has ended and is listed for history only ("Signed out").
    pub ended: Vec<String>,
    /// Words that make a comma-separated name a company, not a place ("LLC").
    pub not_places: Vec<String>,
    /// Month names and abbreviations, January first: exactly twelve lists.
    pub months: Vec<Vec<String>>,
    pub weekdays: Vec<String>,
    /// Words for each unit of a relative time ("hours", "horas").
    pub units: BTreeMap<TimeUnit, Vec<String>>,
    /// Makes a count of units a time in the past ("ago", "hace").
    pub ago: Vec<String>,
    pub yesterday: Vec<String>,
    pub today: Vec<String>,
    /// The present moment ("now", "just now").
    pub now: Vec<String>,
    /// Words that count one unit ("a month ago").
    pub one: Vec<String>,
    pub am: Vec<String>,
    pub pm: Vec<String>,
    /// Words that may sit in a time phrase without being times ("at", "last used on").
    pub fillers: Vec<String>,
    /// How this language writes all-number dates.
    pub date_order: DateOrder,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TimeUnit {
    Second,
    Minute,
    Hour,
    Day,
    Week,
    Month,
    Year,
}

/// The order of day, month and year in a date like 11/09/26.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateOrder {
    #[default]
    MonthDayYear,
    DayMonthYear,
}

/// A setting the core knows by name, whichever platform shows it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KnownSetting {
    /// Stable id, e.g. `location_history`.
    pub id: String,
    /// Record ids the platform creates while the setting is on; a finding each, anchored at it.
    pub records: Vec<String>,
    /// Phrases of its label by language, matched like page phrases.
    pub phrases: BTreeMap<String, Vec<String>>,
}

// The compact form `build.rs` embeds (`crate::compact`): every field, in this order. Only the
// compiled `Rules` are embedded, not the files' own shapes (`PageRules`, `SettingRules`).
compact_struct!(Rules {
    kinds,
    urls,
    sessions,
    settings
});
compact_struct!(KindRule {
    kind,
    phrases,
    records
});
compact_struct!(PhraseGroup {
    platform,
    source,
    languages
});
compact_struct!(UrlRule {
    platform,
    kind,
    host,
    path,
    query
});
compact_struct!(SessionWords {
    devices,
    current,
    live,
    ended,
    not_places,
    months,
    weekdays,
    units,
    ago,
    yesterday,
    today,
    now,
    one,
    am,
    pm,
    fillers,
    date_order,
});
compact_enum!(TimeUnit {
    Second,
    Minute,
    Hour,
    Day,
    Week,
    Month,
    Year
});
compact_enum!(DateOrder {
    MonthDayYear,
    DayMonthYear
});
compact_struct!(KnownSetting {
    id,
    records,
    phrases
});
// `PageKind` is the report's (src/report.rs); its compact form is here, where the rules embed it.
compact_enum!(PageKind {
    Login,
    Sessions,
    Security,
    Privacy,
    Location,
    Activity,
    DataDownload,
    Other,
});

#[cfg(test)]
mod tests {
    use super::*;

    /// The compact form reads back every field of what build.rs read from `rules/*.toml`, compared
    /// through `Debug`, which leaves nothing out.
    #[test]
    fn the_embedded_rules_are_the_toml_files_read_back() {
        let read = |path: &str| std::fs::read_to_string(path).unwrap();
        let pages: PageRules = toml::from_str(&read("rules/pages.toml")).unwrap();
        let settings: SettingRules = toml::from_str(&read("rules/settings.toml")).unwrap();
        let from_toml = Rules {
            kinds: pages.kinds,
            urls: pages.urls,
            sessions: toml::from_str(&read("rules/sessions.toml")).unwrap(),
            settings: settings.settings,
        };
        assert!(!from_toml.kinds.is_empty() && !from_toml.sessions.is_empty());
        let embedded = crate::Classifier::builtin().unwrap().rules();
        assert_eq!(format!("{embedded:#?}"), format!("{from_toml:#?}"));
    }
}
