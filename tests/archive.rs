//! Reading data exports: each format's counts on synthetic exports that follow the real layouts
//! (`tests/fixtures/archives/make.py`), the same event repeated across files, time zones, and hostile
//! or broken archives. The CLI's exit codes are checked on the built `dlens`.

use std::path::{Path, PathBuf};
use std::process::Command;

use disclosure_lens::archive::{read_folder, read_zip, ArchiveReader, ArchiveReport, Limits};
use disclosure_lens::Options;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/archives")
        .join(name)
}

fn read_with(name: &str, limits: Limits, options: &Options) -> ArchiveReport {
    let bytes = std::fs::read(fixture(name)).unwrap();
    let mut reader = ArchiveReader::new(limits);
    read_zip(std::io::Cursor::new(bytes), &mut reader).unwrap();
    reader.report(options).unwrap()
}

fn read(name: &str) -> ArchiveReport {
    read_with(name, Limits::default(), &Options::default())
}

/// (platform, logins, ips, first, last)
fn counts(report: &ArchiveReport) -> (&str, usize, usize, &str, &str) {
    (
        report.platform.as_str(),
        report.logins,
        report.ips,
        report.first.as_deref().unwrap_or("-"),
        report.last.as_deref().unwrap_or("-"),
    )
}

fn ips(report: &ArchiveReport) -> Vec<&str> {
    let mut ips: Vec<&str> = report.addresses.iter().map(|a| a.ip.as_str()).collect();
    ips.sort_unstable();
    ips
}

fn skipped(report: &ArchiveReport) -> Vec<&str> {
    report.skipped.iter().map(|s| s.path.as_str()).collect()
}

#[test]
fn x_archive_parts_and_sub_second_repeats_count_once() {
    let report = read("x.zip");
    assert_eq!(
        counts(&report),
        ("x", 4, 3, "2021-03-01T10:00:00Z", "2023-06-30T23:59:59Z")
    );
    // 2001:0db8:0000:…:0001 and 2001:db8::1 are one address, written canonically.
    assert_eq!(ips(&report), ["198.51.100.7", "2001:db8::1", "203.0.113.5"]);
    // account.js is read for the sign-up's time; without account-creation-ip.js it adds nothing.
    assert_eq!(
        report.read,
        [
            "data/account.js",
            "data/ip-audit.js",
            "data/ip-audit-part2.js"
        ]
    );
    // The address in a post's text is not a login.
    assert!(skipped(&report).contains(&"data/tweets.js"));
    assert!(report.errors.is_empty(), "{:?}", report.errors);
}

#[test]
fn x_sign_up_joins_the_creation_address_to_the_account_creation_time() {
    let report = read("x-sign-up.zip");
    assert_eq!(
        counts(&report),
        ("x", 2, 2, "2012-05-06T07:08:09Z", "2021-03-01T10:00:00Z")
    );
    assert_eq!(ips(&report), ["198.51.100.23", "203.0.113.5"]);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
}

#[test]
fn instagram_before_2021_one_account_history_with_its_sign_up() {
    let report = read("instagram-2020.zip");
    assert_eq!(
        counts(&report),
        (
            "instagram",
            4,
            3,
            "2015-02-03T04:05:06Z",
            "2020-05-20T23:30:00Z"
        )
    );
    assert_eq!(ips(&report), ["192.0.2.40", "2001:db8::40", "203.0.113.40"]);
    // The password change has a time but no address: context, not counted.
    assert_eq!(report.without_ip, 1);
    assert_eq!(report.read, ["person_20200601/account_history.json"]);
}

#[test]
fn a_meta_export_in_html_says_to_ask_for_json_and_how() {
    let mut reader = ArchiveReader::default();
    read_zip(
        std::fs::File::open(fixture("facebook-html.zip")).unwrap(),
        &mut reader,
    )
    .unwrap();
    let error = reader.report(&Options::default()).unwrap_err();
    assert_eq!(error.code, "unrecognised");
    assert!(error.message.contains("Format: JSON"), "{}", error.message);
    let mut reader = ArchiveReader::default();
    read_zip(
        std::fs::File::open(fixture("facebook-html.zip")).unwrap(),
        &mut reader,
    )
    .unwrap();
    let spanish = Options {
        language: Some("es".into()),
        ..Options::default()
    };
    let error = reader.report(&spanish).unwrap_err();
    assert!(error.message.contains("Formato: JSON"), "{}", error.message);
}

