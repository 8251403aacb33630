//! Turns "this page shows records of kind X" and "this switch is on" into warnings, using only the
//! knowledge base's facts and texts: which legal process reaches each record, in the user's
//! language, with sources.
//!
//! One finding per record: a page of a kind warns about the records that kind shows
//! (`rules/pages.toml`), anchored where the page names itself (the session list on session pages); a
//! known setting that is on warns about the records it creates (`rules/settings.toml`), anchored at
//! the switch — and moves the page's own warning about the same record there.

use crate::kb::{Encryption, Fact, KnowledgeBase, Platform};
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

/// Gives each known switch that creates records (`rules/settings.toml`) a marker worded for its
/// state, about the first of its records the platform has a fact for.
pub fn mark_settings(audience: &Audience, rules: &Rules, settings: &mut [Setting]) {
    for setting in settings.iter_mut() {
        let template = match setting.state.as_str() {
            "on" => "setting_on",
            "off" => "setting_off",
            _ => continue,
        };
        let fact = rules
            .settings
            .iter()
            .filter(|known| known.id == setting.id)
            .flat_map(|known| &known.records)
            .find_map(|record| audience.fact(record));
        let Some(fact) = fact else { continue };
        setting.marker = Some(compose(
            audience.kb,
            audience.platform,
            fact,
            audience.lang,
            template,
        ));
    }
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

    let fill = |template: &str| compose(kb, platform, fact, lang, template);
    let without_judge = fact.processes.iter().any(|p| p == "subpoena");
    // Content the platform says it cannot read is not "kept and reachable": say what the source says.
    let (mut text, marker) = if fact.encrypted == Encryption::EndToEnd && processes.is_empty() {
        (fill("finding_end_to_end"), fill("marker_end_to_end"))
    } else if processes.is_empty() {
        (fill("finding_not_stated"), fill("marker_not_stated"))
    } else {
        (fill("finding"), fill("marker"))
    };
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
        marker,
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

/// Fills a vocabulary template about `fact`: `{platform}`; `{record}` (first letter lower-cased) or
/// `{Record}` (as named); `{processes}` (the processes that reach it, by name); `{reach}` (a sentence
/// naming them, or saying the platform does not say).
fn compose(
    kb: &KnowledgeBase,
    platform: &Platform,
    fact: &Fact,
    lang: &str,
    template: &str,
) -> String {
    let v = &kb.vocabulary;
    let record_name = v
        .record(&fact.record)
        .map_or(fact.record.as_str(), |r| v.text(&r.name, lang));
    let names: Vec<String> = fact
        .processes
        .iter()
        .filter_map(|id| v.process(id))
        .map(|p| lower_first(v.text(&p.name, lang)))
        .collect();
    let reach = match names.is_empty() {
        true => v.template("reach_not_stated", lang),
        false => v.template("reach_processes", lang),
    };
    v.template(template, lang)
        .replace("{reach}", reach)
        .replace("{platform}", &platform.name)
        .replace("{record}", &lower_first(record_name))
        .replace("{Record}", record_name)
        .replace("{processes}", &names.join(", "))
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
    use super::{finding, lower_first};
    use crate::kb::{knowledge_base, Encryption};
    use crate::report::Severity;

    #[test]
    fn every_template_the_findings_use_exists() {
        let kb = knowledge_base().unwrap();
        for name in [
            "finding",
            "finding_not_stated",
            "finding_end_to_end",
            "no_judge",
            "marker",
            "marker_not_stated",
            "marker_end_to_end",
        ] {
            assert!(
                kb.vocabulary.templates.contains_key(name),
                "vocabulary.toml has no template {name}"
            );
        }
    }

    #[test]
    fn end_to_end_content_is_not_called_kept_or_reachable() {
        let kb = knowledge_base().unwrap();
        let whatsapp = kb.platform("whatsapp").unwrap();
        let fact = whatsapp.fact("message_content", "US").unwrap();
        assert_eq!(
            (fact.encrypted, fact.processes.is_empty()),
            (Encryption::EndToEnd, true)
        );
        let f = finding(kb, whatsapp, fact, "en");
        assert!(
            f.text.contains("end-to-end encrypted") && !f.text.contains("keeps"),
            "{}",
            f.text
        );
        assert!(f.marker.ends_with("end-to-end encrypted"));
        assert_eq!(f.severity, Severity::Info);
    }

    #[test]
    fn a_subpoena_finding_says_no_judge_is_needed_in_both_languages() {
        let kb = knowledge_base().unwrap();
        let facebook = kb.platform("facebook").unwrap();
        let fact = facebook.fact("login_ip_log", "US").unwrap();
        let en = finding(kb, facebook, fact, "en");
        assert_eq!(en.text, "Facebook keeps login IP addresses and times. Legal process that reaches it: subpoena, court order. A subpoena needs no judge.");
        assert_eq!(
            en.marker,
            "Login IP addresses and times — reachable with: subpoena, court order"
        );
        assert_eq!(en.severity, Severity::High);
        let es = finding(kb, facebook, fact, "es");
        assert!(
            es.text.starts_with("Facebook guarda direcciones IP")
                && es.text.ends_with("Una citación no necesita juez.")
        );
    }

    #[test]
    fn lower_first_keeps_acronyms() {
        assert_eq!(lower_first("Login IP addresses"), "login IP addresses");
        assert_eq!(lower_first("IP addresses"), "IP addresses");
        assert_eq!(lower_first("Dónde"), "dónde");
        assert_eq!(lower_first(""), "");
    }
}
