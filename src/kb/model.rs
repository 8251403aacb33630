//! The shape of the knowledge base: what each platform keeps, which legal process reaches it, and the
//! sources that say so.
//!
//! These types are shared by `build.rs` (which reads the reviewer-facing TOML files under `kb/` and
//! compiles them into the crate) and by the core (which reads the compiled form). They only describe
//! data; the rules a knowledge base must follow live in `kb::validate`.
//!
//! This file must depend on nothing but `serde`, `std` and `crate::compact`, because `build.rs`
//! includes it by path.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::compact::{compact_enum, compact_struct};

/// A user-facing text in every supported language, keyed by language code (`en`, `es`, ...).
/// Adding a language is adding a key here in the data; the validator requires every language the
/// vocabulary lists.
pub type Text = BTreeMap<String, String>;

/// The whole knowledge base: the shared vocabulary plus one entry per platform.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KnowledgeBase {
    pub vocabulary: Vocabulary,
    pub platforms: Vec<Platform>,
}

/// Terms shared by every platform: the kinds of record, the kinds of legal process, the languages.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vocabulary {
    /// Language codes every text must have, the first being the fallback.
    pub languages: Vec<String>,
    /// The date a person last reviewed the vocabulary against its sources (YYYY-MM-DD).
    pub reviewed: String,
    pub sources: Vec<Source>,
    pub records: Vec<RecordKind>,
    pub processes: Vec<ProcessKind>,
    pub jurisdictions: Vec<Jurisdiction>,
    /// Per language, the pronoun that stands for a record of each grammar (`{it}` in templates):
    /// `pronouns["es"]["feminine plural"] = "las"`.
    pub pronouns: BTreeMap<String, BTreeMap<Grammar, String>>,
    /// The law's floor: which records each process reaches by statute (the jurisdiction is the
    /// process's). Applied where a platform keeps a record but does not say which process reaches it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub law: Vec<LawEntry>,
    /// Templates for sentences the core composes, by name, with `{placeholders}`.
    pub templates: BTreeMap<String, Text>,
}

/// One (process, record) pair the statute itself reaches, e.g. a subpoena reaches session times and
/// IP addresses under 18 U.S.C. 2703(c)(2). Never what a platform does: what the law allows.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LawEntry {
    /// A `ProcessKind` id.
    pub process: String,
    /// A `RecordKind` id.
    pub record: String,
    /// What exactly the statute names, as a noun phrase with its article, used in sentences: never
    /// more than the statute says (e.g. "the means and source of payment", not "what you bought").
    pub scope: Text,
    /// Who must sign for this record, where it differs from the process as a whole: a European
    /// Production Order is `depends`, but for content only a judge may issue it (Art. 4(2)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub judge: Option<JudgeRole>,
    /// Source ids in `Vocabulary::sources`.
    pub sources: Vec<String>,
}

impl LawEntry {
    /// Who must sign an order under `process` for this entry's record.
    pub fn judge(&self, process: &ProcessKind) -> JudgeRole {
        self.judge.unwrap_or(process.judge)
    }
}

/// A kind of record a platform may keep, e.g. `login_ip_log`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordKind {
    pub id: String,
    /// Short name, e.g. "Login IP addresses and times".
    pub name: Text,
    /// One or two plain sentences: what this record is and why it matters.
    pub about: Text,
    /// The record inside a sentence, with the article or possessive it takes there: "el historial
    /// de tus ubicaciones".
    pub phrase: Text,
    /// The grammatical gender and number of `name` and `phrase`, per language: the words that refer
    /// back to the record agree with it.
    pub grammar: BTreeMap<String, Grammar>,
}

/// The gender (in languages that have one) and number of a noun phrase, written as in the TOML:
/// "feminine plural", "singular". A misspelt one fails the build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Grammar {
    pub gender: Option<Gender>,
    pub plural: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Gender {
    Masculine,
    Feminine,
}

impl TryFrom<String> for Grammar {
    type Error = String;

    fn try_from(text: String) -> Result<Self, String> {
        let (gender, number) = match text.split_once(' ') {
            Some((gender, number)) => (Some(gender), number),
            None => (None, text.as_str()),
        };
        let gender = match gender {
            None => None,
            Some("masculine") => Some(Gender::Masculine),
            Some("feminine") => Some(Gender::Feminine),
            Some(other) => return Err(format!("unknown gender {other:?} in {text:?}")),
        };
        let plural = match number {
            "singular" => false,
            "plural" => true,
            other => return Err(format!("unknown number {other:?} in {text:?}")),
        };
        Ok(Self { gender, plural })
    }
}

impl From<Grammar> for String {
    fn from(grammar: Grammar) -> String {
        let number = if grammar.plural { "plural" } else { "singular" };
        match grammar.gender {
            None => number.to_owned(),
            Some(Gender::Masculine) => format!("masculine {number}"),
            Some(Gender::Feminine) => format!("feminine {number}"),
        }
    }
}

