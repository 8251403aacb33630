//! Which legal process reaches the records an export shows: the classifier's own findings
//! (`classify::findings`), for the records a security page shows — login IP addresses and times,
//! and subscriber information (`rules/pages.toml`, kind `security`) — so an export and a page
//! about the same record say the same thing. Each finding carries its transparency figure
//! (`classify::figure`) and the report the platform's checklist steps that protect those records
//! (`classify::next_steps`), as a page report's do.

use crate::classify::findings::{for_page, no_facts, Audience};
use crate::classify::Classifier;
use crate::classify::{figure, next_steps};
use crate::kb::{knowledge_base, KnowledgeBase};
use crate::report::{Finding, NextStep, PageKind};
use crate::Options;

use super::ArchiveError;

/// What the report says about the platform, in `options`' language and jurisdiction.
pub struct About {
    pub platform_name: String,
    pub language: String,
    pub jurisdiction: String,
    pub findings: Vec<Finding>,
    /// What to say instead of an empty list, which would read as "no risk".
    pub no_facts: Option<String>,
    /// The checklist steps that protect these records, each with what it does not do.
    pub next_steps: Vec<NextStep>,
    /// That logging out does not erase what the platform already keeps, when it says it keeps it.
    pub logout_note: Option<String>,
}

pub fn about(platform_id: &str, options: &Options) -> Result<About, ArchiveError> {
    let broken = |message: String| ArchiveError {
        code: crate::report::ErrorCode::KnowledgeBase,
        message,
    };
    let kb = knowledge_base().map_err(broken)?;
    let rules = Classifier::builtin().map_err(broken)?.rules();
    let jurisdiction = options
        .jurisdiction
        .clone()
        .unwrap_or_else(|| "US".to_owned());
    let language = language(kb, options);
    let Some(platform) = kb.platform(platform_id) else {
        return Err(broken(format!(
            "the knowledge base has no platform {platform_id:?}"
        )));
    };
    let audience = Audience {
        kb,
        platform,
        lang: &language,
        jurisdiction: &jurisdiction,
    };
    let mut findings = for_page(&audience, rules, PageKind::Security, None, &[]);
    figure::attach(
        &figure::Reader::new(platform, &language, &jurisdiction, options),
        &mut findings,
    );
    let no_facts = findings.is_empty().then(|| no_facts(&audience));
    let next_steps = next_steps::for_page(kb, platform, &language, None, &findings);
    let logout_note = next_steps::logout_note(kb, platform, &language, &findings);
    Ok(About {
        platform_name: platform.name.clone(),
        language,
        jurisdiction,
        findings,
        no_facts,
        next_steps,
        logout_note,
    })
}

/// The report's language: the user's, else the browser's, when the knowledge base has it; else its
/// first.
pub fn language(kb: &KnowledgeBase, options: &Options) -> String {
    [options.language.as_deref(), options.ui_language.as_deref()]
        .into_iter()
        .flatten()
        .map(|tag| {
            tag.split(['-', '_'])
                .next()
                .unwrap_or_default()
                .to_ascii_lowercase()
        })
        .find(|lang| kb.vocabulary.languages.contains(lang))
        .or_else(|| kb.vocabulary.languages.first().cloned())
        .unwrap_or_else(|| "en".to_owned())
}
