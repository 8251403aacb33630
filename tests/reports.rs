//! What the report says beyond the corpus expectations: the subpoena view of session pages, where
//! each warning is anchored, warnings driven by settings, and the CLI's JSON contract.

use std::process::Command;

use disclosure_lens::report::{PageKind, Report, SubpoenaView};
use disclosure_lens::{classify, html, Options};

const PAGES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/pages");

/// The scan time of the fixture tests: 2026-11-30T22:00:00Z, after every date the fixtures state.
const NOW_MS: i64 = 1_796_076_000_000;

fn report(file: &str, url: &str) -> Report {
    report_with(file, url, Options::default())
}

/// The report of a fixture read at `NOW_MS` on a UTC clock, with `options` for the rest.
fn report_with(file: &str, url: &str, options: Options) -> Report {
    let html = std::fs::read_to_string(format!("{PAGES}/{file}")).unwrap();
    let options = Options {
        now: Some(NOW_MS),
        ..options
    };
    classify(html::snapshot_from_html(&html, Some(url)), &options).unwrap()
}

fn view(file: &str, url: &str) -> SubpoenaView {
    report(file, url).subpoena_view.expect("a session page")
}

fn span(view: &SubpoenaView) -> (Option<&str>, Option<&str>) {
    (view.first.as_deref(), view.last.as_deref())
}

