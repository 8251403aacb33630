//! The rules every knowledge base must follow, checked in `cargo test`.
//!
//! The schema (types, key names) is enforced when `build.rs` reads the files; these are the rules a
//! type cannot express. Two families ([`Rule`]): consistency (every fact cites a source that exists,
//! every id is known, every text is in every language, a fact uses only its jurisdiction's processes,
//! a law entry names a known process and record) and provenance (every source is dated with `as_of`,
//! every link is https). Provenance is checked in `cargo test`, not by `build.rs`, so that a source
//! can be dated after it is added without breaking every build in between.

use std::collections::BTreeSet;
use std::fmt;

use super::model::*;

/// One broken rule: where, and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub rule: Rule,
    /// e.g. `platforms/facebook.toml: facts[2] (login_ip_log)`.
    pub place: String,
    pub message: String,
}

/// The family of rules a problem breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// Ids, citations, languages, jurisdictions: the knowledge base holds together.
    Consistency,
    /// Every source has an `as_of` date; every link (source, snapshot, checklist step) is https.
    Provenance,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.place, self.message)
    }
}

/// Every rule the knowledge base breaks; empty when it is sound.
pub fn validate(kb: &KnowledgeBase) -> Vec<Problem> {
    let mut check = Checker {
        vocabulary: &kb.vocabulary,
        problems: Vec::new(),
    };
    check.vocabulary();
    let mut hosts_seen: BTreeSet<&str> = BTreeSet::new();
    let mut ids_seen: BTreeSet<&str> = BTreeSet::new();
    for platform in &kb.platforms {
        let file = format!("platforms/{}.toml", platform.id);
        if !ids_seen.insert(&platform.id) {
            check.problem(&file, "the platform id is used twice");
        }
        for host in &platform.hosts {
            if !hosts_seen.insert(host) {
                check.problem(
                    &file,
                    format!(
                        "host {host:?} is listed by another platform too; each host belongs to one"
                    ),
                );
            }
        }
        check.platform(&file, platform);
    }
    // The content script must run wherever a checklist sends the user (another platform's page, too:
    // YouTube's steps are on Google's account pages).
    for platform in &kb.platforms {
        for step in &platform.checklist {
            let host = url_host(&step.url);
            if !kb.platforms.iter().any(|p| p.content_script_runs_on(host)) {
                check.problem(
                    &format!("platforms/{}.toml: checklist {}", platform.id, step.id),
                    format!("its page's host {host:?} is in no account_hosts: the content script would not run there"),
                );
            }
        }
    }
    check.problems
}

/// The host of an `https://` URL (lower case as written in the knowledge base), without port.
fn url_host(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    authority.split(':').next().unwrap_or("")
}

struct Checker<'a> {
    vocabulary: &'a Vocabulary,
    problems: Vec<Problem>,
}

