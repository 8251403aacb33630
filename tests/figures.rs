//! The transparency-report figures: the shipped data validates, the validator refuses each pitfall
//! of issue 15, the lookup the findings use answers as documented, and the importers read the
//! official layouts (synthetic files with the real headers) and refuse anything else.

use disclosure_lens::figures::import::{self, Selection};
use disclosure_lens::figures::{
    self, country_for_jurisdiction, embedded, parse_file, validate, Answer, Count, Date,
    FigureFile, Process,
};
use disclosure_lens::html::snapshot_from_html;
use disclosure_lens::report::{FigureKind, FigureNote};
use disclosure_lens::{classify, Options};
use std::path::Path;

fn today() -> Date {
    Date::today_utc()
}

fn date(text: &str) -> Date {
    Date::parse(text).unwrap()
}

#[test]
fn the_shipped_figures_validate_and_stale_platforms_are_reported() {
    let all = embedded(today()).unwrap_or_else(|problems| {
        panic!(
            "{}",
            problems
                .iter()
                .map(|p| p.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        )
    });
    for (platform, end) in all.stale(today()) {
        // Reported, not a failure: an old report is still the platform's latest word.
        eprintln!("stale: {platform}: newest period ended {end}");
    }
    assert!(all.platforms.iter().any(|p| !p.figures.is_empty()));
}

#[test]
fn every_figures_file_is_compiled_in() {
    let mut on_disk: Vec<String> = std::fs::read_dir(Path::new("kb/figures"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let compiled: Vec<String> = embedded(today())
        .unwrap()
        .platforms
        .into_iter()
        .map(|p| p.platform)
        .collect();
    assert_eq!(on_disk, compiled, "build.rs compiles every kb/figures file");
}

#[test]
fn every_covered_platform_exists_in_the_knowledge_base() {
    let kb = disclosure_lens::kb::knowledge_base().unwrap();
    for platform in &embedded(today()).unwrap().platforms {
        for id in &platform.covers {
            assert!(
                kb.platform(id).is_some(),
                "{} covers {id:?}, which is not a knowledge-base platform",
                platform.platform
            );
        }
    }
}

/// A valid file with one row; each test below breaks one thing in it.
const VALID: &str = r#"
platform = "example"
name = "Example"
covers = ["example"]

[[sources]]
id = "report"
title = "Example report"
url = "https://example.com/report.csv"
certainty = "verbatim_copy"
copy = { repository = "someone/archive", commit = "0123456789abcdef0123456789abcdef01234567", path = "raw/report.csv" }
sha256 = "0000000000000000000000000000000000000000000000000000000000000000"
read = "2025-09-01"

[[figures]]
country = "US"
start = "2025-01-01"
end = "2025-06-30"
label = "Subpoenas"
process = "subpoena"
requests = 100
percent = 80
source = "report"
"#;

fn problems_of(text: &str) -> Vec<String> {
    let file: FigureFile = parse_file("example", text)
        .map_err(|p| p.to_string())
        .unwrap();
    match validate("example", &file, date("2026-01-15")) {
        Ok(_) => Vec::new(),
        Err(problems) => problems.into_iter().map(|p| p.message).collect(),
    }
}

fn assert_refused(text: &str, expected: &str) {
    let problems = problems_of(text);
    assert!(
        problems.iter().any(|p| p.contains(expected)),
        "expected a problem containing {expected:?}, got {problems:?}"
    );
}

#[test]
fn the_valid_example_is_valid() {
    assert_eq!(problems_of(VALID), Vec::<String>::new());
}

#[test]
fn percentages_outside_0_to_100_are_refused() {
    assert_refused(
        &VALID.replace("percent = 80", "percent = 101"),
        "not between 0 and 100",
    );
    assert_refused(
        &VALID.replace("percent = 80", "percent = -1"),
        "not between 0 and 100",
    );
}

#[test]
fn bands_are_for_national_security_only_and_low_never_exceeds_high() {
    let band = VALID.replace("requests = 100\npercent = 80", "requests_band = [0, 499]");
    assert_refused(&band, "only national-security requests come as bands");
    let national = band.replace("process = \"subpoena\"\n", "national_security = true\n");
    assert_eq!(problems_of(&national), Vec::<String>::new());
    assert_refused(
        &national.replace("[0, 499]", "[500, 499]"),
        "low must not exceed high",
    );
    let exact = VALID.replace("process = \"subpoena\"\n", "national_security = true\n");
    assert_refused(&exact, "published as bands");
}

#[test]
fn a_band_stays_a_band() {
    let text = VALID
        .replace("requests = 100\npercent = 80", "requests_band = [0, 499]")
        .replace("process = \"subpoena\"\n", "national_security = true\n");
    let file = parse_file("example", &text).unwrap();
    let platform = validate("example", &file, date("2026-01-15")).unwrap();
    assert_eq!(
        platform.figures[0].requests,
        Count::Band { low: 0, high: 499 }
    );
    assert_eq!(platform.figures[0].percent, None);
}

#[test]
fn countries_are_iso_codes_of_the_requesting_state() {
    assert_refused(
        &VALID.replace("country = \"US\"", "country = \"EU\""),
        "per member state",
    );
    assert_refused(
        &VALID.replace("country = \"US\"", "country = \"UK\""),
        "is GB",
    );
    assert_refused(
        &VALID.replace("country = \"US\"", "country = \"EL\""),
        "is GR",
    );
    assert_refused(
        &VALID.replace("country = \"US\"", "country = \"usa\""),
        "ISO 3166-1",
    );
}

#[test]
fn periods_are_calendar_half_years_or_quarters_that_have_ended() {
    assert_refused(
        &VALID.replace("2025-06-30", "2025-06-31"),
        "not a day of the calendar",
    );
    assert_refused(
        &VALID.replace("2025-06-30", "2025-12-31"),
        "neither a calendar half-year",
    );
    assert_refused(
        &VALID.replace("2025-01-01", "2025-02-01"),
        "neither a calendar half-year",
    );
    assert_refused(
        &VALID.replace("2025-01-01", "2025-01-02"),
        "first day of a month",
    );
    let future = VALID
        .replace("2025-01-01", "2026-01-01")
        .replace("2025-06-30", "2026-06-30");
    assert_refused(&future, "has not ended yet");
    let quarter = VALID.replace("2025-06-30", "2025-03-31");
    assert_eq!(problems_of(&quarter), Vec::<String>::new());
}

#[test]
fn every_row_is_sourced_and_every_source_is_traceable() {
    assert_refused(
        &VALID.replace("source = \"report\"", "source = \"elsewhere\""),
        "not listed",
    );
    assert_refused(
        &VALID.replace("https://example.com", "http://example.com"),
        "https",
    );
    let no_copy = VALID.replace(
        "copy = { repository = \"someone/archive\", commit = \"0123456789abcdef0123456789abcdef01234567\", path = \"raw/report.csv\" }\n",
        "",
    );
    assert_refused(&no_copy, "must name its repository, commit and path");
    assert_refused(
        &VALID.replace("0123456789abcdef0123", "0123456789"),
        "40 lowercase hex",
    );
    let no_hash = VALID.replace(
        "sha256 = \"0000000000000000000000000000000000000000000000000000000000000000\"\n",
        "",
    );
    assert_refused(&no_hash, "give the file's sha256");
    assert_eq!(
        problems_of(&no_hash.replace("read = ", "sha256_unavailable = \"why\"\nread = ")),
        Vec::<String>::new()
    );
    let official_without_hash = no_copy.replace("verbatim_copy", "official_file").replace(
        "sha256 = \"0000000000000000000000000000000000000000000000000000000000000000\"\n",
        "sha256_unavailable = \"why\"\n",
    );
    assert_refused(&official_without_hash, "an official file was downloaded");
    assert_eq!(
        problems_of(&no_copy.replace("verbatim_copy", "official_file")),
        Vec::<String>::new()
    );
    assert_refused(
        &VALID.replace("000000000000000000000000", "0"),
        "64 lowercase hex",
    );
    let secondary = no_copy.replace("verbatim_copy", "secondary");
    assert_refused(&secondary, "a secondary source must say");
    assert_refused(
        &VALID.replace("read = \"2025-09-01\"", "read = \"2027-01-01\""),
        "in the future",
    );
}

#[test]
fn totals_and_repeated_rows_are_refused() {
    assert_refused(
        &VALID.replace("label = \"Subpoenas\"", "label = \"Total requests\""),
        "aggregate",
    );
    assert_refused(
        &VALID.replace("label = \"Subpoenas\"", "label = \"All\""),
        "aggregate",
    );
    let row = &VALID[VALID.find("[[figures]]").unwrap()..];
    assert_refused(&format!("{VALID}{row}"), "appear twice");
}

#[test]
fn preservation_is_never_a_disclosure() {
    let preservation = VALID.replace("process = \"subpoena\"", "process = \"preservation\"");
    assert_refused(&preservation, "preservation only freezes a copy");
    assert_refused(
        &preservation.replace("percent = 80", "produced = 10"),
        "preservation only freezes a copy",
    );
    assert_eq!(
        problems_of(&preservation.replace("percent = 80\n", "")),
        Vec::<String>::new()
    );
}

#[test]
fn a_share_from_counts_is_computed_and_marked_derived_and_nothing_else_is() {
    let file = parse_file("example", VALID).unwrap();
    let published = validate("example", &file, date("2026-01-15")).unwrap();
    assert!(!published.figures[0].derived);

    let counts = VALID.replace(
        "requests = 100\npercent = 80",
        "requests = 2065\nproduced = 1609",
    );
    let file = parse_file("example", &counts).unwrap();
    let derived = validate("example", &file, date("2026-01-15")).unwrap();
    assert!(derived.figures[0].derived);
    assert_eq!(derived.figures[0].percent, Some(77.9));

    assert_refused(
        &VALID.replace("percent = 80", "percent = 80\nproduced = 80"),
        "not both",
    );
    assert_refused(
        &VALID.replace("percent = 80", "produced = 101"),
        "produced <= requests",
    );
}

#[test]
fn a_platform_without_figures_must_say_why() {
    let empty = &VALID[..VALID.find("[[figures]]").unwrap()];
    assert_refused(empty, "must say why");
    assert_eq!(
        problems_of(&empty.replace("covers", "unverified = \"no file could be read\"\ncovers")),
        Vec::<String>::new()
    );
    assert_refused(
        &VALID.replace("covers", "unverified = \"x\"\ncovers"),
        "say what is missing",
    );
}

#[test]
fn unknown_keys_are_refused() {
    assert!(parse_file("example", &VALID.replace("percent = 80", "percentage = 80")).is_err());
}

#[test]
fn staleness_is_eighteen_months_after_the_newest_period() {
    let file = parse_file("example", VALID).unwrap();
    let platform = validate("example", &file, date("2026-01-15")).unwrap();
    assert!(!platform.is_stale(date("2026-12-30")));
    assert!(platform.is_stale(date("2027-01-01")));
}

#[test]
fn jurisdictions_map_to_requesting_countries() {
    assert_eq!(country_for_jurisdiction("US", None).as_deref(), Some("US"));
    assert_eq!(country_for_jurisdiction("UK", None).as_deref(), Some("GB"));
    assert_eq!(
        country_for_jurisdiction("EU", Some("DE")).as_deref(),
        Some("DE")
    );
    assert_eq!(country_for_jurisdiction("EU", None), None);
    assert_eq!(country_for_jurisdiction("EU", Some("GB")), None);
}

#[test]
fn dates_follow_the_calendar() {
    assert!(Date::parse("2024-02-29").is_ok());
    assert!(Date::parse("2025-02-29").is_err());
    assert!(Date::parse("2025-1-01").is_err());
    assert_eq!(date("2026-08-31").months_before(6), date("2026-02-28"));
    assert_eq!(date("2026-12-03").months_before(18), date("2025-06-03"));
    assert_eq!(Date::from_days_since_epoch(0), date("1970-01-01"));
    assert_eq!(Date::from_days_since_epoch(19_782), date("2024-02-29"));
}

// --- The lookup the findings call -------------------------------------------------------------

fn shipped() -> figures::Figures {
    embedded(today()).unwrap()
}

#[test]
fn a_platform_that_splits_by_process_answers_with_that_process_latest_first() {
    let Answer::ByProcess { figures, .. } =
        shipped().figure_for("google", "US", Some(Process::Subpoena))
    else {
        panic!("Google splits US requests by process");
    };
    assert_eq!(figures.len(), 2);
    assert!(figures[0].period > figures[1].period);
    assert!(figures.iter().all(|f| f.process == Some(Process::Subpoena)));
    assert_eq!(figures[0].requests, Count::Exact(28_622));
    assert_eq!(figures[0].percent, Some(89.0));
    // YouTube is in Google's report.
    assert!(matches!(
        shipped().figure_for("youtube", "US", Some(Process::Warrant)),
        Answer::ByProcess { .. }
    ));
}

#[test]
fn a_platform_that_does_not_split_answers_with_its_own_categories_never_preservation() {
    let Answer::PlatformCategories { figures, .. } =
        shipped().figure_for("tiktok", "US", Some(Process::Subpoena))
    else {
        panic!("TikTok does not split US legal requests by process");
    };
    assert!(!figures.is_empty());
    assert!(figures
        .iter()
        .all(|f| f.label == "Legal requests" && f.process.is_none()));

    let Answer::PlatformCategories { figures, .. } =
        shipped().figure_for("google", "DE", Some(Process::Subpoena))
    else {
        panic!("Google reports German legal process as one category");
    };
    assert!(figures.iter().all(|f| f.label == "Other Legal Requests"));

    assert!(matches!(
        shipped().figure_for("tiktok", "DE", Some(Process::Preservation)),
        Answer::ByProcess { ref figures, .. } if figures.iter().all(|f| f.percent.is_none())
    ));
}

#[test]
fn no_figure_always_comes_with_a_reason() {
    for (platform, country) in [("apple", "US"), ("google", "ZZ"), ("bluesky", "US")] {
        match shipped().figure_for(platform, country, Some(Process::Subpoena)) {
            Answer::NoFigure { .. } => {}
            other => panic!("{platform} {country}: {other:?}"),
        }
    }
}

// --- Importers --------------------------------------------------------------------------------

fn fixture(name: &str) -> String {
    std::fs::read_to_string(Path::new("tests/fixtures/figures").join(name)).unwrap()
}

fn select<'a>(countries: &'a [String], ends: &'a [Date]) -> Selection<'a> {
    Selection {
        source: "report",
        countries,
        period_ends: ends,
    }
}

fn codes(list: &[&str]) -> Vec<String> {
    list.iter().map(|c| c.to_string()).collect()
}

/// Importer output is a valid figures file once its source is listed.
fn validates(rows: &[figures::FigureRow]) {
    let text =
        VALID[..VALID.find("[[figures]]").unwrap()].to_string() + &import::to_toml(rows).unwrap();
    assert_eq!(problems_of(&text), Vec::<String>::new(), "{text}");
}

#[test]
fn google_import_reads_the_official_layout() {
    let countries = codes(&["US", "DE", "GB"]);
    let rows = import::google(&fixture("google.csv"), &select(&countries, &[])).unwrap();
    assert_eq!(rows.len(), 8, "Spain was not asked for");
    let subpoena = rows
        .iter()
        .find(|r| r.label == "Subpoenas" && r.end == "2025-06-30")
        .unwrap();
    assert_eq!(
        (
            subpoena.process,
            subpoena.requests,
            subpoena.percent,
            subpoena.start.as_str()
        ),
        (
            Some(Process::Subpoena),
            Some(1100),
            Some(89.0),
            "2025-01-01"
        )
    );
    let german = rows
        .iter()
        .find(|r| r.label == "Other Legal Requests")
        .unwrap();
    assert_eq!(german.process, None);
    let preservation = rows
        .iter()
        .find(|r| r.label == "Preservation Requests")
        .unwrap();
    assert_eq!(preservation.percent, None);
    let zero = rows.iter().find(|r| r.requests == Some(0)).unwrap();
    assert_eq!(zero.percent, None, "no share of zero requests");
    validates(&rows);

    let only_latest = import::google(
        &fixture("google.csv"),
        &select(&countries, &[date("2025-06-30")]),
    );
    assert_eq!(only_latest.unwrap().len(), 2);
}

#[test]
fn google_import_refuses_what_it_does_not_know() {
    let countries = codes(&["US"]);
    let text = fixture("google.csv");
    let header = import::google(
        &text.replace("Percentage disclosed", "Share"),
        &select(&countries, &[]),
    );
    assert!(header.unwrap_err().contains("unexpected header"));
    let process = import::google(
        &text.replace("US,Subpoenas", "US,Administrative Subpoenas"),
        &select(&countries, &[]),
    );
    assert!(process.unwrap_err().contains("not one this importer knows"));
    let all = import::google(
        &text.replace("US,Subpoenas", "US,All"),
        &select(&countries, &[]),
    );
    assert!(all.is_err());
    let preserved = import::google(
        &text.replace(
            "Preservation Requests,300,,",
            "Preservation Requests,300,50,",
        ),
        &select(&countries, &[]),
    );
    assert!(preserved
        .unwrap_err()
        .contains("preservation line with a percentage"));
    let period = import::google(
        &text.replace("2025-06-30,United States", "2025-05-31,United States"),
        &select(&countries, &[]),
    );
    assert!(period.unwrap_err().contains("does not end a half-year"));
}

#[test]
fn tiktok_import_reads_the_official_layout() {
    let countries = codes(&["FR", "US"]);
    let rows = import::tiktok(&fixture("tiktok.csv"), &select(&countries, &[])).unwrap();
    let legal = rows
        .iter()
        .find(|r| r.country == "FR" && r.label == "Legal requests")
        .unwrap();
    assert_eq!(
        (legal.requests, legal.percent, legal.process),
        (Some(20), Some(65.0), None)
    );
    let emergency = rows
        .iter()
        .find(|r| r.label == "Emergency requests")
        .unwrap();
    assert_eq!(emergency.percent, Some(83.3333333));
    assert_eq!(emergency.process, Some(Process::Emergency));
    let preservation = rows
        .iter()
        .find(|r| r.label == "Preservation requests")
        .unwrap();
    assert_eq!(
        (preservation.requests, preservation.percent),
        (Some(4), None)
    );
    assert!(rows.iter().all(|r| !r.label.starts_with("Total")));
    let us = rows.iter().find(|r| r.country == "US").unwrap();
    assert_eq!(
        (us.requests, us.percent, us.start.as_str()),
        (Some(0), None, "2025-01-01")
    );
    assert_eq!(rows.len(), 4);
    validates(&rows);
}

#[test]
fn tiktok_import_refuses_what_it_does_not_know() {
    let countries = codes(&["FR"]);
    let text = fixture("tiktok.csv");
    let metric = import::tiktok(
        &text.replace("Emergency requests,half", "Urgent requests,half"),
        &select(&countries, &[]),
    );
    assert!(metric.unwrap_err().contains("not one this importer knows"));
    let period = import::tiktok(
        &text.replace("Jul-Dec 2025", "Q3 2025"),
        &select(&countries, &[]),
    );
    assert!(period.unwrap_err().contains("is not \"Jan-Jun YYYY\""));
    let share = import::tiktok(&text.replace(",0.65,", ",65,"), &select(&countries, &[]));
    assert!(share
        .unwrap_err()
        .contains("not a fraction between 0 and 1"));
    let header = import::tiktok(
        &text.replacen("replication_info,", "", 1),
        &select(&countries, &[]),
    );
    assert!(header.unwrap_err().contains("unexpected header"));
    let twice = format!("{text},LIGR,LRFUI,Legal requests,half-year,Jul-Dec 2025,all,all,all,all,country_name,France,21.0,,\n");
    assert!(import::tiktok(&twice, &select(&countries, &[]))
        .unwrap_err()
        .contains("appears twice"));
}

#[test]
fn discord_import_reads_the_official_layout() {
    let countries = codes(&["US", "DE", "GB"]);
    let rows = import::discord(&fixture("discord.csv"), &select(&countries, &[])).unwrap();
    let subpoenas = rows.iter().find(|r| r.label == "Subpoenas").unwrap();
    assert_eq!(
        (
            subpoenas.country.as_str(),
            subpoenas.requests,
            subpoenas.produced,
            subpoenas.percent
        ),
        ("US", Some(2000), Some(1500), None)
    );
    assert_eq!(
        (subpoenas.start.as_str(), subpoenas.end.as_str()),
        ("2024-01-01", "2024-06-30")
    );
    let german = rows
        .iter()
        .find(|r| r.country == "DE" && r.process.is_none())
        .unwrap();
    assert_eq!((german.requests, german.produced), (Some(50), Some(0)));
    // "Complied" is never read as data produced.
    for row in rows
        .iter()
        .filter(|r| matches!(r.process, Some(Process::Preservation | Process::Emergency)))
    {
        assert_eq!((row.produced, row.percent), (None, None));
    }
    assert_eq!(rows.len(), 9);
    validates(&rows);
}

#[test]
fn discord_import_refuses_what_it_does_not_know() {
    let text = fixture("discord.csv");
    let us = codes(&["US"]);
    let kind = import::discord(
        &text.replace("Court Orders,10", "Letters,10"),
        &select(&us, &[]),
    );
    assert!(kind.unwrap_err().contains("not one this importer knows"));
    let header = import::discord(
        &text.replace(
            "Request Type,Requests,Information Produced",
            "Request Type,Received,Produced",
        ),
        &select(&us, &[]),
    );
    assert!(header.unwrap_err().contains("has header"));
    let missing = import::discord(
        &text.replace("US Gov Info Requests", "Something Else"),
        &select(&us, &[]),
    );
    assert!(missing
        .unwrap_err()
        .contains("no \"US Gov Info Requests\" table"));
    let title = import::discord(
        &text.replace("January-June 2024", "H1 2024"),
        &select(&us, &[]),
    );
    assert!(title.unwrap_err().contains("does not name a period"));
    let twice = text.replace("Germany,50,0", "United Kingdom,50,0");
    assert!(import::discord(&twice, &select(&codes(&["GB"]), &[]))
        .unwrap_err()
        .contains("appears twice"));
    // A repeated country nobody asked for (the real file repeats Norway) is a warning only.
    assert!(import::discord(&text, &select(&us, &[])).is_ok());
}

#[test]
fn csv_fields_may_be_quoted() {
    let records = import::parse_csv("\u{feff}a,\"1,586\",\"say \"\"hi\"\"\"\r\nb,,\n").unwrap();
    assert_eq!(
        records,
        vec![vec!["a", "1,586", "say \"hi\""], vec!["b", "", ""]]
    );
    assert!(import::parse_csv("a,\"open").is_err());
}

#[test]
fn snap_import_reads_the_official_layout() {
    let countries = codes(&["US", "FR", "GB"]);
    let rows = import::snap(&fixture("snap.csv"), &select(&countries, &[])).unwrap();
    let subpoena = rows.iter().find(|r| r.label == "Subpoena/Summons").unwrap();
    assert_eq!(
        (
            subpoena.process,
            subpoena.requests,
            subpoena.percent,
            subpoena.start.as_str()
        ),
        (Some(Process::Subpoena), Some(100), Some(80.0), "2025-07-01")
    );
    let prtt = rows.iter().find(|r| r.label == "PRTT").unwrap();
    assert_eq!(
        (prtt.requests, prtt.percent),
        (Some(0), None),
        "no share of zero requests"
    );
    let other = rows
        .iter()
        .find(|r| r.label == "Other information requests")
        .unwrap();
    assert_eq!(
        (other.country.as_str(), other.process, other.percent),
        ("FR", None, Some(68.0))
    );
    let national = rows.iter().find(|r| r.national_security).unwrap();
    assert_eq!(
        (national.requests, national.requests_band),
        (None, Some([0, 249]))
    );
    assert!(
        rows.iter().all(|r| r.country != "GB"),
        "bilateral bands are not imported"
    );
    assert_eq!(rows.len(), 5);
    validates(&rows);
}

#[test]
fn snap_import_refuses_what_it_does_not_know() {
    let countries = codes(&["US", "FR"]);
    let text = fixture("snap.csv");
    let kind = import::snap(
        &text.replace("Subpoena/Summons", "Letter"),
        &select(&countries, &[]),
    );
    assert!(kind.unwrap_err().contains("not one this importer knows"));
    let metric = import::snap(
        &text.replace("other_information_requests,70", "police_requests,70"),
        &select(&countries, &[]),
    );
    assert!(metric.unwrap_err().contains("not one this importer knows"));
    let period = import::snap(
        &text.replace("2025-H2,United", "2025-Q3,United"),
        &select(&countries, &[]),
    );
    assert!(period.unwrap_err().contains("is not YYYY-H1 or YYYY-H2"));
    let header = import::snap(
        &text.replacen("period,", "half,", 1),
        &select(&countries, &[]),
    );
    assert!(header.unwrap_err().contains("unexpected header"));
    let missing = import::snap(
        &text.replace("International Government", "Foreign Government"),
        &select(&countries, &[]),
    );
    assert!(missing.unwrap_err().contains("layout changed"));
}

#[test]
fn snap_import_refuses_shares_in_another_unit() {
    // Snap's 2025-H1 file writes 0.01 where its 2025-H2 file writes 0.68.
    let text = fixture("snap.csv")
        .replace(",0.8\n", ",0.01\n")
        .replace(",0.55\n", ",0.01\n")
        .replace(",0.68\n", ",0.01\n");
    let error = import::snap(&text, &select(&codes(&["US"]), &[])).unwrap_err();
    assert!(error.contains("not fractions of 1"), "{error}");
}

// --- Beside the warnings (classify::figure) ---------------------------------------------------

fn scan(page: &str, options: Options) -> disclosure_lens::Report {
    let html = std::fs::read_to_string(format!("tests/fixtures/pages/{page}")).unwrap();
    classify(snapshot_from_html(&html, None), &options).unwrap()
}

/// Apple's ZIP, synthetic: the three CSVs the importer reads, with the layout's column names
/// (`account` and `emergency` are the account and emergency lines after the header), plus a
/// macOS resource fork of the same name, which must be skipped.
fn apple_zip(files: &[(&str, &str)]) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, text) in files {
        zip.start_file(*name, stored).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

const APPLE_ACCOUNT: &str = "TR Period,Country/Region,Account Requests Received,Accounts Specified in Requests,Requests Challenged in Part or Rejected in Full,Requests where Only Non-Content Data Provided,Requests where Content Provided,Percentage of Requests where Data Provided\n\
2025 H1,United States,\"5,123\",\"21,000\",300,\"2,000\",\"1,500\",68%\n\
2025 H1,Germany,412,900,40,250,0,61%\n\
2024 H2,United States,\"4,900\",\"19,000\",280,\"1,900\",\"1,400\",70%\n\
2024 H2,Germany,0,0,0,0,0,0%\n\
2025 H1,Spain,10,10,0,5,0,50%\n";
const APPLE_EMERGENCY: &str = "TR Period,Country/Region,Emergency Requests Received,Requests Rejected/Challenged and No Data Provided,Requests where No Data Provided,Requests where Data Provided,Percentage of Requests where Data Provided\n\
2025 H1,United States,700,20,60,620,89%\n\
2025 H1,Germany,90,5,10,75,83%\n";
const APPLE_PRESERVATION: &str = "TR Date,Country/Region,Account Preservation Requests Received,Accounts Specified in Requests,Accounts where Data Preserved\n\
2025 H1,United States,\"1,200\",\"2,600\",\"2,100\"\n\
2025 H1,Germany,30,45,40\n";

fn apple_files(account: &str) -> Vec<u8> {
    apple_zip(&[
        ("Apple_Transparency_Report/account_requests.csv", account),
        (
            "__MACOSX/Apple_Transparency_Report/._account_requests.csv",
            "not a CSV",
        ),
        (
            "Apple_Transparency_Report/emergency_requests.csv",
            APPLE_EMERGENCY,
        ),
        (
            "Apple_Transparency_Report/account_preservation_requests.csv",
            APPLE_PRESERVATION,
        ),
    ])
}

#[test]
fn apple_import_reads_the_zip_of_csvs() {
    let countries = codes(&["US", "DE"]);
    let bytes = apple_files(APPLE_ACCOUNT);
    let rows = import::import("apple", &bytes, &select(&countries, &[])).unwrap();
    assert_eq!(rows.len(), 8, "Spain was not asked for: {rows:?}");
    let account = rows
        .iter()
        .find(|r| r.country == "US" && r.label == "Account Requests" && r.end == "2025-06-30")
        .unwrap();
    assert_eq!(
        (
            account.process,
            account.requests,
            account.percent,
            account.start.as_str()
        ),
        (None, Some(5123), Some(68.0), "2025-01-01"),
        "Apple's account requests mix processes: its own category, no process"
    );
    let none = rows
        .iter()
        .find(|r| r.country == "DE" && r.end == "2024-12-31")
        .unwrap();
    assert_eq!(
        (none.requests, none.percent),
        (Some(0), None),
        "no share of nothing"
    );
    let emergency = rows
        .iter()
        .find(|r| r.label == "Emergency Requests" && r.country == "DE")
        .unwrap();
    assert_eq!(
        (emergency.process, emergency.percent),
        (Some(Process::Emergency), Some(83.0))
    );
    let preserved = rows
        .iter()
        .find(|r| r.process == Some(Process::Preservation) && r.country == "US")
        .unwrap();
    assert_eq!(
        (preserved.requests, preserved.percent, preserved.produced),
        (Some(1200), None, None)
    );
    validates(&rows);
    let latest = import::apple(&bytes, &select(&countries, &[date("2025-06-30")])).unwrap();
    assert_eq!(latest.len(), 6);
}

#[test]
fn apple_import_refuses_what_it_does_not_know() {
    let countries = codes(&["US"]);
    let refused = |bytes: &[u8], why: &str| {
        let error = import::apple(bytes, &select(&countries, &[])).unwrap_err();
        assert!(error.contains(why), "{error}");
    };
    refused(b"not a zip", "not a readable ZIP");
    refused(
        &apple_zip(&[
            ("account_requests.csv", APPLE_ACCOUNT),
            ("emergency_requests.csv", APPLE_EMERGENCY),
        ]),
        "no account_preservation_requests.csv",
    );
    refused(
        &apple_files(&APPLE_ACCOUNT.replace(
            ",Requests where Content Provided",
            ",Requests where Content Provided,Requests where No Data Provided",
        )),
        "unexpected header",
    );
    refused(
        &apple_files(&APPLE_ACCOUNT.replace("2025 H1,United", "2025 Q1,United")),
        "is not a half-year",
    );
    refused(
        &apple_files(&APPLE_ACCOUNT.replace(",68%", ",0.68")),
        "is not a percent",
    );
    refused(
        &apple_files(&APPLE_ACCOUNT.replace(",68%", ",168%")),
        "between 0 and 100",
    );
    refused(
        &apple_files(&APPLE_ACCOUNT.replace("2024 H2,United States", "2025 H1,United States")),
        "a second line for US",
    );
    // Capitalisation and spacing of the column names are not known from the file itself.
    let lower =
        APPLE_ACCOUNT.replacen("Account Requests Received", "account  requests received", 1);
    assert!(import::apple(&apple_files(&lower), &select(&countries, &[])).is_ok());
    let unnamed = codes(&["US", "IE"]);
    let error = import::apple(&apple_files(APPLE_ACCOUNT), &select(&unnamed, &[])).unwrap_err();
    assert!(error.contains("no line for IE"), "{error}");
}

fn figure_of(report: &disclosure_lens::Report, finding: &str) -> FigureNote {
    let finding = report
        .findings
        .iter()
        .find(|f| f.id == finding)
        .unwrap_or_else(|| panic!("no finding {finding}"));
    finding
        .figure
        .clone()
        .expect("a finding that names a process carries a figure")
}

fn options(lang: &str, jurisdiction: &str, member_state: Option<&str>) -> Options {
    Options {
        language: Some(lang.into()),
        jurisdiction: Some(jurisdiction.into()),
        member_state: member_state.map(Into::into),
        ..Options::default()
    }
}

#[test]
fn a_process_the_platform_counts_apart_shows_its_own_row_and_the_period_before() {
    let en = figure_of(
        &scan("google/devices-en.html", options("en", "US", None)),
        "google.login_ip_log",
    );
    assert_eq!(en.kind, FigureKind::ByProcess);
    assert_eq!(
        en.text,
        "In January–June 2025, authorities in the United States sent Google 28,622 requests that it counts as “Subpoenas”; Google produced some data for 89% of them."
    );
    assert!(en
        .previous
        .as_deref()
        .unwrap()
        .contains("July–December 2024"));
    let meaning = en.meaning.unwrap();
    assert!(
        meaning.contains("not of people") && meaning.contains("immigration"),
        "{meaning}"
    );
    let source = en.source.unwrap();
    assert_eq!(
        source.url,
        "https://storage.googleapis.com/transparencyreport/google-user-data-requests.zip"
    );
    assert!(en.source_text.unwrap().contains("read December 3, 2026"));

    let es = figure_of(
        &scan("google/devices-es.html", options("es", "US", None)),
        "google.login_ip_log",
    );
    assert_eq!(
        es.text,
        "De enero a junio de 2025, las autoridades de Estados Unidos enviaron a Google 28,622 solicitudes que clasifica como «Subpoenas»; Google entregó algunos datos en el 89% de ellas."
    );
    assert!(es
        .previous
        .unwrap()
        .starts_with("Periodo anterior: de julio a diciembre de 2024"));
    assert!(es
        .source_text
        .unwrap()
        .contains("leída el 3 de diciembre de 2026"));
}

#[test]
fn a_platform_without_the_split_shows_its_own_category_named_as_such_never_a_sum() {
    let note = figure_of(
        &scan("tiktok/devices-en.html", options("en", "US", None)),
        "tiktok.login_ip_log",
    );
    assert_eq!(note.kind, FigureKind::PlatformCategory);
    assert!(note.text.starts_with("TikTok does not count “Subpoena” requests from authorities in the United States separately; this is its own category"), "{}", note.text);
    assert!(
        note.text
            .contains("4,586 requests that it counts as “Legal requests”"),
        "{}",
        note.text
    );
    // Emergency (1,019) and preservation (3,367) are other types: never in it, never added to it.
    for other in ["Emergency", "Preservation", "5,605", "7,953", "8,972"] {
        assert!(!note.text.contains(other), "{other} in {}", note.text);
    }
}

#[test]
fn no_figure_is_said_with_its_reason() {
    let note = figure_of(
        &scan("facebook/dyi-en.html", options("en", "US", None)),
        "facebook.stored_content",
    );
    assert_eq!(note.kind, FigureKind::NoFigure);
    assert!(note.text.contains("could not be verified"), "{}", note.text);
    assert!(note.meaning.unwrap().starts_with("Why: No copy of Meta's"));
}

#[test]
fn the_eu_needs_a_member_state_and_then_shows_its_authorities() {
    let none = figure_of(
        &scan("google/devices-en.html", options("en", "EU", None)),
        "google.login_ip_log",
    );
    assert_eq!(none.kind, FigureKind::NoFigure);
    assert!(
        none.text.contains("per country")
            && none.text.contains("choose your EU country in the options"),
        "{}",
        none.text
    );
    let es = figure_of(
        &scan("google/devices-es.html", options("es", "EU", None)),
        "google.login_ip_log",
    );
    assert!(
        es.text.starts_with("Las cifras se publican por país"),
        "{}",
        es.text
    );

    let germany = figure_of(
        &scan("google/devices-en.html", options("en", "EU", Some("DE"))),
        "google.login_ip_log",
    );
    assert_eq!(germany.kind, FigureKind::PlatformCategory);
    assert!(
        germany.text.contains("authorities in Germany sent Google"),
        "{}",
        germany.text
    );
    assert!(
        germany.text.contains("“Other Legal Requests”"),
        "{}",
        germany.text
    );
    assert!(germany.meaning.unwrap().contains("cross-border"));
}

#[test]
fn the_printable_report_gets_each_types_latest_periods_and_every_eu_country_it_can_choose() {
    let kb = disclosure_lens::kb::knowledge_base().unwrap();
    let pages = serde_json::to_value(disclosure_lens::kb::for_pages(kb)).unwrap();
    let google = pages["platforms"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "google")
        .unwrap();
    let tables = google["figures"].as_array().unwrap();
    let us = tables.iter().find(|t| t["country"] == "US").unwrap();
    let subpoenas: Vec<&str> = us["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["label"] == "Subpoenas")
        .map(|r| r["requests"].as_str().unwrap())
        .collect();
    assert_eq!(
        subpoenas,
        ["28,622", "24,814"],
        "both periods, newest first"
    );
    let preservation = us["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["label"] == "Preservation Requests")
        .unwrap();
    assert_eq!(
        preservation["share"]["en"],
        "none: preserving is not a disclosure"
    );
    let eu = tables
        .iter()
        .find(|t| t["jurisdiction"] == "EU" && t["country"] == "")
        .unwrap();
    assert!(eu["none"]["en"].as_str().unwrap().contains("Germany"));
    assert!(tables
        .iter()
        .any(|t| t["jurisdiction"] == "EU" && t["country"] == "DE"));
}
