//! Turns "this page shows records of kind X" and "this switch is on" into warnings, using only the
//! knowledge base: what the platform says it keeps and which process it names, and, where it names
//! none, the law's floor (`[[law]]`), labelled as law. Every sentence is a vocabulary template, in the
//! user's language; severity follows the `judge` of the processes named, never their ids.
//!
//! One finding per record: a page of a kind warns about the records that kind shows
//! (`rules/pages.toml`), anchored where the page names itself (the session list on session pages); a
//! known setting that is on warns about the records it creates (`rules/settings.toml`), anchored at
//! the switch — and moves the page's own warning about the same record there.

use crate::kb::{Encryption, JudgeRole, Kept, KnowledgeBase, Platform, ProcessKind, Reach};
use crate::report::{Basis, Finding, PageKind, ProcessNote, Setting, Severity, SourceLink, Why};

use super::rules::Rules;

/// Whose facts, in which language and jurisdiction.
pub struct Audience<'a> {
    pub kb: &'a KnowledgeBase,
    pub platform: &'a Platform,
    pub lang: &'a str,
    pub jurisdiction: &'a str,
}

/// What the finding about `reach` says, in every language of the vocabulary: the knowledge-base
/// export carries it so that the printable report shows the warning's own sentence, never one of its own.
pub fn reach_text(
    kb: &KnowledgeBase,
    platform: &Platform,
    reach: &Reach,
    jurisdiction: &str,
) -> crate::kb::Text {
    kb.vocabulary
        .languages
        .iter()
        .map(|lang| {
            let audience = Audience {
                kb,
                platform,
                lang,
                jurisdiction,
            };
            (lang.clone(), audience.wording(reach).0)
        })
        .collect()
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
    let mut findings: Vec<Finding> = page_records(rules, kind)
        .filter_map(|record| audience.finding(record))
        .map(|finding| Finding { anchor, ..finding })
        .collect();
    let mut anchored_at_setting: Vec<&str> = Vec::new();
    for setting in settings.iter().filter(|s| s.state == "on") {
        for record in setting_records(rules, &setting.id) {
            if anchored_at_setting.contains(&record) {
                continue;
            }
            match findings
                .iter_mut()
                .find(|f| f.records.iter().any(|r| r == record))
            {
                Some(finding) => finding.anchor = Some(setting.node),
                None => match audience.finding(record) {
                    Some(finding) => findings.push(Finding {
                        anchor: Some(setting.node),
                        ..finding
                    }),
                    None => continue,
                },
            }
            anchored_at_setting.push(record);
        }
    }
    findings
}

/// Whether a page of `kind` with `settings` shows any record a warning could be about: a page that
/// does, on a known platform, must never end with an empty list (see [`no_facts`]).
pub fn shows_records(rules: &Rules, kind: PageKind, settings: &[Setting]) -> bool {
    page_records(rules, kind).next().is_some()
        || settings
            .iter()
            .filter(|s| s.state == "on")
            .any(|s| setting_records(rules, &s.id).next().is_some())
}

/// The plain statement for a page that shows records about which the knowledge base has nothing to
/// say in this jurisdiction.
pub fn no_facts(audience: &Audience) -> String {
    audience.fill("no_facts", &audience.common_words())
}

/// On a session page, the finding marked on every session row: the one about the first record the
/// rules list for session pages (what each login leaves behind), when it has a finding.
pub fn session_finding(rules: &Rules, kind: PageKind, findings: &[Finding]) -> Option<String> {
    if kind != PageKind::Sessions {
        return None;
    }
    let record = page_records(rules, kind).next()?;
    findings
        .iter()
        .find(|f| f.records.iter().any(|r| r == record))
        .map(|f| f.id.clone())
}

/// Gives each known switch that creates records (`rules/settings.toml`) a marker worded for its
/// state, about the first of its records the platform says it keeps.
pub fn mark_settings(audience: &Audience, rules: &Rules, settings: &mut [Setting]) {
    for setting in settings.iter_mut() {
        let template = match setting.state.as_str() {
            "on" => "setting_on",
            "off" => "setting_off",
            _ => continue,
        };
        let reach = setting_records(rules, &setting.id)
            .filter_map(|record| audience.reach(record))
            .find(|reach| reach.fact.kept == Kept::Yes);
        let Some(reach) = reach else { continue };
        let reach_sentence = match (reach.basis(), reach.stated.is_empty()) {
            (Basis::Law, _) => "reach_law",
            (Basis::Platform, false) => "reach_processes",
            (Basis::Platform, true) => "reach_not_stated",
        };
        let words = audience.words(&reach);
        let reach_text = audience.fill(reach_sentence, &words);
        let mut words = words;
        words.push(("reach", reach_text));
        setting.marker = Some(audience.fill(template, &words));
    }
}