/// A kind of legal process, e.g. `subpoena`, explained once in plain words.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProcessKind {
    pub id: String,
    pub jurisdiction: String,
    pub name: Text,
    /// Who signs it, what it needs, whether a judge is involved: plain words.
    pub about: Text,
    /// Whether a judge must sign or approve it before the platform is asked.
    pub judge: JudgeRole,
    /// The law that defines it, as cited in each language: e.g. "18 U.S.C. 2703(c)(2)" in both,
    /// "Regulation (EU) 2023/1543" / "Reglamento (UE) 2023/1543" (the act's own Spanish title).
    pub statute: Text,
    /// Source ids in `Vocabulary::sources`.
    pub sources: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JudgeRole {
    /// A judge must sign or approve it.
    Always,
    /// It can be issued without any judge approving it.
    Never,
    /// Whether a judge must approve it depends on the data asked for (`about` says how).
    Depends,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Jurisdiction {
    pub id: String,
    pub name: Text,
    /// `in.en = "In the United States"`, `in.es = "En Estados Unidos"`: opens a sentence about that
    /// jurisdiction's law, with the article each language needs there.
    #[serde(rename = "in")]
    pub in_place: Text,
}

/// Where a fact comes from. Cited by id from facts in the same file.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub id: String,
    pub title: String,
    /// The publisher's own address for the document.
    pub url: String,
    /// Who wrote it: the platform itself, a law, or someone else.
    pub kind: SourceKind,
    /// The date we read it (YYYY-MM-DD).
    pub read: String,
    /// The date of the text we read (YYYY-MM-DD): the day it last changed (a law's last amendment),
    /// or the capture date of the verbatim copy we read. Required by `kb::validate`, not by the schema,
    /// so that sources can be dated after the fact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<String>,
    /// A dated verbatim copy we read, when the live page was not reachable (e.g. Open Terms Archive).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub snapshot: Option<Snapshot>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Snapshot {
    pub url: String,
    /// The date of the snapshot itself (YYYY-MM-DD).
    pub date: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    Platform,
    Law,
    Secondary,
}

/// How sure a fact is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Certainty {
    /// The platform's own published text says it.
    PlatformText,
    /// A law, court record or reputable third party says it; the platform is silent.
    Secondary,
    /// We concluded it from other facts; says so in the text.
    Inference,
}

/// Whether the platform can read a record (and so hand it over).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Encryption {
    /// End-to-end encrypted for everyone: the platform says it cannot read it.
    EndToEnd,
    /// End-to-end encrypted only when the user turns it on or in some products.
    Optional,
    /// The platform can read it.
    No,
    NotStated,
}

/// Whether the platform says it keeps a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kept {
    /// The platform says it keeps it (the default).
    #[default]
    Yes,
    /// The platform says it does not keep it.
    No,
    /// The platform does not say whether it keeps it.
    NotStated,
}

/// Whether a jurisdiction's orders bind the platform's operator there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LawApplies {
    Yes,
    /// The source, or where the operator is, makes it unclear: `text` says why.
    Unclear,
}

/// What a platform says about requests from one jurisdiction: who answers them and whether that
/// jurisdiction's law reaches it. Absent: its law applies, and `Platform::operator` answers.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlatformJurisdiction {
    /// A `Jurisdiction` id.
    pub id: String,
    /// Who answers requests from there, per the source.
    pub operator: String,
    pub law_applies: LawApplies,
    pub certainty: Certainty,
    pub sources: Vec<String>,
    /// What the platform says about requests from there, in our words.
    pub text: Text,
}

/// One platform: its hosts, sources, facts, notice policy and checklist.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Platform {
    pub id: String,
    pub name: String,
    /// The company that answers legal process, in every language: company names stay as they are,
    /// the words around them are translated ("(for users in the European Region)").
    pub operator: Text,
    /// Host names the platform is served from. A page matches when its host equals one of these or is
    /// a subdomain of one.
    pub hosts: Vec<String>,
    /// Where the content script runs, when narrower than `hosts` and their subdomains: the exact hosts
    /// where the platform's account, session, security, privacy, location, activity and data-download
    /// pages (and its checklist's pages) live, e.g. `myaccount.google.com` and not `mail.google.com`.
    /// Leave it out where a single-page app reaches its settings in place from any subdomain.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_hosts: Option<Vec<String>>,
    /// The date a person last checked every fact in this file against its sources (YYYY-MM-DD).
    pub reviewed: String,
    pub sources: Vec<Source>,
    /// Who answers requests from each jurisdiction, where the platform says or it is unclear.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub jurisdictions: Vec<PlatformJurisdiction>,
    pub facts: Vec<Fact>,
    /// What the platform says about telling users before it discloses their data.
    pub notice: Notice,
    /// How long the platform keeps records on a preservation request, where it says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preservation: Option<Preservation>,
    pub checklist: Vec<ChecklistStep>,
}