#[test]
fn skipped_and_failed_files_are_worded_in_the_report_language() {
    let spanish = Options {
        language: Some("es".into()),
        ..Options::default()
    };
    let report = read_with("bomb.zip", Limits::default(), &spanish);
    assert!(
        report.errors[0].message.starts_with("dice ocupar 100 MiB"),
        "{:?}",
        report.errors
    );
    assert!(report.errors[1].message.contains("posible bomba zip"));
    let report = read_with("x.zip", Limits::default(), &spanish);
    let reasons: Vec<&str> = report.skipped.iter().map(|s| s.reason.as_str()).collect();
    assert!(
        reasons.contains(&"no es un registro de inicios de sesión, de sesiones ni de accesos"),
        "{reasons:?}"
    );
}

#[test]
fn next_steps_and_figures_come_with_the_findings() {
    let report = read("facebook.zip");
    assert!(!report.next_steps.is_empty());
    assert!(report.next_steps.iter().all(|s| !s.limits.is_empty()));
    assert!(report.logout_note.is_some());
    assert!(report.findings.iter().any(|f| f.figure.is_some()));
    let es = read_with(
        "facebook.zip",
        Limits::default(),
        &Options {
            language: Some("es".into()),
            ..Options::default()
        },
    );
    assert_eq!(es.next_steps.len(), report.next_steps.len());
    assert_ne!(es.next_steps[0].how, report.next_steps[0].how);
}

#[test]
fn facebook_login_repeated_in_four_files_counts_once() {
    let report = read("facebook.zip");
    // One login (activity log, login/logout log, IP log, active session), its logout, the
    // session's last update, and a session update from another address.
    assert_eq!(
        counts(&report),
        (
            "facebook",
            4,
            2,
            "2021-03-01T10:00:00Z",
            "2021-07-01T12:00:00Z"
        )
    );
    assert_eq!(report.without_ip, 1, "the password change has no IP");
    assert_eq!(report.read.len(), 4);
    let top = &report.addresses[0];
    assert_eq!((top.ip.as_str(), top.logins), ("203.0.113.5", 3));
    assert!(top.places.contains(&"Springfield, Oregon, US".to_owned()));
    assert!(skipped(&report).contains(&"messages/inbox/friend_abc123/message_1.json"));
    assert_eq!(
        report
            .by_month
            .iter()
            .map(|m| (m.month.as_str(), m.logins))
            .collect::<Vec<_>>(),
        [("2021-03", 3), ("2021-07", 1)]
    );
}

#[test]
fn each_event_keeps_the_first_file_place_and_device_that_named_it() {
    let bytes = std::fs::read(fixture("facebook.zip")).unwrap();
    let mut reader = ArchiveReader::default();
    read_zip(std::io::Cursor::new(bytes), &mut reader).unwrap();
    let mut events: Vec<_> = reader.events().collect();
    events.sort_by_key(|e| e.instant);
    assert_eq!(events.len(), 4);
    let login = &events[0];
    assert_eq!(login.instant, 1_614_592_800);
    assert_eq!(login.ip.to_string(), "203.0.113.5");
    assert_eq!(
        login.source,
        "security_and_login_information/account_activity.json"
    );
    assert_eq!(login.place.as_deref(), Some("Springfield, Oregon, US"));
    assert_eq!(
        login.device.as_deref(),
        Some("Mozilla/5.0 (X11; Linux x86_64)")
    );
    // The logout is only in the login/logout log, which names no place.
    assert_eq!(
        events[1].source,
        "security_and_login_information/logins_and_logouts.json"
    );
    assert_eq!(events[1].place, None);
}