fn page_records(rules: &Rules, kind: PageKind) -> impl Iterator<Item = &str> {
    rules
        .kinds
        .iter()
        .filter(move |rule| rule.kind == kind)
        .flat_map(|rule| &rule.records)
        .map(String::as_str)
}

fn setting_records<'r>(rules: &'r Rules, id: &'r str) -> impl Iterator<Item = &'r str> {
    rules
        .settings
        .iter()
        .filter(move |known| known.id == id)
        .flat_map(|known| &known.records)
        .map(String::as_str)
}

impl<'a> Audience<'a> {
    fn reach(&self, record: &str) -> Option<Reach<'a>> {
        Reach::of(self.kb, self.platform, record, self.jurisdiction)
    }

    /// The warning about `record`, when the knowledge base has something to say about it here.
    fn finding(&self, record: &str) -> Option<Finding> {
        let reach = self.reach(record)?;
        let v = &self.kb.vocabulary;
        let fact = reach.fact;
        let (text, marker) = self.wording(&reach);
        let severity = match reach.lowest_judge() {
            Some(JudgeRole::Never | JudgeRole::Depends) => Severity::High,
            Some(JudgeRole::Always) => Severity::Medium,
            // Unclear whether the law there binds the company, but it would reach the record if it
            // does: never as low as "nothing known".
            None if !reach.withheld.is_empty() => Severity::Medium,
            None => Severity::Info,
        };
        let named = reach
            .stated
            .iter()
            .copied()
            .chain(reach.law.iter().map(|(_, p)| *p));
        Some(Finding {
            id: format!("{}.{}", self.platform.id, fact.record),
            records: vec![fact.record.clone()],
            processes: reach.stated.iter().map(|p| p.id.clone()).collect(),
            law_processes: reach.law.iter().map(|(_, p)| p.id.clone()).collect(),
            basis: reach.basis(),
            certainty: fact.certainty,
            kept: fact.kept,
            severity,
            title: upper_first(&self.record_words(&reach)),
            text,
            marker,
            why: Why {
                record: v
                    .record(&fact.record)
                    .map(|r| v.text(&r.about, self.lang).to_owned())
                    .unwrap_or_default(),
                detail: fact
                    .detail
                    .as_ref()
                    .map(|d| v.text(d, self.lang).to_owned()),
                processes: named.map(|p| self.process_note(p)).collect(),
                retention: fact
                    .retention
                    .as_ref()
                    .map(|r| v.text(r, self.lang).to_owned()),
                notice: v.text(&self.platform.notice.text, self.lang).to_owned(),
                reviewed: self.platform.reviewed.clone(),
            },
            sources: self.sources(&reach),
            anchor: None,
            figure: None,
        })
    }

    /// The finding's text and marker: one whole template sentence per case, so that each language
    /// can word (and agree) it its own way, then one sentence per process of the law's floor shown.
    fn wording(&self, reach: &Reach) -> (String, String) {
        let v = &self.kb.vocabulary;
        let fact = reach.fact;
        let words = self.words(reach);
        let fill = |template: &str| self.fill(template, &words);
        let (mut text, marker) = if fact.kept == Kept::No {
            (fill("finding_not_kept"), fill("marker_not_kept"))
        } else if fact.encrypted == Encryption::EndToEnd && reach.stated.is_empty() {
            (fill("finding_end_to_end"), fill("marker_end_to_end"))
        } else if !reach.stated.is_empty() {
            let mut text = fill("finding");
            if let Some((sentence, lowest)) = judge_sentence(&reach.stated) {
                let mut judge_words = words.clone();
                judge_words.retain(|(key, _)| *key != "processes");
                judge_words.push(("processes", self.names(&lowest)));
                self.push(&mut text, sentence, &judge_words);
            }
            if reach.law.is_empty() {
                (text, fill("marker"))
            } else {
                self.push(&mut text, "law_needs_less", &words);
                (text, fill("marker_both"))
            }
        } else if reach.unclear.is_some() {
            (fill("finding_law_unclear"), fill("marker_law_unclear"))
        } else if !reach.law.is_empty() {
            let opening = match fact.kept {
                Kept::NotStated => "law_silent_kept_not_stated",
                _ => "law_silent",
            };
            (fill(opening), fill("marker_law"))
        } else if fact.kept == Kept::NotStated {
            (
                fill("finding_kept_not_stated"),
                fill("marker_kept_not_stated"),
            )
        } else {
            (fill("finding_not_stated"), fill("marker_not_stated"))
        };
        // An unclear reach still says what the law there would allow, after saying it is unclear:
        // silence would read as "safe".
        if !reach.withheld.is_empty() {
            self.push(&mut text, "law_if_it_applies", &words);
        }
        for (entry, process) in reach.law.iter().chain(&reach.withheld) {
            let template = match entry.judge(process) {
                JudgeRole::Never => "law_never",
                JudgeRole::Depends => "law_depends",
                JudgeRole::Always => "law_always",
            };
            let mut law_words = words.clone();
            law_words.extend([
                ("scope", v.text(&entry.scope, self.lang).to_owned()),
                ("process", in_sentence(v.text(&process.name, self.lang))),
                ("statute", process.statute.clone()),
            ]);
            self.push(&mut text, template, &law_words);
        }
        (text, marker)
    }

    /// The platform's sources for what it keeps (and for an unclear jurisdiction), then the
    /// vocabulary's sources for the law's floor shown, each once.
    fn sources(&self, reach: &Reach) -> Vec<SourceLink> {
        let v = &self.kb.vocabulary;
        let mut platform: Vec<&str> = Vec::new();
        for id in reach
            .fact
            .sources
            .iter()
            .chain(reach.unclear.iter().flat_map(|j| &j.sources))
        {
            if !platform.contains(&id.as_str()) {
                platform.push(id);
            }
        }
        let mut law: Vec<&str> = reach
            .law
            .iter()
            .chain(&reach.withheld)
            .flat_map(|(entry, _)| &entry.sources)
            .map(String::as_str)
            .collect();
        law.sort_unstable();
        law.dedup();
        platform
            .into_iter()
            .filter_map(|id| self.platform.source(id))
            .chain(law.into_iter().filter_map(|id| v.source(id)))
            .map(|s| SourceLink {
                title: s.title.clone(),
                url: s.url.clone(),
                read: s.read.clone(),
                as_of: s.as_of.clone(),
            })
            .collect()
    }

    /// The words every template about `reach` may use: `{platform}`, `{record}` (what is kept, in a
    /// sentence), `{Record}` (the same, opening a label), `{processes}` (the platform's, by name),
    /// `{law}` (the law's floor, by name), `{in}` (opens a sentence about the jurisdiction's law),
    /// `{jurisdiction}`, and for an unclear jurisdiction `{operator}` and `{text}`.
    fn words(&self, reach: &Reach) -> Vec<(&'static str, String)> {
        let v = &self.kb.vocabulary;
        let record = self.record_words(reach);
        let law: Vec<&ProcessKind> = reach.law.iter().map(|(_, p)| *p).collect();
        let mut words = self.common_words();
        words.extend([
            ("Record", upper_first(&record)),
            ("record", record),
            ("processes", self.names(&reach.stated)),
            ("law", self.names(&law)),
        ]);
        if let Some(entry) = reach.unclear {
            words.push(("operator", entry.operator.clone()));
            words.push(("text", v.text(&entry.text, self.lang).to_owned()));
        }
        words
    }

    /// The words of every template: `{platform}`, `{jurisdiction}` (its name, or its id when the
    /// vocabulary does not know it) and `{in}`.
    fn common_words(&self) -> Vec<(&'static str, String)> {
        let v = &self.kb.vocabulary;
        let jurisdiction = v.jurisdiction(self.jurisdiction);
        vec![
            ("platform", self.platform.name.clone()),
            (
                "jurisdiction",
                jurisdiction.map_or_else(
                    || self.jurisdiction.to_owned(),
                    |j| v.text(&j.name, self.lang).to_owned(),
                ),
            ),
            (
                "in",
                jurisdiction
                    .map_or_else(String::new, |j| v.text(&j.in_place, self.lang).to_owned()),
            ),
        ]
    }

    /// What is kept, as it stands in a sentence: the fact's scope where the source says less than
    /// the record's name, else the name.
    fn record_words(&self, reach: &Reach) -> String {
        let v = &self.kb.vocabulary;
        let fact = reach.fact;
        match &fact.scope {
            Some(scope) => v.text(scope, self.lang).to_owned(),
            None => in_sentence(
                v.record(&fact.record)
                    .map_or(fact.record.as_str(), |r| v.text(&r.name, self.lang)),
            ),
        }
    }

    /// Process names as they stand in a sentence, separated by commas.
    fn names(&self, processes: &[&ProcessKind]) -> String {
        let v = &self.kb.vocabulary;
        processes
            .iter()
            .map(|p| in_sentence(v.text(&p.name, self.lang)))
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn process_note(&self, p: &ProcessKind) -> ProcessNote {
        let v = &self.kb.vocabulary;
        ProcessNote {
            id: p.id.clone(),
            name: v.text(&p.name, self.lang).to_owned(),
            about: v.text(&p.about, self.lang).to_owned(),
            statute: p.statute.clone(),
        }
    }

    /// The vocabulary template `name` in the user's language with every `{word}` filled in.
    fn fill(&self, name: &str, words: &[(&str, String)]) -> String {
        let mut text = self.kb.vocabulary.template(name, self.lang).to_owned();
        for (key, value) in words {
            text = text.replace(&format!("{{{key}}}"), value);
        }
        text
    }

    /// Appends the sentence of template `name` to `text`.
    fn push(&self, text: &mut String, name: &str, words: &[(&str, String)]) {
        text.push(' ');
        text.push_str(&self.fill(name, words));
    }
}

