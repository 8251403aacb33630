//! Turns "this page shows records of kind X" and "this switch is on" into warnings, using only the
//! knowledge base: what the platform says it keeps and which process it names, and, where it names
//! none, the law's floor (`[[law]]`), labelled as law. Every sentence is a vocabulary template, in the
//! user's language; severity follows the `judge` of the processes named, never their ids.
//!
//! One finding per record: a page of a kind warns about the records that kind shows
//! (`rules/pages.toml`), anchored where the page names itself (the session list on session pages); a
//! known setting that is on warns about the records it creates (`rules/settings.toml`), anchored at
//! the switch — and moves the page's own warning about the same record there.

use crate::kb::{
    Encryption, Gender, Grammar, JudgeRole, Kept, KnowledgeBase, Platform, ProcessKind, Reach,
};
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
    per_language(&kb.vocabulary.languages, |lang| {
        let audience = Audience {
            kb,
            platform,
            lang,
            jurisdiction,
        };
        audience.wording(reach).0
    })
}

/// A "YYYY-MM-DD" date in words in every language of the vocabulary ("November 29, 2026", "29 de
/// noviembre de 2026"), for the pages that show a knowledge-base date in prose; as written when it is
/// not such a date.
pub fn iso_date_text(vocabulary: &crate::kb::Vocabulary, iso: &str) -> crate::kb::Text {
    per_language(&vocabulary.languages, |lang| {
        super::time::spoken_iso_date(vocabulary, lang, iso).unwrap_or_else(|| iso.to_owned())
    })
}