impl Platform {
    /// Whether the content script runs on `host` for this platform (tools/manifest.mjs makes the
    /// same match patterns): one of its `account_hosts` exactly, or without them any of its `hosts`
    /// or their subdomains.
    pub fn content_script_runs_on(&self, host: &str) -> bool {
        match &self.account_hosts {
            Some(account_hosts) => account_hosts.iter().any(|h| h == host),
            None => self.hosts.iter().any(|h| host_within(host, h)),
        }
    }
}

/// Whether `host` is `domain` or one of its subdomains.
pub fn host_within(host: &str, domain: &str) -> bool {
    host == domain
        || host
            .strip_suffix(domain)
            .is_some_and(|rest| rest.ends_with('.'))
}

/// What one platform keeps of one record kind in one jurisdiction, and which process reaches it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fact {
    /// A `RecordKind` id.
    pub record: String,
    #[serde(default = "default_jurisdiction")]
    pub jurisdiction: String,
    /// Whether the source says the platform keeps the record; `yes` when omitted.
    #[serde(default, skip_serializing_if = "Kept::is_yes")]
    pub kept: Kept,
    /// What exactly the source says is kept, where that is narrower than the record's name: a noun
    /// phrase with its article ("only the date you registered and the date you last connected").
    /// Shown instead of the record's name wherever the record is named.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<Text>,
    /// Process ids that the source says reach this record. Empty means the source does not say.
    pub processes: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retention: Option<Text>,
    pub encrypted: Encryption,
    pub certainty: Certainty,
    /// Source ids in this platform's `sources`.
    pub sources: Vec<String>,
    /// What the source says, in our words, where the record name alone would claim too much or too
    /// little (e.g. "recent login IPs, if available").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<Text>,
}

fn default_jurisdiction() -> String {
    "US".to_owned()
}

impl Kept {
    fn is_yes(&self) -> bool {
        *self == Kept::Yes
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Notice {
    pub text: Text,
    pub certainty: Certainty,
    pub sources: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Preservation {
    /// Days records are kept on a preservation request, when the platform states a number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days: Option<u32>,
    pub text: Text,
    pub certainty: Certainty,
    pub sources: Vec<String>,
}

/// One protective step a user can take on a platform.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChecklistStep {
    /// Stable id, unique within the platform; stored progress is keyed by it, so never reuse one.
    pub id: String,
    pub title: Text,
    /// Record ids this step reduces or keeps out of reach.
    pub protects: Vec<String>,
    /// What to do, in a sentence or two.
    pub how: Text,
    /// How the user can tell it is done.
    pub done_when: Text,
    /// What the step does not do (e.g. ending a session does not delete the platform's login log).
    pub limits: Text,
    /// The platform's own settings page for this step.
    pub url: String,
}

// The compact form `build.rs` embeds (`crate::compact`): every field, in this order.
compact_struct!(KnowledgeBase {
    vocabulary,
    platforms
});
compact_struct!(Vocabulary {
    languages,
    reviewed,
    sources,
    records,
    processes,
    jurisdictions,
    pronouns,
    law,
    templates,
});
compact_struct!(LawEntry {
    process,
    record,
    scope,
    judge,
    sources
});
compact_struct!(RecordKind {
    id,
    name,
    about,
    phrase,
    grammar
});
compact_struct!(Grammar { gender, plural });
compact_enum!(Gender {
    Masculine,
    Feminine
});
compact_struct!(ProcessKind {
    id,
    jurisdiction,
    name,
    about,
    judge,
    statute,
    sources,
});
compact_enum!(JudgeRole {
    Always,
    Never,
    Depends
});
compact_struct!(Jurisdiction { id, name, in_place });
compact_struct!(Source {
    id,
    title,
    url,
    kind,
    read,
    as_of,
    snapshot,
});
compact_struct!(Snapshot { url, date });
compact_enum!(SourceKind {
    Platform,
    Law,
    Secondary
});
compact_enum!(Certainty {
    PlatformText,
    Secondary,
    Inference
});
compact_enum!(Encryption {
    EndToEnd,
    Optional,
    No,
    NotStated
});
compact_enum!(Kept { Yes, No, NotStated });
compact_enum!(LawApplies { Yes, Unclear });
compact_struct!(PlatformJurisdiction {
    id,
    operator,
    law_applies,
    certainty,
    sources,
    text,
});
compact_struct!(Platform {
    id,
    name,
    operator,
    hosts,
    account_hosts,
    reviewed,
    sources,
    jurisdictions,
    facts,
    notice,
    preservation,
    checklist,
});
compact_struct!(Fact {
    record,
    jurisdiction,
    kept,
    scope,
    processes,
    retention,
    encrypted,
    certainty,
    sources,
    detail,
});
compact_struct!(Notice {
    text,
    certainty,
    sources
});
compact_struct!(Preservation {
    days,
    text,
    certainty,
    sources
});
compact_struct!(ChecklistStep {
    id,
    title,
    protects,
    how,
    done_when,
    limits,
    url,
});