/// The sentence about who signs the platform's processes, from their `judge`, with the processes it
/// is about: `judge_never` for those that need no judge, else `judge_depends` for those that need one
/// only for some data; none when all need a judge.
fn judge_sentence<'p>(
    processes: &[&'p ProcessKind],
) -> Option<(&'static str, Vec<&'p ProcessKind>)> {
    let lowest = processes.iter().map(|p| p.judge).min_by_key(|j| j.bar())?;
    let sentence = match lowest {
        JudgeRole::Never => "judge_never",
        JudgeRole::Depends => "judge_depends",
        JudgeRole::Always => return None,
    };
    let named = processes
        .iter()
        .copied()
        .filter(|p| p.judge == lowest)
        .collect();
    Some((sentence, named))
}

/// A name as it stands inside a sentence: "Login IP addresses" -> "login IP addresses", "Court
/// order" -> "court order"; but names with a capitalised word after the first ("European Production
/// Order") or starting with an acronym ("IP addresses") are proper names and stay as they are.
fn in_sentence(name: &str) -> String {
    let proper = name.split_whitespace().skip(1).any(|word| {
        let mut chars = word.chars().filter(|c| c.is_alphabetic());
        matches!((chars.next(), chars.next()), (Some(a), Some(b)) if a.is_uppercase() && b.is_lowercase())
    });
    let mut chars = name.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if !proper && !second.is_uppercase() => first
            .to_lowercase()
            .chain(name[first.len_utf8()..].chars())
            .collect(),
        _ => name.to_owned(),
    }
}