fn span_at(view: &SubpoenaView) -> (Option<&str>, Option<&str>) {
    (view.first_at.as_deref(), view.last_at.as_deref())
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
    // Newest first: "Mar 3" is this year's, so "November 20" and "November 2" below it are last year's.
    assert_eq!(
        span(&facebook),
        (Some("November 2 at 11:45 AM"), Some("Active now"))
    );
    assert_eq!(
        span_at(&facebook),
        (Some("2025-11-02T11:45:00Z"), Some("2026-11-30T22:00:00Z"))
    );
    assert_eq!(facebook.as_of.as_deref(), Some("2026-11-30T22:00:00Z"));

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
    assert_eq!(
        span(&telegram),
        (Some("10/15/26"), Some("today at 9:14 PM"))
    );
    assert_eq!(
        span_at(&telegram),
        (Some("2026-10-15"), Some("2026-11-30T21:14:00Z"))
    );
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
fn the_span_orders_real_moments_and_states_one_moment_once() {
    let facebook_es = view(
        "facebook/sessions-es.html",
        "https://www.facebook.com/settings?tab=security",
    );
    assert_eq!(
        span(&facebook_es),
        (Some("25 de noviembre a las 8:30"), Some("Activo ahora"))
    );
    assert_eq!(
        facebook_es.first_at.as_deref(),
        Some("2025-11-25T08:30:00Z")
    );
    let log = view(
        "facebook/login-activity-en.html",
        "https://accountscentre.facebook.com/password_and_security/login_activity",
    );
    assert_eq!(
        span(&log),
        (Some("30 October at 13:02"), Some("Active now"))
    );
    assert_eq!(log.first_at.as_deref(), Some("2025-10-30T13:02:00Z"));
    // No year is crossed on X: every date is no later than now.
    let x = view("x/sessions-en.html", "https://x.com/settings/sessions");
    assert_eq!(span(&x), (Some("Mar 3"), Some("Active now")));
    assert_eq!(
        span_at(&x),
        (Some("2026-03-03"), Some("2026-11-30T22:00:00Z"))
    );
    // Google lists devices, not times, in order: only the scan time bounds its dates.
    let google = view(
        "google/devices-en.html",
        "https://myaccount.google.com/device-activity",
    );
    assert_eq!(span(&google), (Some("Mar 3"), Some("Just now")));
    let instagram = view(
        "instagram/login-activity-es.html",
        "https://accountscenter.instagram.com/password_and_security/login_activity/",
    );
    assert_eq!(span(&instagram), (Some("Activo ahora"), None));
    assert_eq!(span_at(&instagram), (Some("2026-11-30T22:00:00Z"), None));
}

#[test]
fn the_span_is_worded_in_the_report_language_and_read_on_the_readers_clock() {
    let telegram = |language: &str, offset: i32| {
        report_with(
            "telegram/sessions-en.html",
            "https://web.telegram.org/a/",
            Options {
                language: Some(language.into()),
                utc_offset_minutes: Some(offset),
                ..Options::default()
            },
        )
        .subpoena_view
        .unwrap()
    };
    let spanish = telegram("es", 0);
    assert_eq!(
        span(&spanish),
        (Some("10/15/26"), Some("hoy a las 9:14 PM"))
    );
    // 22:00 UTC is 16:00 in UTC-6: "9:14 PM" today there is later than the scan, still today's.
    let central = telegram("en", -360);
    assert_eq!(
        central.last_at.as_deref(),
        Some("2026-11-30T21:14:00-06:00")
    );
    assert_eq!(central.as_of.as_deref(), Some("2026-11-30T16:00:00-06:00"));
}

#[test]
fn without_a_scan_time_times_are_ordered_but_only_dated_years_are_moments() {
    let html = std::fs::read_to_string(format!("{PAGES}/facebook/sessions-en.html")).unwrap();
    let snapshot = html::snapshot_from_html(&html, Some("https://www.facebook.com/settings"));
    let view = classify(snapshot, &Options::default())
        .unwrap()
        .subpoena_view
        .unwrap();
    assert_eq!(
        span(&view),
        (Some("November 2 at 11:45 AM"), Some("Active now"))
    );
    assert_eq!(span_at(&view), (None, None));
    assert_eq!(view.as_of, None);
    let microsoft = classify(
        html::snapshot_from_html(
            &std::fs::read_to_string(format!("{PAGES}/microsoft/sessions-en.html")).unwrap(),
            Some("https://account.live.com/Activity"),
        ),
        &Options::default(),
    )
    .unwrap()
    .subpoena_view
    .unwrap();
    assert_eq!(
        span_at(&microsoft),
        (
            Some("2026-10-31T21:02:00-00:00"),
            Some("2026-11-29T08:02:00-00:00")
        )
    );
}

#[test]
fn a_scan_time_out_of_range_is_a_clear_error() {
    let html = std::fs::read_to_string(format!("{PAGES}/x/sessions-en.html")).unwrap();
    for options in [
        Options {
            now: Some(-1),
            ..Options::default()
        },
        Options {
            now: Some(NOW_MS),
            utc_offset_minutes: Some(24 * 60),
            ..Options::default()
        },
    ] {
        let error = classify(html::snapshot_from_html(&html, None), &options).unwrap_err();
        assert_eq!(error.code, "bad_options", "{}", error.message);
    }
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
    // Also a page with two findings and five boxes ticked, where a repeat need not be adjacent.
    let takeout = report("google/takeout-en.html", "https://takeout.google.com/");
    for report in [google, takeout] {
        let ids: Vec<&str> = report.findings.iter().map(|f| f.id.as_str()).collect();
        // Sorted first: `dedup` removes only adjacent repeats.
        let mut unique = ids.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(ids.len(), unique.len(), "one warning per record: {ids:?}");
    }
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
fn the_archive_page_is_offered_on_data_download_pages_only() {
    let offered = |file: &str, url: &str| {
        let report = report(file, url);
        (report.page_kind, report.offer_archive)
    };
    for (file, url) in [
        (
            "facebook/dyi-en.html",
            "https://accountscentre.facebook.com/info_and_permissions/dyi",
        ),
        (
            "facebook/dyi-es.html",
            "https://accountscentre.facebook.com/info_and_permissions/dyi",
        ),
        ("google/takeout-en.html", "https://takeout.google.com/"),
        ("apple/data-download-es.html", "https://privacy.apple.com/"),
    ] {
        assert_eq!(offered(file, url), (PageKind::DataDownload, true), "{file}");
    }
    // Session pages, sign-in pages and a help article about sessions: no export to read there.
    for (file, url) in [
        (
            "facebook/sessions-en.html",
            "https://www.facebook.com/settings?tab=security",
        ),
        ("facebook/login-en.html", "https://www.facebook.com/login/"),
        (
            "facebook/help-where-logged-in-en.html",
            "https://www.facebook.com/help/211990645501187",
        ),
    ] {
        let (kind, offer) = offered(file, url);
        assert!(!offer, "{file} is {kind:?} and offers the archive page");
    }

    let output = Command::new(env!("CARGO_BIN_EXE_dlens"))
        .args(["scan", "--json"])
        .arg(format!("{PAGES}/facebook/dyi-en.html"))
        .output()
        .unwrap();
    assert!(output.status.success());
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["offer_archive"], true);
}

#[test]
fn the_cli_prints_the_json_contract() {
    let output = Command::new(env!("CARGO_BIN_EXE_dlens"))
        .args([
            "scan",
            "--json",
            "--now",
            "2026-11-30T16:00:00-06:00",
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
    for key in [
        "ips", "places", "devices", "first", "last", "first_at", "last_at", "as_of",
    ] {
        assert!(
            json["subpoena_view"].get(key).is_some(),
            "missing subpoena_view.{key}"
        );
    }
    assert_eq!(json["subpoena_view"]["as_of"], "2026-11-30T16:00:00-06:00");
    assert_eq!(
        json["subpoena_view"]["first_at"],
        "2026-11-04T18:18:00-06:00"
    );
    assert_eq!(json["subpoena_view"]["ips"], 6);

    let missing = Command::new(env!("CARGO_BIN_EXE_dlens"))
        .args(["scan", "--json", "/nonexistent/page.html"])
        .output()
        .unwrap();
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("cannot read"));

    let bad_time = Command::new(env!("CARGO_BIN_EXE_dlens"))
        .args(["scan", "--now", "yesterday"])
        .arg(format!("{PAGES}/x/access-history-en.html"))
        .output()
        .unwrap();
    assert!(!bad_time.status.success());
    assert!(String::from_utf8_lossy(&bad_time.stderr).contains("RFC 3339"));
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

#[test]
fn the_span_reads_as_a_phrase_with_dates_in_the_readers_words() {
    let spans = [
        (
            "facebook/sessions-es.html",
            "https://www.facebook.com/settings?tab=security",
            "es",
        ),
        (
            "facebook/login-activity-en.html",
            "https://accountscentre.facebook.com/password_and_security/login_activity",
            "en",
        ),
        (
            "x/sessions-en.html",
            "https://x.com/settings/sessions",
            "en",
        ),
        (
            "x/sessions-en.html",
            "https://x.com/settings/sessions",
            "es",
        ),
        (
            "google/devices-en.html",
            "https://myaccount.google.com/device-activity",
            "es",
        ),
        (
            "instagram/login-activity-es.html",
            "https://accountscenter.instagram.com/password_and_security/login_activity/",
            "es",
        ),
        (
            "telegram/sessions-en.html",
            "https://web.telegram.org/a/",
            "es",
        ),
    ]
    .map(|(file, url, lang)| {
        let options = Options {
            language: Some(lang.into()),
            ..Options::default()
        };
        report_with(file, url, options)
            .subpoena_view
            .unwrap()
            .span
            .unwrap_or_default()
    });
    assert_eq!(
        spans,
        [
            "desde el 25 de noviembre de 2025 a las 8:30 hasta ahora",
            "from October 30, 2025 at 1:02 PM to now",
            "from March 3, 2026 to now",
            "desde el 3 de marzo de 2026 hasta ahora",
            "desde el 3 de marzo de 2026 hasta ahora",
            // One moment, alone: opens the value.
            "Ahora",
            // "9:14 PM" on an English page, today, on a Spanish reader's 24-hour clock.
            "desde el 15 de octubre de 2026 hasta hoy a las 21:14",
        ]
    );
    // Without a scan time a date without its year is not pinned: it stays as the page states it.
    let html = std::fs::read_to_string(format!("{PAGES}/facebook/sessions-en.html")).unwrap();
    let snapshot = html::snapshot_from_html(&html, Some("https://www.facebook.com/settings"));
    let view = classify(snapshot, &Options::default())
        .unwrap()
        .subpoena_view
        .unwrap();
    assert_eq!(
        view.span.as_deref(),
        Some("from November 2 at 11:45 AM to now")
    );
}

#[test]
fn the_why_gives_the_review_date_in_the_readers_words() {
    let report = report_with(
        "facebook/sessions-es.html",
        "https://www.facebook.com/settings?tab=security",
        Options {
            language: Some("es".into()),
            ..Options::default()
        },
    );
    let reviewed = &report.findings[0].why.reviewed;
    assert!(
        reviewed.contains(" de 20") && !reviewed.contains('-'),
        "{reviewed}"
    );
}
