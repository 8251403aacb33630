//! What the report says beyond the corpus expectations: the subpoena view of session pages, where
//! each warning is anchored, warnings driven by settings, and the CLI's JSON contract.

use std::process::Command;

use disclosure_lens::report::{PageKind, Report, SubpoenaView};
use disclosure_lens::{classify, html, Options};

const PAGES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/pages");

fn report(file: &str, url: &str) -> Report {
    let html = std::fs::read_to_string(format!("{PAGES}/{file}")).unwrap();
    classify(
        html::snapshot_from_html(&html, Some(url)),
        &Options::default(),
    )
    .unwrap()
}

fn view(file: &str, url: &str) -> SubpoenaView {
    report(file, url).subpoena_view.expect("a session page")
}

fn span(view: &SubpoenaView) -> (Option<&str>, Option<&str>) {
    (view.first.as_deref(), view.last.as_deref())
}

#[test]
fn the_subpoena_view_counts_what_the_page_shows_and_orders_its_times() {
    let facebook = view(
        "facebook/sessions-en.html",
        "https://www.facebook.com/settings?tab=security",
    );
    assert_eq!(
        (
            facebook.sessions,
            facebook.ips,
            facebook.places,
            facebook.devices
        ),
        (5, 0, 3, 4)
    );
    assert_eq!(
        span(&facebook),
        (Some("Mar 3 at 9:14 PM"), Some("Active now"))
    );

    let microsoft = view(
        "microsoft/sessions-en.html",
        "https://account.live.com/Activity",
    );
    assert_eq!(
        (
            microsoft.sessions,
            microsoft.ips,
            microsoft.places,
            microsoft.devices
        ),
        (12, 5, 4, 5)
    );
    assert_eq!(
        span(&microsoft),
        (Some("10/31/2026 9:02 PM"), Some("11/29/2026 8:02 AM"))
    );

    let telegram = view("telegram/sessions-en.html", "https://web.telegram.org/a/");
    assert_eq!(span(&telegram), (Some("10/15/26"), Some("9:14 PM")));
    let discord = view(
        "discord/sessions-en.html",
        "https://discord.com/channels/@me",
    );
    assert_eq!(span(&discord), (Some("a month ago"), Some("2 hours ago")));
    let github = view(
        "github/sessions-en.html",
        "https://github.com/settings/sessions",
    );
    assert_eq!(
        span(&github),
        (
            Some("Last used on Sep 14, 2026"),
            Some("Last used on Nov 29, 2026")
        )
    );
    let apple = view(
        "apple/sessions-en.html",
        "https://account.apple.com/account/manage/section/devices",
    );
    assert_eq!((apple.devices, span(&apple)), (6, (None, None)));
}

#[test]
fn the_login_log_warning_sits_at_the_session_list() {
    let report = report(
        "facebook/sessions-en.html",
        "https://www.facebook.com/settings?tab=security",
    );
    let html = std::fs::read_to_string(format!("{PAGES}/facebook/sessions-en.html")).unwrap();
    let snapshot = html::snapshot_from_html(&html, None);
    let first_row = report.sessions[0].node as usize;
    let list = snapshot.nodes[first_row].parent;
    let login_log = report
        .findings
        .iter()
        .find(|f| f.records == ["login_ip_log"])
        .expect("Facebook has a fact about login IPs");
    assert_eq!(login_log.anchor, list);
}

#[test]
fn a_switch_that_records_carries_its_warning() {
    let x = report(
        "x/location-en.html",
        "https://x.com/settings/location_information",
    );
    let switch = &x.settings[0];
    assert_eq!(
        (switch.id.as_str(), switch.state.as_str()),
        ("location_history", "on")
    );
    let warning = x
        .findings
        .iter()
        .find(|f| f.records == ["location_history"])
        .unwrap();
    assert_eq!(warning.anchor, Some(switch.node));

    let google = report(
        "google/activity-controls-en.html",
        "https://myaccount.google.com/activitycontrols",
    );
    let web_and_app = google
        .settings
        .iter()
        .find(|s| s.id == "web_app_activity")
        .unwrap();
    let activity = google
        .findings
        .iter()
        .find(|f| f.records == ["activity_log"])
        .unwrap();
    assert_eq!(activity.anchor, Some(web_and_app.node));
    let ids: Vec<&str> = google.findings.iter().map(|f| f.id.as_str()).collect();
    let mut unique = ids.clone();
    unique.dedup();
    assert_eq!(ids, unique, "one warning per record");
}