/// "only the date you registered" -> "Only the date you registered", to open a heading or label.
fn upper_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::{in_sentence, Audience};
    use crate::kb::{
        knowledge_base, Certainty, JudgeRole, Kept, KnowledgeBase, LawApplies, LawEntry,
        PlatformJurisdiction, Text,
    };
    use crate::report::{Basis, Finding, Severity};

    /// The finding about `record` of `platform` in `kb`, or `None` when there is nothing to say.
    fn finding_in(
        kb: &KnowledgeBase,
        platform: &str,
        record: &str,
        jurisdiction: &str,
        lang: &str,
    ) -> Option<Finding> {
        let audience = Audience {
            kb,
            platform: kb
                .platform(platform)
                .expect("a platform of the knowledge base"),
            lang,
            jurisdiction,
        };
        audience.finding(record)
    }

    fn shipped(platform: &str, record: &str, lang: &str) -> Finding {
        finding_in(knowledge_base().unwrap(), platform, record, "US", lang)
            .expect("a fact about the record")
    }

    /// The shipped knowledge base with Discord's `login_ip_log` fact changed by `edit`.
    fn with_discord_login_log(edit: impl FnOnce(&mut crate::kb::Fact)) -> KnowledgeBase {
        let mut kb = knowledge_base().unwrap().clone();
        let discord = kb.platforms.iter_mut().find(|p| p.id == "discord").unwrap();
        let fact = discord
            .facts
            .iter_mut()
            .find(|f| f.record == "login_ip_log" && f.jurisdiction == "US")
            .unwrap();
        edit(fact);
        kb
    }

    fn text(en: &str, es: &str) -> Text {
        Text::from([("en".into(), en.into()), ("es".into(), es.into())])
    }

    #[test]
    fn every_template_the_findings_use_exists() {
        let kb = knowledge_base().unwrap();
        for name in [
            "finding",
            "finding_not_stated",
            "finding_kept_not_stated",
            "finding_not_kept",
            "finding_end_to_end",
            "finding_law_unclear",
            "judge_never",
            "judge_depends",
            "law_silent",
            "law_silent_kept_not_stated",
            "law_needs_less",
            "law_never",
            "law_depends",
            "law_always",
            "no_facts",
            "marker",
            "marker_both",
            "marker_law",
            "marker_law_unclear",
            "marker_not_stated",
            "marker_kept_not_stated",
            "marker_not_kept",
            "marker_end_to_end",
            "setting_on",
            "setting_off",
            "reach_processes",
            "reach_law",
            "reach_not_stated",
        ] {
            assert!(
                kb.vocabulary.templates.contains_key(name),
                "vocabulary.toml has no template {name}"
            );
        }
    }

    #[test]
    fn end_to_end_content_is_not_called_kept_or_reachable() {
        let f = shipped("whatsapp", "message_content", "en");
        assert!(
            f.text.contains("end to end") && !f.text.contains("keeps"),
            "{}",
            f.text
        );
        assert!(f.marker.ends_with("end-to-end encrypted"));
        assert_eq!((f.severity, f.basis), (Severity::Info, Basis::Platform));
    }

    #[test]
    fn a_platform_named_subpoena_says_no_judge_is_needed_in_both_languages() {
        let en = shipped("facebook", "login_ip_log", "en");
        assert_eq!(en.text, "Facebook keeps login IP addresses and times. Legal process that reaches this record: subpoena, court order. Needs no judge: subpoena.");
        assert_eq!(
            en.marker,
            "Login IP addresses and times — reachable with: subpoena, court order"
        );
        assert_eq!((en.severity, en.basis), (Severity::High, Basis::Platform));
        assert!(
            en.law_processes.is_empty(),
            "the platform names the floor itself"
        );
        let es = shipped("facebook", "login_ip_log", "es");
        assert!(
            es.text.starts_with("Facebook guarda direcciones IP")
                && es.text.ends_with("No necesita juez: citación (subpoena)."),
            "{}",
            es.text
        );
    }

    #[test]
    fn a_silent_platform_gets_the_law_floor_labelled_as_law() {
        let en = shipped("discord", "login_ip_log", "en");
        assert_eq!(en.text, "Discord does not say which legal process it asks for. In the United States, the law lets the authorities get the records of your session times and durations, and the IP addresses assigned to you, with no judge's signature: by subpoena (18 U.S.C. 2703(c)(2)).");
        assert_eq!((en.severity, en.basis), (Severity::High, Basis::Law));
        assert!(en.processes.is_empty());
        assert_eq!(en.law_processes, ["subpoena"]);
        assert_eq!(en.certainty, Certainty::PlatformText, "what Discord keeps");
        assert!(en
            .marker
            .contains("Discord does not say; the law allows: subpoena"));
        assert!(en
            .sources
            .iter()
            .any(|s| s.url.contains("uscode/text/18/2703")));
        let es = shipped("discord", "login_ip_log", "es");
        assert!(
            es.text.starts_with(
                "Discord no dice qué proceso legal pide. En Estados Unidos, la ley permite"
            ) && es
                .text
                .contains("sin firma de ningún juez: mediante citación (subpoena)"),
            "{}",
            es.text
        );
        let devices = shipped("discord", "device_info", "en");
        assert_eq!(
            (devices.severity, devices.basis),
            (Severity::Medium, Basis::Law)
        );
        assert!(devices
            .text
            .contains("with a judge's signature: by court order (18 U.S.C. 2703(d))"));
    }

    #[test]
    fn a_record_not_kept_is_never_called_kept() {
        let kb = with_discord_login_log(|fact| fact.kept = Kept::No);
        let f = finding_in(&kb, "discord", "login_ip_log", "US", "en").unwrap();
        assert_eq!(
            f.text,
            "Discord says it does not keep login IP addresses and times."
        );
        assert!(!f.marker.contains("keeps this"), "{}", f.marker);
        assert_eq!(
            (f.severity, f.basis, f.kept),
            (Severity::Info, Basis::Platform, Kept::No)
        );
        assert!(
            f.law_processes.is_empty(),
            "the law reaches nothing that is not kept"
        );
    }

    #[test]
    fn the_scope_replaces_the_record_name_everywhere() {
        let kb = with_discord_login_log(|fact| {
            fact.processes = vec!["subpoena".into()];
            fact.scope = Some(text(
                "only the date you registered and the date you last connected",
                "solo la fecha en que te registraste y la de tu última conexión",
            ));
        });
        let f = finding_in(&kb, "discord", "login_ip_log", "US", "en").unwrap();
        assert_eq!(
            f.title,
            "Only the date you registered and the date you last connected"
        );
        assert!(
            f.text
                .starts_with("Discord keeps only the date you registered"),
            "{}",
            f.text
        );
        assert!(
            f.marker.starts_with("Only the date you registered"),
            "{}",
            f.marker
        );
        for shown in [&f.title, &f.text, &f.marker] {
            assert!(!shown.contains("IP addresses"), "{shown}");
        }
    }

    #[test]
    fn a_platform_asking_for_more_than_the_law_gets_both() {
        let kb = with_discord_login_log(|fact| fact.processes = vec!["court_order".into()]);
        let f = finding_in(&kb, "discord", "login_ip_log", "US", "en").unwrap();
        assert!(
            f.text.starts_with("Discord keeps login IP addresses and times. Legal process that reaches this record: court order. That is more than the law requires. In the United States, the law lets the authorities get")
                && f.text.ends_with("with no judge's signature: by subpoena (18 U.S.C. 2703(c)(2))."),
            "{}",
            f.text
        );
        assert_eq!((f.severity, f.basis), (Severity::Medium, Basis::Platform));
        assert_eq!(
            (f.processes.as_slice(), f.law_processes.as_slice()),
            (
                &["court_order".to_owned()][..],
                &["subpoena".to_owned()][..]
            )
        );
    }

    #[test]
    fn an_unclear_jurisdiction_is_said_before_the_law_and_never_reads_as_nothing_known() {
        let mut kb = knowledge_base().unwrap().clone();
        let discord = kb.platforms.iter_mut().find(|p| p.id == "discord").unwrap();
        let source = discord.sources[0].id.clone();
        discord.jurisdictions.push(PlatformJurisdiction {
            id: "US".into(),
            operator: "Discord Offshore Ltd".into(),
            law_applies: LawApplies::Unclear,
            certainty: Certainty::Inference,
            sources: vec![source],
            text: text("Why it is unclear.", "Por qué no está claro."),
        });
        let f = finding_in(&kb, "discord", "login_ip_log", "US", "en").unwrap();
        assert!(
            f.text.starts_with("Discord does not say which legal process it asks for, and it is unclear whether orders from your jurisdiction (United States) bind the company that answers them (Discord Offshore Ltd). Why it is unclear. If those orders do bind it: In the United States, the law lets the authorities get ")
                && f.text.ends_with("by subpoena (18 U.S.C. 2703(c)(2))."),
            "{}",
            f.text
        );
        assert_eq!((f.severity, f.basis), (Severity::Medium, Basis::Platform));
        // The law it would take is not presented as the law that applies.
        assert!(f.law_processes.is_empty());
    }

    #[test]
    fn severity_and_the_judge_sentence_come_from_the_judge_field() {
        let mut kb = knowledge_base().unwrap().clone();
        for process in &mut kb.vocabulary.processes {
            if process.id == "subpoena" {
                process.judge = JudgeRole::Always;
            }
        }
        let facebook = finding_in(&kb, "facebook", "login_ip_log", "US", "en").unwrap();
        assert_eq!(facebook.severity, Severity::Medium);
        assert!(
            !facebook.text.contains("Needs no judge"),
            "{}",
            facebook.text
        );
        let discord = finding_in(&kb, "discord", "login_ip_log", "US", "en").unwrap();
        assert_eq!(discord.severity, Severity::Medium);
        assert!(
            discord
                .text
                .contains("with a judge's signature: by subpoena"),
            "{}",
            discord.text
        );
    }

    /// With only US facts, an EU entry saying the law's reach is unclear is said first, then what the
    /// EU floor would allow if it applies: at medium, never as low as "nothing known".
    #[test]
    fn an_unclear_jurisdiction_without_facts_of_its_own_is_said() {
        let mut kb = knowledge_base().unwrap().clone();
        kb.vocabulary.law.push(LawEntry {
            process: "eu_production_order".into(),
            record: "login_ip_log".into(),
            scope: text("the IP addresses you used", "las direcciones IP que usaste"),
            judge: None,
            sources: vec!["eu-2023-1543".into()],
        });
        let discord = kb.platforms.iter_mut().find(|p| p.id == "discord").unwrap();
        let source = discord.sources[0].id.clone();
        discord.jurisdictions.push(PlatformJurisdiction {
            id: "EU".into(),
            operator: "Discord Inc.".into(),
            law_applies: LawApplies::Unclear,
            certainty: Certainty::Inference,
            sources: vec![source],
            text: text("Why it is unclear.", "Por qué no está claro."),
        });
        let f = finding_in(&kb, "discord", "login_ip_log", "EU", "es").unwrap();
        assert!(f.text.starts_with("Discord no dice qué proceso legal pide, y no está claro que las órdenes de tu jurisdicción (Unión Europea) obliguen a la empresa que las responde (Discord Inc.). Por qué no está claro. Si esas órdenes sí la obligan: En la Unión Europea, la ley permite a las autoridades obtener "), "{}", f.text);
        assert_eq!((f.severity, f.basis), (Severity::Medium, Basis::Platform));
    }

    /// One EU law entry, in a test-only knowledge base (the real EU entries are law-euuk's): a platform
    /// with only US facts gets the EU law's floor for what it keeps, and nothing without it.
    #[test]
    fn another_jurisdiction_gets_its_own_law_floor() {
        let shipped = knowledge_base().unwrap();
        let mut kb = shipped.clone();
        kb.vocabulary.law.retain(|entry| {
            kb.vocabulary
                .processes
                .iter()
                .any(|p| p.id == entry.process && p.jurisdiction == "US")
        });
        assert!(finding_in(&kb, "discord", "login_ip_log", "EU", "en").is_none());
        kb.vocabulary.law.push(LawEntry {
            process: "eu_production_order".into(),
            record: "login_ip_log".into(),
            scope: text("the IP addresses you used", "las direcciones IP que usaste"),
            judge: None,
            sources: vec!["eu-2023-1543".into()],
        });
        let f = finding_in(&kb, "discord", "login_ip_log", "EU", "en").unwrap();
        assert_eq!((f.severity, f.basis), (Severity::High, Basis::Law));
        assert_eq!(f.law_processes, ["eu_production_order"]);
        assert!(
            f.text.contains("In the European Union, the law lets the authorities get the IP addresses you used, with a judge's approval needed only for some data: by European Production Order (Regulation (EU) 2023/1543"),
            "{}",
            f.text
        );
        let es = finding_in(&kb, "discord", "login_ip_log", "EU", "es").unwrap();
        assert!(
            es.text.contains("En la Unión Europea, la ley permite"),
            "{}",
            es.text
        );
    }

    #[test]
    fn names_in_sentences_keep_proper_names_and_acronyms() {
        assert_eq!(in_sentence("Login IP addresses"), "login IP addresses");
        assert_eq!(in_sentence("IP addresses"), "IP addresses");
        assert_eq!(in_sentence("Court order"), "court order");
        assert_eq!(
            in_sentence("European Production Order"),
            "European Production Order"
        );
        assert_eq!(
            in_sentence("Mutual legal assistance (MLAT)"),
            "mutual legal assistance (MLAT)"
        );
        assert_eq!(in_sentence("Dónde"), "dónde");
        assert_eq!(in_sentence(""), "");
    }
}
