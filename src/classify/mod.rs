//! `classify`: from a page snapshot to a report — which platform, what kind of page, the login
//! sessions and settings it shows, and what that tells about what the platform keeps and who can
//! get it.
//!
//! One pass over the text: every phrase of every kind, word list and language sits in one
//! Aho-Corasick automaton (`phrases`), run once over each text; the steps after it read its hits
//! and walk the tree (`tree`) in linear time.
//!
//! - `sessions`: session rows on any site; `time`: the times they state; `subpoena`: their summary.
//! - `settings`: switches, checkboxes, radio groups and selects with their labels and states.
//! - `kind`: the page kind, from URL rules, phrases and the page's structure.
//! - `gate`: whether a page could be one worth reading at all, from its address and title alone.
//! - `findings`: warnings from the knowledge base's facts only; `next_steps`: what to do about them.

mod automaton;
pub(crate) mod figure;
pub(crate) mod findings;
mod gate;
mod kind;
pub(crate) mod next_steps;
mod phrases;
pub mod rules;
mod sessions;
mod settings;
mod subpoena;
mod text;
mod time;
mod tree;

use std::sync::OnceLock;

use crate::kb::{knowledge_base, KnowledgeBase};
use crate::report::{CoreError, ErrorCode, PageKind, Report};
use crate::snapshot::PageSnapshot;
use crate::url::PageUrl;
pub use gate::{gate, Gate, GateInput, MAX_GATE_HEADING, MAX_GATE_HEADINGS};
use phrases::{PageText, PhraseIndex};
use rules::DateOrder;
pub use rules::Rules;
pub use text::{fold, is_whole_word};
pub use time::ScanTime;
use tree::Tree;

/// What the user chose; everything optional.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Options {
    /// The language the user picked (`en`, `es`); `None` follows the page, then the browser.
    #[serde(default)]
    pub language: Option<String>,
    /// The browser's interface language, used when neither the user nor the page decides.
    #[serde(default)]
    pub ui_language: Option<String>,
    /// Whose law to describe; US when absent.
    #[serde(default)]
    pub jurisdiction: Option<String>,
    /// With the EU jurisdiction: the member state (ISO code) whose authorities' figures to show.
    #[serde(default)]
    pub member_state: Option<String>,
    /// The time of the scan, in milliseconds since 1970-01-01T00:00:00Z. Relative times on the page
    /// ("3 hours ago", "Active now", "14:26") are placed against it and dates without a year get
    /// theirs from it. When absent, times are still ordered, but only dates that state their year
    /// are given as moments.
    #[serde(default)]
    pub now: Option<i64>,
    /// The reader's UTC offset in minutes east of UTC (JavaScript: `-new Date().getTimezoneOffset()`):
    /// pages state their times on the reader's clock. 0 when absent; used only with `now`.
    #[serde(default)]
    pub utc_offset_minutes: Option<i32>,
}

/// Rules compiled for use: the rules and their phrase automaton. [`classify`](fn@classify) uses the
/// one built from the compiled-in rules ([`Classifier::builtin`]); [`Classifier::new`] builds one
/// from other rules, e.g. to measure how the cost grows with the rule set.
pub struct Classifier {
    rules: Rules,
    phrases: PhraseIndex,
}

impl Classifier {
    /// Compiles `rules`: builds their phrase automaton.
    pub fn new(rules: Rules) -> Self {
        let phrases = PhraseIndex::new(&rules);
        Self { rules, phrases }
    }

