//! What the user can do about what a page shows: the platform's checklist steps that protect the
//! records the page's findings are about, the step for this very page first, and on session pages
//! one plain sentence on what logging out does and does not do. Only knowledge-base text: the
//! steps' own words and a vocabulary template, in the user's language.

use crate::kb::{Kept, KnowledgeBase, Platform};
use crate::report::{Finding, NextStep};
use crate::url::PageUrl;

/// At most this many steps: the banner is a warning, not the checklist (the popup has all of it).
pub const MAX_NEXT_STEPS: usize = 3;

/// The steps of `platform` that protect a record of `findings`, those whose address is this `page`
/// first, then in the checklist's order; at most [`MAX_NEXT_STEPS`].
pub fn for_page(
    kb: &KnowledgeBase,
    platform: &Platform,
    lang: &str,
    page: Option<&PageUrl>,
    findings: &[Finding],
) -> Vec<NextStep> {
    let v = &kb.vocabulary;
    let protects_a_finding = |records: &[String]| {
        findings
            .iter()
            .any(|f| f.records.iter().any(|r| records.contains(r)))
    };
    // The steps on this page first, each part in the checklist's order (a partition rather than a
    // stable sort: no sorting code for it in the module).
    let (mut steps, elsewhere): (Vec<_>, Vec<_>) = platform
        .checklist
        .iter()
        .filter(|step| protects_a_finding(&step.protects))
        .partition(|step| is_this_page(&step.url, page));
    steps.extend(elsewhere);
    steps
        .into_iter()
        .take(MAX_NEXT_STEPS)
        .map(|step| NextStep {
            id: step.id.clone(),
            title: v.text(&step.title, lang).to_owned(),
            how: v.text(&step.how, lang).to_owned(),
            limits: v.text(&step.limits, lang).to_owned(),
            url: step.url.clone(),
            same_site: PageUrl::parse(&step.url)
                .and_then(|u| kb.platform_for_host(&u.host))
                .is_some_and(|p| p.id == platform.id),
        })
        .collect()
}

/// On a session page where the platform says it keeps a record a finding is about: logging out ends
/// a session but does not erase what the platform already keeps of it.
pub fn logout_note(
    kb: &KnowledgeBase,
    platform: &Platform,
    lang: &str,
    findings: &[Finding],
) -> Option<String> {
    findings.iter().any(|f| f.kept == Kept::Yes).then(|| {
        kb.vocabulary
            .template("logout_keeps_records", lang)
            .replace("{platform}", &platform.name)
    })
}