#[test]
fn places_and_devices_are_counted_per_login_most_frequent_first() {
    for name in ["facebook.zip", "tiktok.zip", "snapchat.zip", "google.zip"] {
        let bytes = std::fs::read(fixture(name)).unwrap();
        let mut reader = ArchiveReader::default();
        read_zip(std::io::Cursor::new(bytes), &mut reader).unwrap();
        let tally = |pick: fn(&disclosure_lens::archive::LoginEvent) -> Option<String>| {
            let mut counts = std::collections::BTreeMap::<String, usize>::new();
            for event in reader.events() {
                if let Some(name) = pick(&event) {
                    *counts.entry(name).or_default() += 1;
                }
            }
            let mut rows: Vec<(String, usize)> = counts.into_iter().collect();
            rows.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            rows
        };
        let report = reader.report(&Options::default()).unwrap();
        let listed = |rows: &[disclosure_lens::archive::NamedCount]| {
            rows.iter()
                .map(|r| (r.name.clone(), r.logins))
                .collect::<Vec<_>>()
        };
        assert_eq!(listed(&report.places), tally(|e| e.place.clone()), "{name}");
        assert_eq!(
            listed(&report.devices),
            tally(|e| e.device.clone()),
            "{name}"
        );
    }
    let facebook = read("facebook.zip");
    assert_eq!(facebook.places.len(), 3, "{:?}", facebook.places);
    assert!(!facebook.devices.is_empty());
}

#[test]
fn instagram_reads_fields_labelled_in_any_language() {
    let report = read("instagram.zip");
    assert_eq!(
        counts(&report),
        (
            "instagram",
            2,
            2,
            "2022-04-15T10:00:00Z",
            "2022-05-01T08:30:00Z"
        )
    );
    assert_eq!(ips(&report), ["192.0.2.10", "2001:db8:abcd::5"]);
}

#[test]
fn google_access_log_by_header_in_both_generations() {
    let report = read("google.zip");
    assert_eq!(
        counts(&report),
        (
            "google",
            3,
            3,
            "2026-10-01T06:59:59Z",
            "2026-10-03T00:00:01Z"
        )
    );
    let madrid = report
        .addresses
        .iter()
        .find(|a| a.ip == "203.0.113.40")
        .unwrap();
    assert_eq!(madrid.places, ["Madrid, Madrid, ES"]);
    // `7:40:10 PM UTC` is 19:40:10Z: twelve hours after the AM row, not the same login.
    let older = read("google-2021.zip");
    assert_eq!(
        counts(&older),
        (
            "google",
            2,
            1,
            "2021-06-15T07:40:10Z",
            "2021-06-15T19:40:10Z"
        )
    );
}

#[test]
fn tiktok_login_history_inside_the_one_big_file() {
    let report = read("tiktok.zip");
    assert_eq!(
        counts(&report),
        (
            "tiktok",
            2,
            2,
            "2023-10-21T09:00:00Z",
            "2023-10-22T16:23:02Z"
        )
    );
}

#[test]
fn snapchat_login_history_with_country() {
    let report = read("snapchat.zip");
    assert_eq!(
        counts(&report),
        (
            "snapchat",
            3,
            3,
            "2024-02-01T12:00:00Z",
            "2024-02-04T01:02:03Z"
        )
    );
    assert!(skipped(&report).contains(&"html/account.html"));
}

#[test]
fn discord_counts_login_events_only_once_across_folders() {
    let report = read("discord.zip");
    // Two `login_successful` and one `new_login_location`; `app_opened` and `channel_opened` carry
    // an IP but are not logins; the reporting folder repeats the analytics one.
    assert_eq!(
        counts(&report),
        (
            "discord",
            3,
            2,
            "2021-01-01T00:00:05Z",
            "2021-02-01T12:00:01Z"
        )
    );
    assert!(skipped(&report).contains(&"account/user.json"));
}

#[test]
fn a_folder_reads_like_its_zip() {
    let mut reader = ArchiveReader::default();
    read_folder(&fixture("facebook-folder"), &mut reader).unwrap();
    let folder = reader.report(&Options::default()).unwrap();
    let zip = read("facebook.zip");
    assert_eq!(counts(&folder), counts(&zip));
    assert_eq!(folder.addresses, zip.addresses);
}

#[test]
fn findings_follow_the_chosen_jurisdiction_and_language() {
    let us = read("facebook.zip");
    let ids: Vec<&str> = us.findings.iter().map(|f| f.id.as_str()).collect();
    assert!(ids.contains(&"facebook.login_ip_log"), "{ids:?}");
    assert!(us
        .findings
        .iter()
        .all(|f| f.processes.iter().all(|p| !p.starts_with("eu_"))));
    let es = read_with(
        "facebook.zip",
        Limits::default(),
        &Options {
            language: Some("es".into()),
            ..Options::default()
        },
    );
    assert_eq!(es.language, "es");
    assert!(es.findings.iter().any(|f| f.text.contains("guarda")));
    let eu = read_with(
        "facebook.zip",
        Limits::default(),
        &Options {
            jurisdiction: Some("EU".into()),
            ..Options::default()
        },
    );
    assert_eq!(eu.jurisdiction, "EU");
    assert_ne!(eu.findings, us.findings);
}

