//! The rules every knowledge base must follow, checked in `cargo test` and by `dlens kb --check`.
//!
//! The schema (types, key names) is enforced when `build.rs` reads the files; these are the rules a
//! type cannot express: every fact cites a source that exists, every id is known, every text is in
//! every language, every checklist step links to the platform.

use std::collections::BTreeSet;
use std::fmt;

use super::model::*;

/// One broken rule: where, and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// e.g. `platforms/facebook.toml: facts[2] (login_ip_log)`.
    pub place: String,
    pub message: String,
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
    check.problems
}

struct Checker<'a> {
    vocabulary: &'a Vocabulary,
    problems: Vec<Problem>,
}

impl Checker<'_> {
    fn problem(&mut self, place: &str, message: impl Into<String>) {
        self.problems.push(Problem {
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
            self.text(&format!("{place}: jurisdiction {}", j.id), "name", &j.name);
        }
        self.unique(place, "record", v.records.iter().map(|r| r.id.as_str()));
        for r in &v.records {
            let at = format!("{place}: record {}", r.id);
            self.text(&at, "name", &r.name);
            self.text(&at, "about", &r.about);
        }
        self.unique(place, "process", v.processes.iter().map(|p| p.id.as_str()));
        for p in &v.processes {
            let at = format!("{place}: process {}", p.id);
            self.text(&at, "name", &p.name);
            self.text(&at, "about", &p.about);
            if !jurisdictions.contains(p.jurisdiction.as_str()) {
                self.problem(&at, format!("unknown jurisdiction {:?}", p.jurisdiction));
            }
            self.cites(&at, &p.sources, &source_ids);
        }
        for (name, text) in &v.templates {
            self.text(&format!("{place}: template {name}"), "text", text);
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
        self.date(file, "reviewed", &p.reviewed);
        self.sources(file, &p.sources);
        let source_ids: BTreeSet<&str> = p.sources.iter().map(|s| s.id.as_str()).collect();

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
                self.problem(
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
            if !s.url.starts_with("https://") && !s.url.starts_with("http://") {
                self.problem(&at, "give the source's web address");
            }
            if s.title.trim().is_empty() {
                self.problem(&at, "give the source's title");
            }
            self.date(&at, "read", &s.read);
            if let Some(snapshot) = &s.snapshot {
                self.date(&at, "snapshot.date", &snapshot.date);
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
        for lang in &self.vocabulary.languages {
            if text.get(lang).is_none_or(|t| t.trim().is_empty()) {
                self.problems.push(Problem {
                    place: at.to_owned(),
                    message: format!("{field} has no {lang:?} text"),
                });
            }
        }
    }

    fn date(&mut self, at: &str, field: &str, date: &str) {
        let b = date.as_bytes();
        let shaped = b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && b.iter()
                .enumerate()
                .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
        if !shaped {
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
    fn a_malformed_date_is_rejected() {
        breaks("is not a YYYY-MM-DD date", |kb| {
            first_platform(kb).reviewed = "29/11/2026".into()
        });
    }
}