/// Whether `url` is the page's own address: same host and path (a trailing `/` aside).
fn is_this_page(url: &str, page: Option<&PageUrl>) -> bool {
    let (Some(step), Some(page)) = (PageUrl::parse(url), page) else {
        return false;
    };
    let path = |p: &str| p.trim_end_matches('/').to_owned();
    step.host == page.host && path(&step.path) == path(&page.path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kb::{knowledge_base, ChecklistStep, Text};
    use crate::report::{Basis, Severity, Why};

    fn finding(record: &str, kept: Kept) -> Finding {
        Finding {
            id: format!("test.{record}"),
            records: vec![record.to_owned()],
            processes: vec![],
            law_processes: vec![],
            basis: Basis::Platform,
            certainty: crate::kb::Certainty::PlatformText,
            kept,
            severity: Severity::High,
            title: String::new(),
            text: String::new(),
            marker: String::new(),
            why: Why {
                record: String::new(),
                detail: None,
                processes: vec![],
                no_processes: None,
                retention: None,
                notice: String::new(),
                reviewed: String::new(),
            },
            sources: vec![],
            anchor: None,
            figure: None,
        }
    }

    fn text(s: &str) -> Text {
        Text::from([("en".into(), s.into()), ("es".into(), format!("{s} (es)"))])
    }

    fn step(id: &str, protects: &str, url: &str) -> ChecklistStep {
        ChecklistStep {
            id: id.into(),
            title: text(id),
            protects: vec![protects.into()],
            how: text("how"),
            done_when: text("done"),
            limits: text("limits"),
            url: url.into(),
        }
    }

    /// Facebook with `steps` as its checklist.
    fn facebook_with(steps: Vec<ChecklistStep>) -> (KnowledgeBase, Platform) {
        let kb = knowledge_base().unwrap().clone();
        let mut facebook = kb.platform("facebook").unwrap().clone();
        facebook.checklist = steps;
        (kb, facebook)
    }

    fn ids(steps: &[NextStep]) -> Vec<&str> {
        steps.iter().map(|s| s.id.as_str()).collect()
    }

    #[test]
    fn only_steps_protecting_a_record_with_a_finding_this_page_first_at_most_three() {
        let (kb, facebook) = facebook_with(vec![
            step("a", "login_ip_log", "https://www.facebook.com/help/1"),
            step(
                "other-record",
                "location_history",
                "https://www.facebook.com/settings",
            ),
            step("b", "login_ip_log", "https://www.facebook.com/help/2"),
            step("c", "login_ip_log", "https://www.facebook.com/help/3"),
            step("here", "login_ip_log", "https://www.facebook.com/settings/"),
            step("elsewhere", "login_ip_log", "https://example.org/settings"),
        ]);
        let page = PageUrl::parse("https://www.facebook.com/settings?tab=security");
        let findings = [finding("login_ip_log", Kept::Yes)];
        let steps = for_page(&kb, &facebook, "en", page.as_ref(), &findings);
        assert_eq!(ids(&steps), ["here", "a", "b"]);
        assert!(steps.iter().all(|s| s.same_site));
        let all = for_page(&kb, &facebook, "en", None, &findings);
        assert_eq!(all.len(), MAX_NEXT_STEPS, "never more than the limit");
        assert!(for_page(&kb, &facebook, "en", page.as_ref(), &[]).is_empty());
    }

    #[test]
    fn a_step_is_in_the_report_language_and_says_whether_it_stays_on_the_platform() {
        let (kb, facebook) = facebook_with(vec![
            step("off-site", "login_ip_log", "https://example.org/guide"),
            step(
                "sub-domain",
                "login_ip_log",
                "https://accountscenter.facebook.com/x",
            ),
        ]);
        let findings = [finding("login_ip_log", Kept::Yes)];
        let steps = for_page(&kb, &facebook, "es", None, &findings);
        assert_eq!(steps[0].title, "off-site (es)");
        assert_eq!(
            (steps[0].how.as_str(), steps[0].limits.as_str()),
            ("how (es)", "limits (es)")
        );
        assert_eq!(
            steps.iter().map(|s| s.same_site).collect::<Vec<_>>(),
            [false, true]
        );
    }

    #[test]
    fn the_shipped_facebook_session_step_says_logging_out_does_not_delete_the_log() {
        let kb = knowledge_base().unwrap();
        let facebook = kb.platform("facebook").unwrap();
        let findings = [finding("login_ip_log", Kept::Yes)];
        let steps = for_page(kb, facebook, "en", None, &findings);
        assert_eq!(ids(&steps), ["fb-review-sessions"]);
        assert!(steps[0].limits.contains("does not delete the login record"));
    }

    #[test]
    fn the_logout_note_is_one_sentence_in_each_language_and_only_for_kept_records() {
        let kb = knowledge_base().unwrap();
        let facebook = kb.platform("facebook").unwrap();
        let kept = [finding("login_ip_log", Kept::Yes)];
        let en = logout_note(kb, facebook, "en", &kept).unwrap();
        let es = logout_note(kb, facebook, "es", &kept).unwrap();
        assert!(
            en.starts_with("Logging out") && en.contains("Facebook"),
            "{en}"
        );
        assert!(es.starts_with("Cerrar") && es.contains("Facebook"), "{es}");
        assert!(!en.contains('{') && !es.contains('{'));
        let not_kept = [finding("login_ip_log", Kept::NotStated)];
        assert_eq!(logout_note(kb, facebook, "en", &not_kept), None);
    }
}