#[test]
fn zip_bombs_are_refused_by_size_and_by_ratio_and_the_rest_is_read() {
    let report = read("bomb.zip");
    let messages: Vec<&str> = report.errors.iter().map(|e| e.message.as_str()).collect();
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert!(
        messages[0].contains("states 100 MiB once decompressed, more than the 64 MiB"),
        "{messages:?}"
    );
    assert!(messages[1].contains("possible zip bomb"), "{messages:?}");
    assert_eq!(counts(&report).1, 2, "the honest file is still read");
}

#[test]
fn a_file_is_read_only_up_to_its_cap_whatever_its_size_claims() {
    // A page hands files over without a stated size: only the bytes actually read count.
    let limits = Limits {
        tree_file_bytes: 100,
        ..Limits::default()
    };
    let mut reader = ArchiveReader::new(limits);
    let padded = format!(
        r#"{{"used_ip_address_v2": [{}{{"ip": "203.0.113.5", "timestamp": 1614592800}}]}}"#,
        " ".repeat(200)
    );
    reader.add_file(
        "security_and_login_information/ip_address_activity.json",
        &mut padded.as_bytes(),
    );
    let report = reader.report(&Options::default()).unwrap();
    assert_eq!(report.logins, 0);
    assert_eq!(report.errors.len(), 1);
    assert!(
        report.errors[0]
            .message
            .starts_with("larger than the 100 bytes this reader reads of one file"),
        "{:?}",
        report.errors
    );
    // The same file under the default cap is read.
    let mut reader = ArchiveReader::default();
    reader.add_file(
        "security_and_login_information/ip_address_activity.json",
        &mut padded.as_bytes(),
    );
    assert_eq!(reader.report(&Options::default()).unwrap().logins, 1);
}

#[test]
fn path_tricks_are_listed_and_never_read() {
    let report = read("traversal.zip");
    assert_eq!(counts(&report).1, 1);
    assert_eq!(
        ips(&report),
        ["203.0.113.5"],
        "192.0.2.66 and .67 sit behind ../ and /"
    );
    let refused: Vec<&str> = report
        .skipped
        .iter()
        .filter(|s| s.reason.contains("refused"))
        .map(|s| s.path.as_str())
        .collect();
    assert_eq!(
        refused,
        [
            "../../data/ip-audit.js",
            "/etc/data/ip-audit.js",
            "data/../../escape.txt"
        ]
    );
}

#[test]
fn malformed_json_is_an_error_for_that_file_only() {
    let report = read("malformed.zip");
    let errors: Vec<(&str, &str)> = report
        .errors
        .iter()
        .map(|e| (e.path.rsplit('/').next().unwrap(), e.message.as_str()))
        .collect();
    assert_eq!(errors.len(), 3, "{errors:?}");
    assert!(errors[0].0 == "account_activity.json" && errors[0].1.contains("malformed JSON"));
    assert!(errors[1].0 == "ip_address_activity.json" && errors[1].1.contains("no list"));
    assert!(errors[2].0 == "where_you're_logged_in.json" && errors[2].1.starts_with("2 records"));
    assert_eq!(counts(&report).1, 2, "logins_and_logouts.json is read");
}

#[test]
fn damaged_data_under_a_sound_directory_is_an_error_for_that_entry() {
    let report = read("damaged.zip");
    assert_eq!(report.errors.len(), 1, "{:?}", report.errors);
    assert_eq!(
        report.errors[0].path,
        "security_and_login_information/account_activity.json"
    );
    // The other three files still give the login, its logout and the session's last update.
    assert_eq!(counts(&report).1, 3);
}