impl Checker<'_> {
    fn problem(&mut self, place: &str, message: impl Into<String>) {
        self.push(Rule::Consistency, place, message);
    }

    fn provenance(&mut self, place: &str, message: impl Into<String>) {
        self.push(Rule::Provenance, place, message);
    }

    fn push(&mut self, rule: Rule, place: &str, message: impl Into<String>) {
        self.problems.push(Problem {
            rule,
            place: place.to_owned(),
            message: message.into(),
        });
    }

    fn vocabulary(&mut self) {
        let v = self.vocabulary;
        let place = "vocabulary.toml";
        if v.languages.is_empty() {
            self.problem(place, "list at least one language");
        }
        self.date(place, "reviewed", &v.reviewed);
        self.sources(place, &v.sources);
        let source_ids: BTreeSet<&str> = v.sources.iter().map(|s| s.id.as_str()).collect();
        let jurisdictions: BTreeSet<&str> = v.jurisdictions.iter().map(|j| j.id.as_str()).collect();
        for j in &v.jurisdictions {
            let at = format!("{place}: jurisdiction {}", j.id);
            self.text(&at, "name", &j.name);
            self.text(&at, "in", &j.in_place);
        }
        self.unique(place, "record", v.records.iter().map(|r| r.id.as_str()));
        for r in &v.records {
            let at = format!("{place}: record {}", r.id);
            self.text(&at, "name", &r.name);
            self.text(&at, "about", &r.about);
            self.text(&at, "phrase", &r.phrase);
            for lang in &v.languages {
                match r.grammar.get(lang) {
                    None => self.problem(&at, format!("grammar has no {lang:?} entry")),
                    Some(g) if v.pronoun(lang, *g).is_none() => self.problem(
                        &at,
                        format!(
                            "[pronouns] has no {lang:?} pronoun for {:?}",
                            String::from(*g)
                        ),
                    ),
                    Some(_) => {}
                }
            }
        }
        self.unique(place, "process", v.processes.iter().map(|p| p.id.as_str()));
        for p in &v.processes {
            let at = format!("{place}: process {}", p.id);
            self.text(&at, "name", &p.name);
            self.text(&at, "about", &p.about);
            self.text(&at, "statute", &p.statute);
            if !jurisdictions.contains(p.jurisdiction.as_str()) {
                self.problem(&at, format!("unknown jurisdiction {:?}", p.jurisdiction));
            }
            self.cites(&at, &p.sources, &source_ids);
        }
        let mut law_seen = BTreeSet::new();
        for (i, entry) in v.law.iter().enumerate() {
            let at = format!("{place}: law[{i}] ({} -> {})", entry.process, entry.record);
            if !law_seen.insert((&entry.process, &entry.record)) {
                self.problem(
                    &at,
                    "a second law entry for the same process and record; merge them",
                );
            }
            if v.process(&entry.process).is_none() {
                self.problem(&at, format!("unknown process {:?}", entry.process));
            }
            if v.record(&entry.record).is_none() {
                self.problem(&at, format!("unknown record {:?}", entry.record));
            }
            self.text(&at, "scope", &entry.scope);
            self.cites(&at, &entry.sources, &source_ids);
        }
        for (name, text) in &v.templates {
            self.text(&format!("{place}: template {name}"), "text", text);
        }
    }

    /// `account_hosts` lies within `hosts`.
    fn account_hosts(&mut self, file: &str, p: &Platform) {
        let Some(account_hosts) = &p.account_hosts else {
            return;
        };
        if account_hosts.is_empty() {
            self.problem(
                file,
                "account_hosts is empty: list the hosts, or leave the key out",
            );
        }
        for host in account_hosts {
            if !p.hosts.iter().any(|h| host_within(host, h)) {
                self.problem(file, format!("account host {host:?} is not one of the platform's hosts or their subdomains"));
            }
        }
    }

    fn platform(&mut self, file: &str, p: &Platform) {
        if p.hosts.is_empty() {
            self.problem(file, "list the hosts the platform is served from");
        }
        for host in &p.hosts {
            let plain = !host.is_empty()
                && host
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-')
                && !host.starts_with('.')
                && host.contains('.');
            if !plain {
                self.problem(file, format!("host {host:?} must be a lower-case host name, without scheme, port or path"));
            }
        }
        self.account_hosts(file, p);
        self.text(file, "operator", &p.operator);
        self.date(file, "reviewed", &p.reviewed);
        self.sources(file, &p.sources);
        let source_ids: BTreeSet<&str> = p.sources.iter().map(|s| s.id.as_str()).collect();

        let mut jurisdictions_seen = BTreeSet::new();
        for entry in &p.jurisdictions {
            let at = format!("{file}: jurisdictions {}", entry.id);
            if !jurisdictions_seen.insert(&entry.id) {
                self.problem(&at, "a second entry for the same jurisdiction; merge them");
            }
            if self.vocabulary.jurisdiction(&entry.id).is_none() {
                self.problem(&at, format!("unknown jurisdiction {:?}", entry.id));
            }
            if entry.operator.trim().is_empty() {
                self.problem(&at, "name the operator that answers requests from there");
            }
            self.text(&at, "text", &entry.text);
            self.cites(&at, &entry.sources, &source_ids);
        }

        let mut facts_seen = BTreeSet::new();
        for (i, fact) in p.facts.iter().enumerate() {
            let at = format!("{file}: facts[{i}] ({})", fact.record);
            if !facts_seen.insert((&fact.record, &fact.jurisdiction)) {
                self.problem(
                    &at,
                    "a second fact for the same record and jurisdiction; merge them",
                );
            }
            if self.vocabulary.record(&fact.record).is_none() {
                self.problem(
                    &at,
                    format!(
                        "unknown record {:?}; use an id from vocabulary.toml",
                        fact.record
                    ),
                );
            }
            if !self
                .vocabulary
                .jurisdictions
                .iter()
                .any(|j| j.id == fact.jurisdiction)
            {
                self.problem(&at, format!("unknown jurisdiction {:?}", fact.jurisdiction));
            }
            for process in &fact.processes {
                match self.vocabulary.process(process) {
                    None => self.problem(&at, format!("unknown process {process:?}; use an id from vocabulary.toml, or [] when the source does not say")),
                    Some(kind) if kind.jurisdiction != fact.jurisdiction => self.problem(
                        &at,
                        format!("process {process:?} belongs to {} but the fact is about {}", kind.jurisdiction, fact.jurisdiction),
                    ),
                    Some(_) => {}
                }
            }
            if fact.kept != Kept::Yes && !fact.processes.is_empty() {
                self.problem(
                    &at,
                    "a process reaches only what is kept: with kept = \"no\" or \"not_stated\", use processes = [] and say in detail what the source says",
                );
            }
            if let Some(scope) = &fact.scope {
                self.text(&at, "scope", scope);
            }
            self.cites(&at, &fact.sources, &source_ids);
            if let Some(text) = &fact.retention {
                self.text(&at, "retention", text);
            }
            if let Some(text) = &fact.detail {
                self.text(&at, "detail", text);
            }
        }

        let at = format!("{file}: notice");
        self.text(&at, "text", &p.notice.text);
        self.cites(&at, &p.notice.sources, &source_ids);
        if let Some(preservation) = &p.preservation {
            let at = format!("{file}: preservation");
            self.text(&at, "text", &preservation.text);
            self.cites(&at, &preservation.sources, &source_ids);
        }

        if p.checklist.is_empty() {
            self.problem(file, "add at least one checklist step");
        }
        self.unique(
            file,
            "checklist step",
            p.checklist.iter().map(|s| s.id.as_str()),
        );
        for step in &p.checklist {
            let at = format!("{file}: checklist {}", step.id);
            for (field, text) in [
                ("title", &step.title),
                ("how", &step.how),
                ("done_when", &step.done_when),
                ("limits", &step.limits),
            ] {
                self.text(&at, field, text);
            }
            if !step.url.starts_with("https://") {
                self.provenance(
                    &at,
                    "link the step to the platform's own https:// settings or help page",
                );
            }
            for record in &step.protects {
                if self.vocabulary.record(record).is_none() {
                    self.problem(&at, format!("protects unknown record {record:?}"));
                }
            }
        }
    }

    fn sources(&mut self, file: &str, sources: &[Source]) {
        self.unique(file, "source", sources.iter().map(|s| s.id.as_str()));
        for s in sources {
            let at = format!("{file}: source {}", s.id);
            if !s.url.starts_with("https://") {
                self.provenance(&at, format!("url {:?} must be an https:// address", s.url));
            }
            if s.title.trim().is_empty() {
                self.problem(&at, "give the source's title");
            }
            self.date(&at, "read", &s.read);
            match &s.as_of {
                None => self.provenance(
                    &at,
                    "add as_of = \"YYYY-MM-DD\": the date the text last changed, or the capture date of the copy read",
                ),
                Some(as_of) if !well_formed_date(as_of) => self.provenance(
                    &at,
                    format!("as_of {as_of:?} is not a YYYY-MM-DD date"),
                ),
                Some(as_of) if well_formed_date(&s.read) && as_of > &s.read => self.provenance(
                    &at,
                    format!("as_of {as_of} is after the date it was read ({})", s.read),
                ),
                Some(_) => {}
            }
            if let Some(snapshot) = &s.snapshot {
                self.date(&at, "snapshot.date", &snapshot.date);
                if !snapshot.url.starts_with("https://") {
                    self.provenance(
                        &at,
                        format!(
                            "snapshot url {:?} must be an https:// address",
                            snapshot.url
                        ),
                    );
                }
            }
        }
    }

    fn cites(&mut self, at: &str, cited: &[String], known: &BTreeSet<&str>) {
        if cited.is_empty() {
            self.problem(at, "cite at least one source");
        }
        for id in cited {
            if !known.contains(id.as_str()) {
                self.problem(
                    at,
                    format!("cites source {id:?}, which is not defined in this file"),
                );
            }
        }
    }

    fn text(&mut self, at: &str, field: &str, text: &Text) {
        let missing: Vec<String> = self
            .vocabulary
            .languages
            .iter()
            .filter(|lang| text.get(*lang).is_none_or(|t| t.trim().is_empty()))
            .map(|lang| format!("{field} has no {lang:?} text"))
            .collect();
        for message in missing {
            self.problem(at, message);
        }
    }

    fn date(&mut self, at: &str, field: &str, date: &str) {
        if !well_formed_date(date) {
            self.problem(at, format!("{field} {date:?} is not a YYYY-MM-DD date"));
        }
    }

    fn unique<'a>(&mut self, at: &str, what: &str, ids: impl Iterator<Item = &'a str>) {
        let mut seen = BTreeSet::new();
        for id in ids {
            if !seen.insert(id) {
                self.problem(at, format!("{what} id {id:?} is used twice"));
            }
        }
    }
}

