//! Turns "this page shows records of kind X" and "this switch is on" into warnings, using only the
//! knowledge base's facts and texts: which legal process reaches each record, in the user's
//! language, with sources.
//!
//! One finding per record: a page of a kind warns about the records that kind shows
//! (`rules/pages.toml`), anchored where the page names itself (the session list on session pages); a
//! known setting that is on warns about the records it creates (`rules/settings.toml`), anchored at
//! the switch — and moves the page's own warning about the same record there.

use crate::kb::{Fact, KnowledgeBase, Platform};
use crate::report::{Finding, PageKind, ProcessNote, Setting, Severity, SourceLink, Why};

use super::rules::Rules;

/// Whose facts, in which language and jurisdiction.
pub struct Audience<'a> {
    pub kb: &'a KnowledgeBase,
    pub platform: &'a Platform,
    pub lang: &'a str,
    pub jurisdiction: &'a str,
}

/// The findings of a page of `kind` whose own warning belongs at `anchor`, with `settings` read from
/// it. A record without a fact gets no finding: the core never says more than the knowledge base.
pub fn for_page(
    audience: &Audience,
    rules: &Rules,
    kind: PageKind,
    anchor: Option<u32>,
    settings: &[Setting],
) -> Vec<Finding> {
    let mut findings: Vec<Finding> = rules
        .kinds
        .iter()
        .filter(|rule| rule.kind == kind)
        .flat_map(|rule| &rule.records)
        .filter_map(|record| audience.fact(record))
        .map(|fact| Finding {
            anchor,
            ..finding(audience.kb, audience.platform, fact, audience.lang)
        })
        .collect();
    let mut anchored_at_setting: Vec<String> = Vec::new();
    for setting in settings.iter().filter(|s| s.state == "on") {
        let records = rules
            .settings
            .iter()
            .filter(|known| known.id == setting.id)
            .flat_map(|known| &known.records);
        for record in records {
            if anchored_at_setting.contains(record) {
                continue;
            }
            let existing = findings.iter_mut().find(|f| f.records.contains(record));
            match (existing, audience.fact(record)) {
                (Some(finding), _) => finding.anchor = Some(setting.node),
                (None, Some(fact)) => findings.push(Finding {
                    anchor: Some(setting.node),
                    ..finding(audience.kb, audience.platform, fact, audience.lang)
                }),
                (None, None) => continue,
            }
            anchored_at_setting.push(record.clone());
        }
    }
    findings
}

impl Audience<'_> {
    fn fact(&self, record: &str) -> Option<&Fact> {
        self.platform.fact(record, self.jurisdiction)
    }
}

fn finding(kb: &KnowledgeBase, platform: &Platform, fact: &Fact, lang: &str) -> Finding {
    let v = &kb.vocabulary;
    let record = v.record(&fact.record);
    let record_name = record
        .map(|r| v.text(&r.name, lang))
        .unwrap_or(&fact.record);
    let processes: Vec<ProcessNote> = fact
        .processes
        .iter()
        .filter_map(|id| v.process(id))
        .map(|p| ProcessNote {
            id: p.id.clone(),
            name: v.text(&p.name, lang).to_owned(),
            about: v.text(&p.about, lang).to_owned(),
            statute: p.statute.clone(),
        })
        .collect();

    let reach = if processes.is_empty() {
        v.template("reach_not_stated", lang)
            .replace("{platform}", &platform.name)
    } else {
        let names: Vec<String> = processes.iter().map(|p| lower_first(&p.name)).collect();
        v.template("reach_processes", lang)
            .replace("{processes}", &names.join(", "))
    };
    let mut text = v
        .template("finding", lang)
        .replace("{platform}", &platform.name)
        .replace("{record}", &lower_first(record_name))
        .replace("{reach}", &reach);
    let without_judge = fact.processes.iter().any(|p| p == "subpoena");
    if without_judge {
        text.push(' ');
        text.push_str(v.template("no_judge", lang));
    }

    let severity = if without_judge || fact.processes.iter().any(|p| p == "emergency") {
        Severity::High
    } else if fact.processes.is_empty() {
        Severity::Info
    } else {
        Severity::Medium
    };

    Finding {
        id: format!("{}.{}", platform.id, fact.record),
        records: vec![fact.record.clone()],
        processes: fact.processes.clone(),
        severity,
        title: record_name.to_owned(),
        text,
        why: Why {
            record: record
                .map(|r| v.text(&r.about, lang).to_owned())
                .unwrap_or_default(),
            detail: fact.detail.as_ref().map(|d| v.text(d, lang).to_owned()),
            processes,
            retention: fact.retention.as_ref().map(|r| v.text(r, lang).to_owned()),
            notice: v.text(&platform.notice.text, lang).to_owned(),
            reviewed: platform.reviewed.clone(),
        },
        sources: fact
            .sources
            .iter()
            .filter_map(|id| platform.source(id))
            .map(|s| SourceLink {
                title: s.title.clone(),
                url: s.url.clone(),
                read: s.read.clone(),
            })
            .collect(),
        anchor: None,
    }
}

/// "Login IP addresses" -> "login IP addresses", but "IP addresses" stays as it is.
fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if !second.is_uppercase() => first
            .to_lowercase()
            .chain(s[first.len_utf8()..].chars())
            .collect(),
        _ => s.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::lower_first;

    #[test]
    fn lower_first_keeps_acronyms() {
        assert_eq!(lower_first("Login IP addresses"), "login IP addresses");
        assert_eq!(lower_first("IP addresses"), "IP addresses");
        assert_eq!(lower_first("Dónde"), "dónde");
        assert_eq!(lower_first(""), "");
    }
}