#[test]
fn download_pages_name_their_checkboxes_by_label() {
    let takeout = report(
        "google/takeout-es.html",
        "https://takeout.google.com/?hl=es-419",
    );
    let location = takeout
        .settings
        .iter()
        .find(|s| s.label == "Historial de ubicaciones (Cronología)")
        .unwrap();
    assert_eq!(location.id, "historial_de_ubicaciones_cronologia");
    assert!(takeout
        .findings
        .iter()
        .all(|f| f.records != ["location_history"]));
}

#[test]
fn rows_on_other_pages_are_not_sessions_and_unknown_sites_get_no_warnings() {
    let location = report(
        "microsoft/location-en.html",
        "https://account.microsoft.com/privacy/activity-history",
    );
    assert_eq!(location.page_kind, PageKind::Location);
    assert!(location.sessions.is_empty() && location.subpoena_view.is_none());

    let unknown = report(
        "unknown/active-sessions-en.html",
        "https://app.ledgerloop.io/settings/security/sessions",
    );
    assert_eq!(
        (unknown.platform.as_str(), unknown.sessions.len()),
        ("unknown", 4)
    );
    assert!(unknown.findings.is_empty());
}

#[test]
fn the_cli_prints_the_json_contract() {
    let output = Command::new(env!("CARGO_BIN_EXE_dlens"))
        .args([
            "scan",
            "--json",
            "--url",
            "https://x.com/settings/login_history",
        ])
        .arg(format!("{PAGES}/x/access-history-en.html"))
        .output()
        .unwrap();
    assert!(output.status.success());
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    for key in [
        "platform",
        "page_kind",
        "sessions",
        "settings",
        "findings",
        "subpoena_view",
    ] {
        assert!(json.get(key).is_some(), "missing {key}");
    }
    for key in ["device", "location", "ip", "time", "current"] {
        assert!(
            json["sessions"][0].get(key).is_some(),
            "missing sessions[].{key}"
        );
    }
    assert_eq!(json["jurisdiction"], "US");
    assert!(json.get("no_facts").is_some(), "missing no_facts");
    for key in [
        "records",
        "processes",
        "law_processes",
        "basis",
        "certainty",
        "kept",
        "severity",
        "text",
        "sources",
    ] {
        assert!(
            json["findings"][0].get(key).is_some(),
            "missing findings[].{key}"
        );
    }
    for key in ["ips", "places", "devices", "first", "last"] {
        assert!(
            json["subpoena_view"].get(key).is_some(),
            "missing subpoena_view.{key}"
        );
    }
    assert_eq!(json["subpoena_view"]["ips"], 6);

    let missing = Command::new(env!("CARGO_BIN_EXE_dlens"))
        .args(["scan", "--json", "/nonexistent/page.html"])
        .output()
        .unwrap();
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("cannot read"));
}

#[test]
fn the_cli_takes_a_jurisdiction_and_refuses_an_unknown_one() {
    let scan = |jurisdiction: &str| {
        Command::new(env!("CARGO_BIN_EXE_dlens"))
            .args(["scan", "--json", "--jurisdiction", jurisdiction, "--url"])
            .arg("https://discord.com/channels/@me")
            .arg(format!("{PAGES}/discord/sessions-en.html"))
            .output()
            .unwrap()
    };
    let us = scan("US");
    assert!(us.status.success());
    let us: serde_json::Value = serde_json::from_slice(&us.stdout).unwrap();
    assert_eq!(
        (&us["jurisdiction"], &us["no_facts"]),
        (&"US".into(), &serde_json::Value::Null)
    );
    assert_eq!(
        us["findings"][0]["basis"], "law",
        "Discord names no process: the law's floor"
    );

    // With no EU facts for Discord and no EU law entries: a plain statement, never an empty list.
    let eu = scan("EU");
    assert!(eu.status.success());
    let eu: serde_json::Value = serde_json::from_slice(&eu.stdout).unwrap();
    assert_eq!(eu["jurisdiction"], "EU");
    // (Once the EU law entries are merged, the law's floor answers instead.)
    if eu["findings"].as_array().unwrap().is_empty() {
        assert!(eu["no_facts"].as_str().unwrap().contains("European Union"));
    } else {
        assert!(eu["no_facts"].is_null());
    }

    let unknown = scan("FR");
    assert_eq!(unknown.status.code(), Some(2));
    let message = String::from_utf8_lossy(&unknown.stderr);
    assert!(
        message.contains("unknown jurisdiction \"FR\"") && message.contains("US, EU, UK"),
        "{message}"
    );
}