/// `YYYY-MM-DD` with a month from 01 to 12 and a day from 01 to 31.
fn well_formed_date(date: &str) -> bool {
    let b = date.as_bytes();
    let shaped = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    let number = |range: std::ops::Range<usize>| date[range].parse::<u8>().unwrap_or(0);
    shaped && (1..=12).contains(&number(5..7)) && (1..=31).contains(&number(8..10))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kb::knowledge_base;

    /// A copy of the shipped knowledge base, broken by `edit`, must report a problem containing `expect`.
    fn breaks(expect: &str, edit: impl FnOnce(&mut KnowledgeBase)) {
        let mut kb = knowledge_base().unwrap().clone();
        edit(&mut kb);
        let problems = validate(&kb);
        assert!(
            problems.iter().any(|p| p.to_string().contains(expect)),
            "expected a problem containing {expect:?}, got {problems:#?}"
        );
    }

    fn first_platform(kb: &mut KnowledgeBase) -> &mut Platform {
        kb.platforms.first_mut().expect("at least one platform")
    }

    #[test]
    fn a_fact_without_a_source_is_rejected() {
        breaks("cite at least one source", |kb| {
            first_platform(kb).facts[0].sources.clear()
        });
    }

    #[test]
    fn a_fact_citing_an_undefined_source_is_rejected() {
        breaks("not defined in this file", |kb| {
            first_platform(kb).facts[0].sources = vec!["nowhere".into()]
        });
    }

    #[test]
    fn an_unknown_record_is_rejected() {
        breaks("unknown record \"dna\"", |kb| {
            first_platform(kb).facts[0].record = "dna".into()
        });
    }

    #[test]
    fn an_unknown_process_is_rejected() {
        breaks("unknown process \"telepathy\"", |kb| {
            first_platform(kb).facts[0]
                .processes
                .push("telepathy".into())
        });
    }

    #[test]
    fn a_process_from_another_jurisdiction_is_rejected() {
        breaks("belongs to EU", |kb| {
            first_platform(kb).facts[0]
                .processes
                .push("eu_production_order".into())
        });
    }

    #[test]
    fn a_platform_without_hosts_is_rejected() {
        breaks("list the hosts", |kb| first_platform(kb).hosts.clear());
    }

    #[test]
    fn a_host_with_a_scheme_is_rejected() {
        breaks("must be a lower-case host name", |kb| {
            first_platform(kb).hosts.push("https://x.example".into())
        });
    }

    #[test]
    fn a_text_missing_a_language_is_rejected() {
        breaks("has no \"es\" text", |kb| {
            first_platform(kb).checklist[0].how.remove("es");
        });
        breaks("has no \"en\" text", |kb| {
            kb.vocabulary.records[0]
                .name
                .insert("en".into(), "  ".into());
        });
    }

    #[test]
    fn a_checklist_step_without_a_link_is_rejected() {
        breaks("https:// settings or help page", |kb| {
            first_platform(kb).checklist[0].url = String::new()
        });
    }

    #[test]
    fn account_hosts_outside_the_hosts_or_missing_a_checklist_page_are_rejected() {
        breaks("is not one of the platform's hosts", |kb| {
            let p = first_platform(kb);
            let mut hosts: Vec<String> = p
                .checklist
                .iter()
                .map(|s| url_host(&s.url).to_owned())
                .collect();
            hosts.push("example.org".into());
            p.account_hosts = Some(hosts);
        });
        breaks("is in no account_hosts", |kb| {
            let p = first_platform(kb);
            let host = format!("nothing-here.{}", p.hosts[0]);
            p.account_hosts = Some(vec![host]);
        });
        breaks("account_hosts is empty", |kb| {
            first_platform(kb).account_hosts = Some(Vec::new())
        });
    }

    #[test]
    fn host_within_needs_a_dot_before_the_domain() {
        assert!(host_within("myaccount.google.com", "google.com"));
        assert!(host_within("google.com", "google.com"));
        assert!(!host_within("notgoogle.com", "google.com"));
        assert_eq!(
            url_host("https://myaccount.google.com:443/x?y"),
            "myaccount.google.com"
        );
        assert_eq!(
            url_host("https://takeout.google.com?hl=es"),
            "takeout.google.com"
        );
    }

    #[test]
    fn a_host_claimed_by_two_platforms_is_rejected() {
        breaks("listed by another platform", |kb| {
            let host = kb.platforms[0].hosts[0].clone();
            let mut twin = kb.platforms[0].clone();
            twin.id = "twin".into();
            twin.hosts = vec![host];
            kb.platforms.push(twin);
        });
    }

    #[test]
    fn an_undated_source_and_an_http_link_are_provenance_problems() {
        let mut kb = knowledge_base().unwrap().clone();
        kb.vocabulary.sources[0].as_of = None;
        kb.vocabulary.sources[1].url = "http://law.example/2702".into();
        first_platform(&mut kb).sources[0].as_of = Some("2026-13-01".into());
        first_platform(&mut kb).sources[1].as_of = Some("2999-01-01".into());
        let problems: Vec<String> = validate(&kb)
            .iter()
            .filter(|p| p.rule == Rule::Provenance)
            .map(ToString::to_string)
            .collect();
        for expect in [
            "add as_of",
            "must be an https:// address",
            "\"2026-13-01\" is not a YYYY-MM-DD date",
            "is after the date it was read",
        ] {
            assert!(
                problems.iter().any(|p| p.contains(expect)),
                "expected {expect:?} among {problems:#?}"
            );
        }
    }

    #[test]
    fn a_law_entry_must_name_a_known_process_and_record() {
        breaks("unknown process \"decree\"", |kb| {
            kb.vocabulary.law[0].process = "decree".into()
        });
        breaks("unknown record \"dna\"", |kb| {
            kb.vocabulary.law[0].record = "dna".into()
        });
        breaks("scope has no \"es\" text", |kb| {
            kb.vocabulary.law[0].scope.remove("es");
        });
        breaks("a second law entry", |kb| {
            let twin = kb.vocabulary.law[0].clone();
            kb.vocabulary.law.push(twin);
        });
    }

    #[test]
    fn a_fact_not_kept_names_no_process() {
        breaks("a process reaches only what is kept", |kb| {
            let fact = &mut first_platform(kb).facts[0];
            fact.kept = Kept::No;
            fact.processes = vec!["subpoena".into()];
        });
    }

    #[test]
    fn a_platform_jurisdiction_entry_is_checked() {
        breaks("unknown jurisdiction \"Mars\"", |kb| {
            let platform = first_platform(kb);
            let source = platform.sources[0].id.clone();
            platform.jurisdictions.push(PlatformJurisdiction {
                id: "Mars".into(),
                operator: String::new(),
                law_applies: LawApplies::Unclear,
                certainty: Certainty::Inference,
                sources: vec![source],
                text: Text::new(),
            });
        });
        breaks("name the operator", |kb| {
            first_platform(kb).jurisdictions.push(PlatformJurisdiction {
                id: "UK".into(),
                operator: " ".into(),
                law_applies: LawApplies::Yes,
                certainty: Certainty::Inference,
                sources: vec![],
                text: Text::new(),
            });
        });
    }

    #[test]
    fn a_platform_operator_needs_every_language() {
        breaks("operator has no \"es\" text", |kb| {
            first_platform(kb).operator.remove("es");
        });
    }

    #[test]
    fn a_malformed_date_is_rejected() {
        breaks("is not a YYYY-MM-DD date", |kb| {
            first_platform(kb).reviewed = "29/11/2026".into()
        });
    }
}