    /// The classifier of the compiled-in rules (`rules/*.toml`), built on first use.
    pub fn builtin() -> Result<&'static Self, String> {
        static BUILTIN: OnceLock<Result<Classifier, String>> = OnceLock::new();
        crate::embedded::ensure_loaded()?;
        BUILTIN
            .get_or_init(|| {
                let rules: Rules = crate::embedded::read(crate::embedded::Part::Rules)?;
                Ok(Self::new(rules))
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    /// The rules this classifier applies.
    pub fn rules(&self) -> &Rules {
        &self.rules
    }

    /// The bare scan: one run of the phrase automaton over `folded` (text already [`fold`]ed),
    /// counting every match, overlapping ones included, before any whole-word check. The floor under
    /// classifying that text; the benchmarks measure [`Classifier::classify`] against it.
    pub fn count_matches(&self, folded: &str) -> usize {
        self.phrases.count_matches(folded)
    }

    /// Classifies one page. Errors are values: a snapshot that cannot be read gives `bad_snapshot`.
    pub fn classify(&self, snapshot: PageSnapshot, options: &Options) -> Result<Report, CoreError> {
        let snapshot = snapshot.into_bounded().map_err(|e| CoreError {
            code: ErrorCode::BadSnapshot,
            message: e.to_string(),
        })?;
        let kb = knowledge_base().map_err(knowledge_base_error)?;
        let rules = &self.rules;

        let url = PageUrl::parse(&snapshot.url);
        let platform = url.as_ref().and_then(|u| kb.platform_for_host(&u.host));
        let language = choose_language(kb, options, &snapshot.lang);
        let jurisdiction = options
            .jurisdiction
            .clone()
            .unwrap_or_else(|| "US".to_owned());
        let scan = options
            .now
            .map(|now| ScanTime::new(now, options.utc_offset_minutes.unwrap_or(0)))
            .transpose()
            .map_err(|message| CoreError {
                code: ErrorCode::BadOptions,
                message,
            })?;

        let tree = Tree::new(&snapshot);
        let text = PageText::scan(&self.phrases, &snapshot);
        let rows = sessions::find(&tree, &text, date_order(rules, &snapshot.lang, &language));
        let controls = settings::find(&tree);
        let structure = kind::Structure {
            password_inputs: count_outside_chrome(&tree, |n| {
                n.input_type.as_deref() == Some("password")
            }),
            strong_rows: rows.iter().filter(|r| r.strong).count(),
            controls: controls.len(),
            controls_name: kind::named_by_controls(controls.iter().flat_map(|c| c.texts(&text))),
            articles: count_outside_chrome(&tree, |n| {
                n.tag == "article" || n.role.as_deref() == Some("article")
            }),
        };
        let (page_kind, named_at) = kind::page_kind(
            rules,
            url.as_ref(),
            platform.map(|p| p.id.as_str()),
            &tree,
            &text,
            structure,
        );
        let mut settings = settings::name(
            controls,
            &text,
            &rules.settings,
            page_kind != PageKind::DataDownload,
        );
        // Rows on other pages (a location history, a feed) are not login sessions.
        let rows = if page_kind == PageKind::Sessions {
            rows
        } else {
            Vec::new()
        };
        let anchor = match rows.first() {
            Some(row) => row.list,
            None => named_at,
        };
        let (findings, no_facts) = match platform {
            Some(platform) => {
                let audience = findings::Audience {
                    kb,
                    platform,
                    lang: &language,
                    jurisdiction: &jurisdiction,
                };
                findings::mark_settings(&audience, rules, &mut settings);
                let mut findings =
                    findings::for_page(&audience, rules, page_kind, anchor, &settings);
                figure::attach(
                    &figure::Reader::new(platform, &language, &jurisdiction, options),
                    &mut findings,
                );
                // An empty list reads as "no risk": where the page shows records and the knowledge
                // base has nothing on them for this jurisdiction, say so instead.
                let no_facts = (findings.is_empty()
                    && findings::shows_records(rules, page_kind, &settings))
                .then(|| findings::no_facts(&audience));
                (findings, no_facts)
            }
            None => (Vec::new(), None),
        };
        let next_steps = platform.map_or_else(Vec::new, |p| {
            next_steps::for_page(kb, p, &language, url.as_ref(), &findings)
        });
        let logout_note = platform
            .filter(|_| page_kind == PageKind::Sessions)
            .and_then(|p| next_steps::logout_note(kb, p, &language, &findings));

        let wording = subpoena::Wording {
            vocabulary: &kb.vocabulary,
            lang: &language,
        };
        let subpoena_view =
            (page_kind == PageKind::Sessions).then(|| subpoena::view(&rows, scan, wording));
        let session_finding = findings::session_finding(rules, page_kind, &findings);
        Ok(Report {
            session_finding,
            platform: platform.map_or("unknown", |p| &p.id).to_owned(),
            platform_name: platform.map(|p| p.name.clone()).unwrap_or_default(),
            page_kind,
            language,
            jurisdiction,
            no_facts,
            subpoena_view,
            sessions: rows.into_iter().map(|r| r.session).collect(),
            settings,
            findings,
            next_steps,
            logout_note,
            offer_archive: page_kind == PageKind::DataDownload,
            reviewed: platform.map(|p| p.reviewed.clone()),
            partial: snapshot.truncated,
            url: snapshot.url.into_owned(),
        })
    }
}

/// Classifies one page with the compiled-in rules ([`Classifier::builtin`]). Errors are values: a
/// snapshot that cannot be read gives `bad_snapshot`.
pub fn classify(snapshot: PageSnapshot, options: &Options) -> Result<Report, CoreError> {
    Classifier::builtin()
        .map_err(knowledge_base_error)?
        .classify(snapshot, options)
}

/// The compiled-in data (knowledge base or rules) cannot be used: a build problem, not the page's.
fn knowledge_base_error(message: String) -> CoreError {
    CoreError {
        code: ErrorCode::KnowledgeBase,
        message,
    }
}

/// How many nodes outside the page chrome are `wanted`.
fn count_outside_chrome(tree: &Tree, wanted: impl Fn(&crate::snapshot::Node) -> bool) -> usize {
    tree.nodes
        .iter()
        .zip(&tree.places)
        .filter(|(node, place)| wanted(node) && !place.chrome)
        .count()
}

/// How the page writes all-number dates: its own language's way, else the report language's.
fn date_order(rules: &Rules, page_lang: &str, language: &str) -> DateOrder {
    [primary_language(page_lang), language.to_owned()]
        .iter()
        .find_map(|lang| rules.sessions.get(lang))
        .map(|words| words.date_order)
        .unwrap_or_default()
}

fn primary_language(tag: &str) -> String {
    tag.split(['-', '_'])
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase()
}

/// The language a report on a page in `page_lang` ("" for none) is written in, under `options`: the
/// extension's own pages (popup, options, report) show their strings in it (`chooseLanguage`).
pub fn report_language(options: &Options, page_lang: &str) -> Result<String, CoreError> {
    let kb = knowledge_base().map_err(knowledge_base_error)?;
    Ok(choose_language(kb, options, page_lang))
}

/// The user's choice, else the page's language, else the browser's, else the first supported one.
fn choose_language(kb: &KnowledgeBase, options: &Options, page_lang: &str) -> String {
    let supported = |tag: &str| {
        let primary = primary_language(tag);
        kb.vocabulary
            .languages
            .iter()
            .find(|l| **l == primary)
            .cloned()
    };
    [
        options.language.as_deref(),
        Some(page_lang),
        options.ui_language.as_deref(),
    ]
    .into_iter()
    .flatten()
    .find_map(supported)
    .or_else(|| kb.vocabulary.languages.first().cloned())
    .unwrap_or_else(|| "en".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_report_language_is_the_users_then_the_pages_then_the_browsers() {
        let options = |language: Option<&str>, ui: Option<&str>| Options {
            language: language.map(str::to_owned),
            ui_language: ui.map(str::to_owned),
            ..Options::default()
        };
        let chosen = |o: Options, page: &str| report_language(&o, page).unwrap();
        assert_eq!(chosen(options(Some("es"), Some("en-US")), "en"), "es");
        assert_eq!(chosen(options(None, Some("en-US")), "es-MX"), "es");
        assert_eq!(chosen(options(None, Some("es-419")), ""), "es");
        // A language the knowledge base is not written in is passed over.
        assert_eq!(chosen(options(Some("fr"), Some("de")), "pt-BR"), "en");
        assert_eq!(chosen(options(Some("fr"), None), "es"), "es");
    }

    /// Every rule file complete for every language, naming only ids the knowledge base knows.
    #[test]
    fn the_rules_are_complete_and_name_only_known_ids() {
        use std::collections::BTreeMap;
        let kb = knowledge_base().unwrap();
        let rules = Classifier::builtin().unwrap().rules();
        let mut problems: Vec<String> = Vec::new();
        let mut check = |ok: bool, problem: String| {
            if !ok {
                problems.push(problem);
            }
        };
        for kind in PageKind::ALL {
            check(
                rules.kinds.iter().any(|r| r.kind == kind),
                format!("pages.toml: no rule for {}", kind.as_str()),
            );
        }
        let phrase_lists = rules
            .kinds
            .iter()
            .map(|r| {
                let mut by_language: BTreeMap<String, Vec<String>> = BTreeMap::new();
                for (lang, list) in r.phrases.iter().flat_map(|g| &g.languages) {
                    by_language
                        .entry(lang.clone())
                        .or_default()
                        .extend(list.iter().cloned());
                }
                (r.kind.as_str().to_owned(), by_language)
            })
            .chain(
                rules
                    .settings
                    .iter()
                    .map(|s| (s.id.clone(), s.phrases.clone())),
            );
        for (name, phrases) in phrase_lists {
            for lang in &kb.vocabulary.languages {
                let list = phrases.get(lang).map_or(&[][..], Vec::as_slice);
                check(!list.is_empty(), format!("{name}: no {lang} phrases"));
                for phrase in list {
                    check(
                        !fold(phrase.trim()).is_empty(),
                        format!("{name}: empty phrase"),
                    );
                }
            }
        }
        for lang in &kb.vocabulary.languages {
            let Some(words) = rules.sessions.get(lang) else {
                check(false, format!("sessions.toml: no [{lang}]"));
                continue;
            };
            check(
                words.months.len() == 12,
                format!("sessions.toml [{lang}]: 12 months"),
            );
            for (list, name) in [
                (&words.devices, "devices"),
                (&words.current, "current"),
                (&words.live, "live"),
                (&words.ended, "ended"),
                (&words.weekdays, "weekdays"),
                (&words.ago, "ago"),
                (&words.yesterday, "yesterday"),
                (&words.today, "today"),
                (&words.now, "now"),
            ] {
                check(
                    !list.is_empty(),
                    format!("sessions.toml [{lang}]: no {name}"),
                );
            }
            check(
                words.units.len() == 7,
                format!("sessions.toml [{lang}]: every unit"),
            );
        }
        let records = rules
            .kinds
            .iter()
            .flat_map(|r| &r.records)
            .chain(rules.settings.iter().flat_map(|s| &s.records));
        for record in records {
            check(
                kb.vocabulary.record(record).is_some(),
                format!("unknown record {record}"),
            );
        }
        for rule in &rules.urls {
            check(
                rule.platform == "*" || kb.platform(&rule.platform).is_some(),
                format!("pages.toml: unknown platform {}", rule.platform),
            );
            check(
                rule.path.starts_with('/'),
                format!("pages.toml: path {}", rule.path),
            );
        }
        for group in rules.kinds.iter().flat_map(|r| &r.phrases) {
            let platform = group.platform.as_str();
            check(
                matches!(platform, "any" | "unknown") || kb.platform(platform).is_some(),
                format!("pages.toml: phrases from unknown platform {platform}"),
            );
            check(
                !group.source.trim().is_empty(),
                format!("pages.toml: phrases from {platform} without a source"),
            );
        }
        let mut ids: Vec<&str> = rules.settings.iter().map(|s| s.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        check(
            ids.len() == rules.settings.len(),
            "settings.toml: repeated id".into(),
        );
        assert!(
            problems.is_empty(),
            "rule problems:\n{}",
            problems.join("\n")
        );
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod unknown_site_tests {
    use super::*;
    use crate::html::snapshot_from_html;

    fn kind(body: &str) -> PageKind {
        let snapshot = snapshot_from_html(body, Some("https://site.example/account"));
        classify(snapshot, &Options::default()).unwrap().page_kind
    }

    #[test]
    fn structure_decides_on_sites_without_rules() {
        let sign_in =
            "<h1>Welcome</h1><input type=email><input type=password><button>Next</button>";
        assert_eq!(kind(sign_in), PageKind::Login);
        let change_password = "<h1>Security</h1><input type=password><input type=password>\
                               <input type=password>";
        assert_eq!(kind(change_password), PageKind::Security);
        let switches = r#"<h1>Privacy</h1><label><input type=checkbox>Private account</label>"#;
        assert_eq!(kind(switches), PageKind::Privacy);
    }

    #[test]
    fn articles_about_session_pages_are_other() {
        let article = "<article><h1>How to check where you're logged in</h1>\
            <p>Open Where you're logged in to see your active sessions and devices.</p>\
            <h2>Was this helpful?</h2></article>";
        assert_eq!(kind(article), PageKind::Other);
        let list = format!(
            "{article}<ul><li>iPhone 15</li><li>Houston, TX, USA</li></ul>\
             <ul><li><b>Chrome on Windows</b><i>203.0.113.5</i></li>\
             <li><b>Safari on Mac</b><i>203.0.113.6</i></li></ul>"
        );
        assert_eq!(
            kind(&list),
            PageKind::Sessions,
            "rows show it is the real list"
        );
        assert_eq!(kind("<p>Hello</p>"), PageKind::Other);
    }
}