/// `text_in(lang)` for each of `languages`. Inserted one by one: collecting into the map would sort
/// the pairs first, with a sorting function of its own in the module.
fn per_language(languages: &[String], text_in: impl Fn(&String) -> String) -> crate::kb::Text {
    let mut text = crate::kb::Text::new();
    for lang in languages {
        text.insert(lang.clone(), text_in(lang));
    }
    text
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
            (Basis::Law, _) => "reach_law".into(),
            (Basis::Platform, false) => listing("reach_processes", reach.stated.len()),
            (Basis::Platform, true) => "reach_not_stated".into(),
        };
        let mut words = audience.words(&reach);
        let reach_text = audience.fill(&reach_sentence, &words);
        if template == "setting_off" {
            // "not adding to the locations you choose to share", not "to only the locations...".
            for (key, value) in &mut words {
                if *key == "record" {
                    *value = value
                        .trim_start_matches("only ")
                        .trim_start_matches("solo ")
                        .to_owned();
                }
            }
        }
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
            title: self.record_words(&reach).label,
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
                no_processes: self.no_processes(&reach),
                retention: fact
                    .retention
                    .as_ref()
                    .map(|r| v.text(r, self.lang).to_owned()),
                notice: v.text(&self.platform.notice.text, self.lang).to_owned(),
                reviewed: super::time::spoken_iso_date(v, self.lang, &self.platform.reviewed)
                    .unwrap_or_else(|| self.platform.reviewed.clone()),
            },
            sources: self.sources(&reach),
            anchor: None,
            figure: None,
        })
    }

    /// Where the finding names no process, why: the platform says it does not keep the record,
    /// encrypts it end to end, or does not say.
    fn no_processes(&self, reach: &Reach) -> Option<String> {
        if !reach.stated.is_empty() || !reach.law.is_empty() {
            return None;
        }
        let template = if reach.fact.kept == Kept::No {
            "why_not_kept"
        } else if reach.fact.encrypted == Encryption::EndToEnd {
            "why_end_to_end"
        } else {
            "why_not_stated"
        };
        Some(self.fill(template, &self.words(reach)))
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
            let several = |template| listing(template, reach.stated.len());
            let mut text = fill(&several("finding"));
            if let Some((sentence, lowest)) = judge_sentence(&reach.stated) {
                let mut judge_words = words.clone();
                judge_words.retain(|(key, _)| *key != "processes");
                judge_words.push(("processes", self.names(&lowest)));
                self.push(&mut text, &listing(sentence, lowest.len()), &judge_words);
            }
            if reach.law.is_empty() {
                (text, fill(&several("marker")))
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
        // silence would read as "safe". The law's sentence then goes on after a colon.
        let mut after_colon = !reach.withheld.is_empty();
        if after_colon {
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
                ("statute", v.text(&process.statute, self.lang).to_owned()),
            ]);
            let sentence = self.fill(template, &law_words);
            text.push(' ');
            if after_colon {
                text.push_str(&lower_first(&sentence));
                after_colon = false;
            } else {
                text.push_str(&sentence);
            }
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
    /// sentence), `{Record}` (the same, opening a label), `{it}` (the pronoun that stands for it),
    /// `{processes}` (the platform's, by name),
    /// `{law}` (the law's floor, by name), `{in}` (opens a sentence about the jurisdiction's law),
    /// `{jurisdiction}`, and for an unclear jurisdiction `{operator}` and `{text}`.
    fn words(&self, reach: &Reach) -> Vec<(&'static str, String)> {
        let v = &self.kb.vocabulary;
        let record = self.record_words(reach);
        let law: Vec<&ProcessKind> = reach.law.iter().map(|(_, p)| *p).collect();
        let mut words = self.common_words();
        words.extend([
            ("Record", record.label),
            ("record", record.in_sentence),
            (
                "it",
                v.pronoun(self.lang, record.grammar)
                    .unwrap_or_default()
                    .to_owned(),
            ),
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

    /// What is kept: the fact's scope where the source says less than the record's name, else the
    /// record's phrase in a sentence and its name opening a label.
    fn record_words(&self, reach: &Reach) -> RecordWords {
        let v = &self.kb.vocabulary;
        let fact = reach.fact;
        if let Some(scope) = &fact.scope {
            let scope = v.text(scope, self.lang);
            return RecordWords {
                label: upper_first(scope),
                in_sentence: scope.to_owned(),
                grammar: grammar_of_scope(self.lang, scope),
            };
        }
        match v.record(&fact.record) {
            Some(record) => RecordWords {
                label: v.text(&record.name, self.lang).to_owned(),
                in_sentence: v.text(&record.phrase, self.lang).to_owned(),
                grammar: record.grammar.get(self.lang).copied().unwrap_or(SINGULAR),
            },
            None => RecordWords {
                label: fact.record.clone(),
                in_sentence: fact.record.clone(),
                grammar: SINGULAR,
            },
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
            statute: v.text(&p.statute, self.lang).to_owned(),
        }
    }

    /// The vocabulary template `name` in the user's language with every `{word}` filled in.
    fn fill(&self, name: &str, words: &[(&str, String)]) -> String {
        fill_template(self.kb.vocabulary.template(name, self.lang), words)
    }

    /// Appends the sentence of template `name` to `text`.
    fn push(&self, text: &mut String, name: &str, words: &[(&str, String)]) {
        text.push(' ');
        text.push_str(&self.fill(name, words));
    }
}

/// `template` with every `{word}` replaced by the value of the first entry of `words` with that
/// key, in one pass; a `{…}` that names no word stays as written. Values go in as they are: none
/// is searched for placeholders (the knowledge base's texts have none outside its templates).
fn fill_template(template: &str, words: &[(&str, String)]) -> String {
    let mut text = String::with_capacity(template.len() + 64);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let (before, from_brace) = rest.split_at(open);
        text.push_str(before);
        let after = from_brace.get(1..).unwrap_or_default();
        let word = after.find('}').and_then(|close| {
            let key = after.get(..close)?;
            let (_, value) = words.iter().find(|(k, _)| *k == key)?;
            Some((value, close))
        });
        match word {
            Some((value, close)) => {
                text.push_str(value);
                rest = after.get(close + 1..).unwrap_or_default();
            }
            None => {
                text.push('{');
                rest = after;
            }
        }
    }
    text.push_str(rest);
    text
}

/// What a finding is about, as its sentences name it.
struct RecordWords {
    /// Opening a heading or a label: "Direcciones IP y horas de inicio de sesión".
    label: String,
    /// Inside a sentence: "las direcciones IP y las horas de tus inicios de sesión".
    in_sentence: String,
    grammar: Grammar,
}

const SINGULAR: Grammar = Grammar {
    gender: None,
    plural: false,
};

/// The grammar of a fact's scope (a noun phrase the platform file words freely, with no grammar of
/// its own), read from its words: a phrase of several joined by "y"/"and" is plural; in Spanish it is
/// feminine when every part starts feminine ("la fecha y la hora"), else masculine, and a single
/// part takes the gender and number of its article or possessive and noun. `solo`/`only` is
/// skipped. Every shipped scope's reading is checked by a unit test.
fn grammar_of_scope(lang: &str, scope: &str) -> Grammar {
    let scope = scope
        .trim()
        .trim_start_matches("only ")
        .trim_start_matches("solo ");
    // A clause after a comma ("tu dirección IP, si la recogió...") says more about the phrase
    // before it; it is not one more thing kept.
    let scope = scope
        .split(", ")
        .take_while(|part| {
            let part = part.trim_start_matches("y ");
            part.split_whitespace()
                .next()
                .is_some_and(starts_a_noun_phrase)
        })
        .collect::<Vec<_>>()
        .join(", ");
    let scope = scope.as_str();
    if lang != "es" {
        return Grammar {
            gender: None,
            plural: scope.contains(" and "),
        };
    }
    let parts: Vec<&str> = scope
        .split(" y ")
        .flat_map(|part| part.split(", "))
        .collect();
    let feminine = |part: &str| {
        let mut words = part.split_whitespace();
        let first = words.next().unwrap_or_default();
        match first {
            "la" | "las" | "una" | "unas" => true,
            "tu" | "tus" | "su" | "sus" => words.next().is_some_and(feminine_noun),
            _ => feminine_noun(first),
        }
    };
    let gender = if parts.iter().all(|part| feminine(part)) {
        Gender::Feminine
    } else {
        Gender::Masculine
    };
    let first = parts
        .first()
        .and_then(|part| part.split_whitespace().next())
        .unwrap_or_default();
    let plural = scope.contains(" y ")
        || matches!(first, "los" | "las" | "unos" | "unas" | "tus" | "sus")
        || (first.ends_with('s') && !matches!(first, "quién" | "más"));
    Grammar {
        gender: Some(gender),
        plural,
    }
}

/// Whether a Spanish word can open one of several joined noun phrases: an article, a possessive, a
/// pronoun or a noun, not a conjunction or a clause ("si los hay", "que GitHub dice").
fn starts_a_noun_phrase(word: &str) -> bool {
    !matches!(word, "si" | "que" | "como" | "cuando" | "en" | "de" | "a")
}

/// Spanish nouns by their ending: "-a", "-ción", "-dad", "-ión" and their plurals are feminine.
fn feminine_noun(word: &str) -> bool {
    ["a", "as", "ción", "ciones", "dad", "dades", "ión", "iones"]
        .iter()
        .any(|ending| word.ends_with(ending))
}

/// The name of a template that introduces a list of `count` processes: `name` for one,
/// `name_several` for more, so that the words before the list agree with it ("Proceso legal que
/// lo alcanza:" / "Procesos legales que lo alcanzan:").
fn listing(name: &str, count: usize) -> std::borrow::Cow<'_, str> {
    if count > 1 {
        format!("{name}_several").into()
    } else {
        name.into()
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
    // A parenthesis says which one ("(Reino Unido)"), it does not make the name a proper name.
    let outside_parentheses = name.split(" (").next().unwrap_or(name);
    let proper = outside_parentheses.split_whitespace().skip(1).any(|word| {
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

/// "En la Unión Europea, ..." -> "en la Unión Europea, ...", to go on after a colon.
fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
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
mod sentences;

#[cfg(test)]
mod tests {
    use super::{fill_template, grammar_of_scope, in_sentence, Audience};
    use crate::kb::{
        knowledge_base, Certainty, JudgeRole, Kept, KnowledgeBase, LawApplies, LawEntry,
        PlatformJurisdiction, Text,
    };
    use crate::report::{Basis, Finding, Severity};

    #[test]
    fn templates_are_filled_word_by_word_in_one_pass() {
        let words = [
            ("platform", "Meta".to_owned()),
            ("record", "your IP addresses".to_owned()),
            ("platform", "not this one".to_owned()),
        ];
        let fill = |template: &str| fill_template(template, &words);
        assert_eq!(
            fill("{platform} keeps {record}; {platform} says so."),
            "Meta keeps your IP addresses; Meta says so."
        );
        assert_eq!(
            fill("{unknown} {{record}} {"),
            "{unknown} {your IP addresses} {"
        );
        assert_eq!(fill("no words"), "no words");
        assert_eq!(fill("ünïcode {record}…"), "ünïcode your IP addresses…");
    }

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
            "finding_several",
            "finding_not_stated",
            "finding_kept_not_stated",
            "finding_not_kept",
            "finding_end_to_end",
            "finding_law_unclear",
            "judge_never",
            "judge_never_several",
            "judge_depends",
            "judge_depends_several",
            "law_silent",
            "law_silent_kept_not_stated",
            "law_needs_less",
            "law_never",
            "law_depends",
            "law_always",
            "no_facts",
            "marker",
            "marker_several",
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
            "reach_processes_several",
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
        assert_eq!(en.text, "Facebook keeps login IP addresses and times. Legal processes that reach this record: subpoena, court order. Needs no judge: subpoena.");
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
            es.text.starts_with("Facebook guarda las direcciones IP y las horas de tus inicios de sesión. Procesos legales que las alcanzan: ")
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
            f.text.starts_with("Discord does not say which legal process it asks for, and it is unclear whether orders from your jurisdiction (United States) bind the company that answers them (Discord Offshore Ltd). Why it is unclear. If those orders do bind it: in the United States, the law lets the authorities get ")
                && f.text.ends_with("by subpoena (18 U.S.C. 2703(c)(2))."),
            "{}",
            f.text
        );
        assert_eq!((f.severity, f.basis), (Severity::Medium, Basis::Platform));
        // The law it would take is not presented as the law that applies.
        assert!(f.law_processes.is_empty());
    }

    /// The words before a list of processes agree with it: one process, or several.
    #[test]
    fn the_words_before_a_list_of_processes_agree_with_its_number() {
        let one = with_discord_login_log(|fact| fact.processes = vec!["subpoena".into()]);
        let several = with_discord_login_log(|fact| {
            fact.processes = vec!["subpoena".into(), "emergency".into()]
        });
        let text = |kb, lang| finding_in(kb, "discord", "login_ip_log", "US", lang).unwrap();
        let es = text(&one, "es");
        assert!(
            es.text.contains(". Proceso legal que las alcanza: citación (subpoena). No necesita juez: citación (subpoena)."),
            "{}",
            es.text
        );
        assert!(
            es.marker
                .contains(" — proceso legal que las alcanza: citación"),
            "{}",
            es.marker
        );
        let en = text(&one, "en");
        assert!(
            en.text.contains(
                ". Legal process that reaches this record: subpoena. Needs no judge: subpoena."
            ),
            "{}",
            en.text
        );
        let es = text(&several, "es");
        assert!(
            es.text
                .contains(". Procesos legales que las alcanzan: citación (subpoena), ")
                && es
                    .text
                    .contains(" No necesitan juez: citación (subpoena), "),
            "{}",
            es.text
        );
        assert!(
            es.marker
                .contains(" — procesos legales que las alcanzan: citación"),
            "{}",
            es.marker
        );
        let en = text(&several, "en");
        assert!(
            en.text
                .contains(". Legal processes that reach this record: subpoena, ")
                && en.text.contains(" Need no judge: subpoena, "),
            "{}",
            en.text
        );
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
        assert!(f.text.starts_with("Discord no dice qué proceso legal pide, y no está claro que las órdenes de tu jurisdicción (Unión Europea) obliguen a la empresa que las responde (Discord Inc.). Por qué no está claro. Si esas órdenes sí la obligan: en la Unión Europea, la ley permite a las autoridades obtener "), "{}", f.text);
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

    /// Every scope a shipped fact words freely gets the gender and number a Spanish reader expects,
    /// so that "la"/"los"/"las" after it agree.
    #[test]
    fn every_shipped_scope_gets_its_grammar() {
        let kb = knowledge_base().unwrap();
        let mut read: Vec<(String, String)> = kb
            .platforms
            .iter()
            .flat_map(|p| &p.facts)
            .filter_map(|f| f.scope.as_ref())
            .map(|scope| {
                let es = &scope["es"];
                (es.clone(), String::from(grammar_of_scope("es", es)))
            })
            .collect();
        read.sort();
        read.dedup();
        let expected = [
            ("datos de análisis sobre cómo usas GitHub, como tu historial de navegación en el sitio", "masculine plural"),
            ("la dirección IP desde la que te conectas y tus datos de inicio de sesión", "masculine plural"),
            ("la ubicación de tu dispositivo o computadora", "feminine singular"),
            ("lo que haces en sus apps, y los sitios web que visitas, las apps que usas y las compras que haces en otros lugares que sus socios le reportan", "masculine plural"),
            ("quién envía y quién recibe tus mensajes privados y la lista de personas en tus chats", "masculine plural"),
            ("solo la fecha y hora en que te registraste y la fecha de tu última conexión", "feminine plural"),
            ("solo las ubicaciones que decides compartir", "feminine plural"),
            ("solo los registros de las direcciones IP que usaste, que GitHub dice que pueden mostrar tus movimientos en el tiempo", "masculine plural"),
            ("solo tu nombre y foto de perfil opcionales, en una forma que no puede leer", "masculine plural"),
            ("solo una ubicación aproximada calculada a partir de tu dirección IP y las ubicaciones que decides compartir", "feminine plural"),
            ("tu dirección IP", "feminine singular"),
            ("tu dirección IP, si la recogió para combatir el spam y el abuso", "feminine singular"),
            ("tu texto de 'info.', tus fotos de perfil y la información de tus grupos, si los hay", "masculine plural"),
            ("una dirección IP y la fecha en que te vieron por última vez, si las hay", "feminine plural"),
        ];
        let expected: Vec<(String, String)> = expected
            .iter()
            .map(|(scope, grammar)| ((*scope).to_owned(), (*grammar).to_owned()))
            .collect();
        assert_eq!(read, expected);
    }

    #[test]
    fn a_record_not_kept_or_encrypted_end_to_end_says_why_no_process_is_named() {
        let kb = with_discord_login_log(|fact| fact.kept = Kept::No);
        let es = finding_in(&kb, "discord", "login_ip_log", "US", "es").unwrap();
        assert_eq!(es.why.no_processes.as_deref(), Some("Discord dice que no guarda las direcciones IP y las horas de tus inicios de sesión, así que no nombra ningún proceso legal que las alcance."));
        let whatsapp = shipped("whatsapp", "message_content", "es");
        assert!(whatsapp.why.processes.is_empty());
        assert_eq!(whatsapp.why.no_processes.as_deref(), Some("WhatsApp dice que cifra de extremo a extremo el contenido de tus mensajes, así que no puede leerlo ni entregarlo, sea cual sea el proceso legal."));
        let facebook = shipped("facebook", "login_ip_log", "en");
        assert_eq!(
            facebook.why.no_processes, None,
            "Facebook names its processes"
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
        assert_eq!(
            in_sentence("Solicitud de asistencia judicial (Reino Unido)"),
            "solicitud de asistencia judicial (Reino Unido)"
        );
        assert_eq!(in_sentence(""), "");
    }
}