#[test]
fn an_unrecognised_or_broken_archive_is_an_error_not_a_report() {
    let unrecognised = {
        let mut reader = ArchiveReader::default();
        read_zip(
            std::fs::File::open(fixture("unrecognised.zip")).unwrap(),
            &mut reader,
        )
        .unwrap();
        reader.report(&Options::default()).unwrap_err()
    };
    assert_eq!(unrecognised.code, "unrecognised");
    for broken in ["truncated.zip", "not-a-zip.zip"] {
        let mut reader = ArchiveReader::default();
        let error =
            read_zip(std::fs::File::open(fixture(broken)).unwrap(), &mut reader).unwrap_err();
        assert_eq!(error.code, "unreadable", "{broken}");
    }
}

/// Counts the bytes read through it.
struct Counted<R> {
    inner: R,
    read: u64,
}

impl<R: std::io::Read> std::io::Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let read = self.inner.read(buf)?;
        self.read += read as u64;
        Ok(read)
    }
}

impl<R: std::io::Seek> std::io::Seek for Counted<R> {
    fn seek(&mut self, to: std::io::SeekFrom) -> std::io::Result<u64> {
        self.inner.seek(to)
    }
}

/// A file of many end records, each naming a directory that does not read (the fuzzer's, 62,855
/// bytes): the zip crate tries each in turn and reads the directory again each time. Refused as
/// unreadable after a few readings of the file, not one per record.
#[test]
fn a_zip_of_many_end_records_is_refused_after_a_few_readings_of_it() {
    let bytes = std::fs::read(fixture("many-end-records.zip")).unwrap();
    let mut source = Counted {
        inner: std::io::Cursor::new(&bytes),
        read: 0,
    };
    let error = read_zip(&mut source, &mut ArchiveReader::default()).unwrap_err();
    assert_eq!(error.code, "unreadable");
    let few_readings = 3 * bytes.len() as u64 + (1 << 16);
    assert!(
        source.read <= few_readings,
        "{} bytes read from a file of {}",
        source.read,
        bytes.len()
    );
}

fn dlens(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_dlens"))
        .args(args)
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn cli_json_has_the_summary_and_findings() {
    let path = fixture("facebook.zip");
    let (code, stdout, stderr) = dlens(&[
        "archive",
        "--json",
        "--jurisdiction",
        "UK",
        path.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    for key in [
        "platform", "logins", "ips", "first", "last", "skipped", "errors", "findings",
    ] {
        assert!(json.get(key).is_some(), "no {key} in {stdout}");
    }
    assert_eq!(json["platform"], "facebook");
    assert_eq!(json["logins"], 4);
    assert_eq!(json["ips"], 2);
    assert_eq!(json["first"], "2021-03-01T10:00:00Z");
    assert_eq!(json["jurisdiction"], "UK");
}

#[test]
fn cli_says_what_it_read_and_who_can_get_it() {
    let path = fixture("x.zip");
    let (code, stdout, _) = dlens(&["archive", path.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert!(
        stdout.contains("4 distinct login records from 3 IP addresses"),
        "{stdout}"
    );
    assert!(stdout.contains("subpoena"), "{stdout}");
}

#[test]
fn cli_refuses_an_unknown_jurisdiction() {
    let path = fixture("x.zip");
    let (code, _, stderr) = dlens(&["archive", "--jurisdiction", "XX", path.to_str().unwrap()]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("US, EU, UK"), "{stderr}");
}

#[test]
fn cli_exits_2_on_unreadable_truncated_or_unrecognised_archives() {
    for (name, says) in [
        ("truncated.zip", "not a readable zip"),
        ("not-a-zip.zip", "not a readable zip"),
        ("unrecognised.zip", "No login, session or access log"),
        ("missing.zip", "cannot read"),
    ] {
        let path = fixture(name);
        let (code, stdout, stderr) = dlens(&["archive", path.to_str().unwrap()]);
        assert_eq!(code, 2, "{name}: {stdout}");
        assert!(stderr.contains(says), "{name}: {stderr}");
    }
}

/// `dlens … | head`: the reader stops reading; dlens stops writing, quietly, and does not panic.
#[test]
fn cli_stops_quietly_when_its_reader_stops_reading() {
    use std::io::Read;
    use std::process::Stdio;

    // More than a pipe holds (64 KiB here), so that dlens is still writing when the reader goes.
    let mut child = Command::new(env!("CARGO_BIN_EXE_dlens"))
        .args(["kb", "--json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // The read end is dropped here.
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{:?}: {stderr}", output.status);
    assert!(stderr.is_empty(), "{stderr}");
}
