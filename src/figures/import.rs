//! Importers: read a platform's official file layout and print `[[figures]]` rows for
//! `kb/figures/<platform>.toml`. Each checks the exact header it was written against and stops with
//! an error naming the line on anything it does not know (a new column, a new request type, a
//! period it cannot place), because a silently misread layout would put wrong numbers beside a
//! warning. They copy numbers; the only conversions are the ones each function documents.
//!
//! Run with `dlens figures import <format> <file> --source ID --country CC ...`; the rows go to
//! standard output, for a reviewer to paste under the source they were read from.

use super::{Date, FigureRow, Process};

mod apple;
pub use apple::apple;

/// The formats an importer exists for.
pub const FORMATS: [&str; 5] = ["google", "tiktok", "discord", "snap", "apple"];

/// What to import: which source id to cite, which requesting countries, which periods (by their
/// last day; empty means every period in the file).
pub struct Selection<'a> {
    pub source: &'a str,
    pub countries: &'a [String],
    pub period_ends: &'a [Date],
}

impl Selection<'_> {
    fn wants(&self, country: &str, end: Date) -> bool {
        self.countries.iter().any(|c| c == country)
            && (self.period_ends.is_empty() || self.period_ends.contains(&end))
    }
}

/// Imports `bytes` (the file's contents) in `format`: a ZIP for Apple, UTF-8 CSV text otherwise.
pub fn import(format: &str, bytes: &[u8], selection: &Selection) -> Result<Vec<FigureRow>, String> {
    if format == "apple" {
        return apple(bytes, selection);
    }
    let text = std::str::from_utf8(bytes).map_err(|e| format!("not UTF-8 text: {e}"))?;
    match format {
        "google" => google(text, selection),
        "tiktok" => tiktok(text, selection),
        "discord" => discord(text, selection),
        "snap" => snap(text, selection),
        other => Err(format!(
            "no importer for {other:?}; known formats: {}",
            FORMATS.join(", ")
        )),
    }
}

/// The rows as TOML `[[figures]]` tables.
pub fn to_toml(rows: &[FigureRow]) -> Result<String, String> {
    #[derive(serde::Serialize)]
    struct Rows<'a> {
        figures: &'a [FigureRow],
    }
    toml::to_string(&Rows { figures: rows }).map_err(|e| e.to_string())
}

/// Splits CSV text into records (RFC 4180: quoted fields may hold commas, doubled quotes and line
/// breaks). A byte-order mark and a trailing newline are accepted; an unterminated quote is not.
pub fn parse_csv(text: &str) -> Result<Vec<Vec<String>>, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => record.push(std::mem::take(&mut field)),
            (false, '\r') if chars.peek() == Some(&'\n') => {}
            (false, '\n') => {
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            (false, c) => field.push(c),
        }
    }
    if quoted {
        return Err("the file ends inside a quoted field".into());
    }
    if !field.is_empty() || !record.is_empty() {
        record.push(field);
        records.push(record);
    }
    Ok(records)
}

fn expect_header(found: Option<&Vec<String>>, expected: &[&str], what: &str) -> Result<(), String> {
    let found = found.ok_or_else(|| format!("{what}: the file is empty"))?;
    if found
        .iter()
        .map(String::as_str)
        .ne(expected.iter().copied())
    {
        return Err(format!(
            "{what}: unexpected header\n  found:    {}\n  expected: {}\nthe layout changed: read the new file and update the importer",
            found.join(","),
            expected.join(",")
        ));
    }
    Ok(())
}

/// A count as printed: digits, possibly with thousands separators ("1,586").
fn count(cell: &str, at: &str) -> Result<u64, String> {
    let digits: String = cell.trim().chars().filter(|c| *c != ',').collect();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("{at}: {cell:?} is not a count"));
    }
    digits
        .parse()
        .map_err(|_| format!("{at}: {cell:?} is too large"))
}

/// A count written with a decimal point but no fraction ("4586.0", TikTok).
fn whole(cell: &str, at: &str) -> Result<u64, String> {
    count(cell.strip_suffix(".0").unwrap_or(cell), at)
}

/// A percent as printed, 0-100.
fn percent(cell: &str, at: &str) -> Result<f64, String> {
    match cell.trim().parse::<f64>() {
        Ok(p) if (0.0..=100.0).contains(&p) => Ok(p),
        _ => Err(format!("{at}: {cell:?} is not a percent between 0 and 100")),
    }
}

/// A share written as a fraction 0-1 ("0.5811"), as a percent: the decimal point moves two places
/// in the text itself, so no rounding happens ("0.5811" -> 58.11).
fn fraction_as_percent(cell: &str, at: &str) -> Result<f64, String> {
    let bad = || format!("{at}: {cell:?} is not a fraction between 0 and 1");
    let (int, frac) = cell.trim().split_once('.').unwrap_or((cell.trim(), ""));
    if int.is_empty()
        || !int.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(bad());
    }
    let frac = format!("{frac:0<2}");
    let shifted = format!("{int}{}.{}", &frac[..2], &frac[2..]);
    let value: f64 = shifted.trim_end_matches('.').parse().map_err(|_| bad())?;
    if (0.0..=100.0).contains(&value) {
        Ok(value)
    } else {
        Err(bad())
    }
}

/// The half-year ending on `end` (30 June or 31 December).
fn half_year_ending(end: Date, at: &str) -> Result<Date, String> {
    match (end.month, end.day) {
        (6, 30) => Ok(Date {
            year: end.year,
            month: 1,
            day: 1,
        }),
        (12, 31) => Ok(Date {
            year: end.year,
            month: 7,
            day: 1,
        }),
        _ => Err(format!("{at}: {end} does not end a half-year")),
    }
}

fn row(
    country: &str,
    start: Date,
    end: Date,
    label: &str,
    process: Option<Process>,
    source: &str,
) -> FigureRow {
    FigureRow {
        country: country.to_string(),
        start: start.to_string(),
        end: end.to_string(),
        label: label.to_string(),
        process,
        requests: None,
        requests_band: None,
        percent: None,
        produced: None,
        national_security: false,
        source: source.to_string(),
    }
}

/// Google's `google-global-user-data-requests.csv` (in
/// https://storage.googleapis.com/transparencyreport/google-user-data-requests.zip): one line per
/// period end x country x legal process. US processes map to the vocabulary; elsewhere only
/// emergency and preservation do ("Other Legal Requests" mixes whatever that country's law uses).
/// A 0-request line keeps its count and drops the published "0" percent: no share of nothing.
pub fn google(text: &str, selection: &Selection) -> Result<Vec<FigureRow>, String> {
    const HEADER: [&str; 7] = [
        "Period Ending",
        "Country/Region",
        "CLDR Territory Code",
        "Legal Process",
        "User Data Requests",
        "Percentage disclosed",
        "Accounts",
    ];
    let records = parse_csv(text)?;
    expect_header(records.first(), &HEADER, "Google user data requests")?;
    let mut rows = Vec::new();
    for (index, record) in records.iter().enumerate().skip(1) {
        let at = format!("line {}", index + 1);
        let [end, _, code, label, requests, share, _accounts] = record.as_slice() else {
            return Err(format!("{at}: {} fields, expected 7", record.len()));
        };
        let end = Date::parse(end).map_err(|e| format!("{at}: {e}"))?;
        if !selection.wants(code, end) {
            continue;
        }
        let us = code == "US";
        let process = match label.as_str() {
            "Subpoenas" if us => Some(Process::Subpoena),
            "Search Warrants" if us => Some(Process::Warrant),
            "Other Court Orders" if us => Some(Process::CourtOrder),
            "Pen Register Orders" if us => Some(Process::PenRegister),
            "Wiretap Orders" if us => Some(Process::Other),
            "Emergency Disclosure Requests" => Some(Process::Emergency),
            "Preservation Requests" => Some(Process::Preservation),
            "CLOUD ACT - OPOs" | "CLOUD Act - IPA CDRs" | "CLOUD Act - IPA TIWs" => {
                Some(Process::Other)
            }
            "Other Legal Requests"
            | "Other Court Orders"
            | "Court Orders"
            | "Police Requests"
            | "Requests for data of local subsidiary"
                if !us =>
            {
                None
            }
            other => {
                return Err(format!(
                    "{at}: legal process {other:?} for {code} is not one this importer knows"
                ))
            }
        };
        let mut figure = row(
            code,
            half_year_ending(end, &at)?,
            end,
            label,
            process,
            selection.source,
        );
        let requests = count(requests, &at)?;
        figure.requests = Some(requests);
        match (process, share.trim()) {
            (Some(Process::Preservation), "") => {}
            (Some(Process::Preservation), other) => {
                return Err(format!(
                    "{at}: a preservation line with a percentage {other:?}"
                ))
            }
            (_, "") => return Err(format!("{at}: the percentage is missing")),
            _ if requests == 0 => {}
            (_, share) => figure.percent = Some(percent(share, &at)?),
        }
        rows.push(figure);
    }
    Ok(rows)
}

/// TikTok's `information-requests.csv` (the "Download" of
/// https://www.tiktok.com/transparency/en/information-requests): one line per metric x half-year x
/// country, countries by English name. Shares are fractions (0-1) and become percents. "Total
/// requests" adds legal, preservation and emergency requests together and is left out.
pub fn tiktok(text: &str, selection: &Selection) -> Result<Vec<FigureRow>, String> {
    const HEADER: [&str; 15] = [
        "replication_info",
        "entity",
        "aspect",
        "metric_name",
        "period",
        "period_value",
        "policy",
        "policy_value",
        "task",
        "task_value",
        "location",
        "location_value",
        "result",
        "base",
        "date",
    ];
    let records = parse_csv(text)?;
    expect_header(records.first(), &HEADER, "TikTok information requests")?;
    let mut rows: Vec<FigureRow> = Vec::new();
    for (index, record) in records.iter().enumerate().skip(1) {
        let at = format!("line {}", index + 1);
        let [_, _, _, metric, period, period_value, _, _, _, _, location, name, result, _, _] =
            record.as_slice()
        else {
            return Err(format!("{at}: {} fields, expected 15", record.len()));
        };
        if period != "half-year" {
            return Err(format!("{at}: period kind {period:?}, expected half-year"));
        }
        let (start, end) = tiktok_half_year(period_value, &at)?;
        if location == "all" {
            if metric.starts_with("Total ") {
                continue;
            }
            return Err(format!("{at}: a worldwide line with metric {metric:?}"));
        }
        if location != "country_name" {
            return Err(format!(
                "{at}: location kind {location:?}, expected country_name"
            ));
        }
        let Some(code) = country_code(name) else {
            // A country outside the name table cannot be one that was asked for (every code asked
            // for must be in the table: checked in `dlens figures import`).
            continue;
        };
        if !selection.wants(code, end) {
            continue;
        }
        let (label, process) = match metric.as_str() {
            "Total requests" => continue,
            "Legal request accounts specified"
            | "Preservation request accounts specified"
            | "Emergency request accounts specified" => continue,
            "Legal requests" | "Percentage of legal requests where some data was disclosed" => {
                ("Legal requests", None)
            }
            "Emergency requests"
            | "Percentage of emergency requests where some data was disclosed" => {
                ("Emergency requests", Some(Process::Emergency))
            }
            "Preservation requests" => ("Preservation requests", Some(Process::Preservation)),
            other => {
                return Err(format!(
                    "{at}: metric {other:?} is not one this importer knows"
                ))
            }
        };
        let position = rows
            .iter()
            .position(|r| r.country == code && r.end == end.to_string() && r.label == label);
        let figure = match position {
            Some(i) => &mut rows[i],
            None => {
                rows.push(row(code, start, end, label, process, selection.source));
                rows.last_mut().expect("just pushed")
            }
        };
        let duplicate = if metric.starts_with("Percentage") {
            figure
                .percent
                .replace(fraction_as_percent(result, &at)?)
                .is_some()
        } else {
            figure.requests.replace(whole(result, &at)?).is_some()
        };
        if duplicate {
            return Err(format!(
                "{at}: {metric:?} for {name} in {period_value} appears twice"
            ));
        }
    }
    for figure in &mut rows {
        match figure.requests {
            None => {
                return Err(format!(
                    "{} {} {}: a share without its number of requests",
                    figure.country, figure.end, figure.label
                ))
            }
            // No share of nothing: TikTok prints 0.0 for countries with no requests of the type.
            Some(0) => figure.percent = None,
            Some(_) => {}
        }
    }
    Ok(rows)
}

fn tiktok_half_year(text: &str, at: &str) -> Result<(Date, Date), String> {
    let bad = || format!("{at}: period {text:?} is not \"Jan-Jun YYYY\" or \"Jul-Dec YYYY\"");
    let (months, year) = text.split_once(' ').ok_or_else(bad)?;
    let year: i32 = year.parse().map_err(|_| bad())?;
    match months {
        "Jan-Jun" => Ok(half_year(year, 1)),
        "Jul-Dec" => Ok(half_year(year, 2)),
        _ => Err(bad()),
    }
}

/// The first and last day of half `half` (1 or 2) of `year`.
fn half_year(year: i32, half: u8) -> (Date, Date) {
    let (first_month, last_month, last_day) = if half == 1 { (1, 6, 30) } else { (7, 12, 31) };
    (
        Date {
            year,
            month: first_month,
            day: 1,
        },
        Date {
            year,
            month: last_month,
            day: last_day,
        },
    )
}

/// English country names as the reports print them, for the countries imported so far. A name
/// missing here is skipped by the importers, so asking for a code not in this table is an error.
pub const COUNTRY_NAMES: &[(&str, &[&str])] = &[
    ("US", &["United States"]),
    ("GB", &["United Kingdom"]),
    ("DE", &["Germany"]),
    ("FR", &["France"]),
    ("ES", &["Spain"]),
    ("IT", &["Italy"]),
    ("NL", &["Netherlands"]),
    ("PL", &["Poland"]),
    ("IE", &["Ireland"]),
];

pub fn country_code(name: &str) -> Option<&'static str> {
    COUNTRY_NAMES
        .iter()
        .find(|(_, names)| names.contains(&name))
        .map(|(code, _)| *code)
}

/// Discord's transparency-report CSV (one per report, inside the ZIP linked from
/// https://discord.com/safety-transparency-reports): stacked tables, each a title line, a header
/// line, rows and a "Total" line. Read here: "US Gov Info Requests" (by request type),
/// "International Government Information Requests", "Preservation Requests" and "Emergency
/// Requests" (by country). Discord publishes counts only: "Information Produced" becomes
/// `produced` (the share is then derived and marked so). "Complied" (preservation, emergency) is
/// not read as data produced: complying with a preservation request discloses nothing, and for
/// emergencies Discord does not say what complying means.
pub fn discord(text: &str, selection: &Selection) -> Result<Vec<FigureRow>, String> {
    let records = parse_csv(text)?;
    let title = records
        .first()
        .and_then(|r| r.first())
        .ok_or("Discord report: the file is empty")?;
    let (start, end) = discord_period(title)?;
    let mut rows = Vec::new();
    let mut seen_sections = Vec::new();
    let mut index = 0;
    while index < records.len() {
        let cell = |i: usize, j: usize| records.get(i).and_then(|r| r.get(j)).map(String::as_str);
        let section = cell(index, 0).unwrap_or("");
        let table = match section {
            "US Gov Info Requests" => {
                Some((["Request Type", "Requests", "Information Produced"], None))
            }
            "International Government Information Requests" => {
                Some((["Country", "Requests", "Information Produced"], None))
            }
            "Preservation Requests" => Some((
                ["Country", "Requests", "Complied"],
                Some(Process::Preservation),
            )),
            "Emergency Requests" => Some((
                ["Country", "Requests", "Complied"],
                Some(Process::Emergency),
            )),
            _ => None,
        };
        let Some((header, process)) = table else {
            index += 1;
            continue;
        };
        if seen_sections.contains(&section) {
            return Err(format!(
                "line {}: the table {section:?} appears twice",
                index + 1
            ));
        }
        seen_sections.push(section);
        let found: Vec<&str> = records[index + 1..]
            .first()
            .map(|r| {
                r.iter()
                    .map(String::as_str)
                    .filter(|c| !c.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        if found != header {
            return Err(format!(
                "line {}: table {section:?} has header {found:?}, expected {header:?}",
                index + 2
            ));
        }
        let mut countries_seen: Vec<&str> = Vec::new();
        index += 2;
        while let Some(first) = cell(index, 0).filter(|c| !c.is_empty()) {
            let at = format!("line {}", index + 1);
            if first == "Total" {
                index += 1;
                break;
            }
            let requests = count(cell(index, 1).unwrap_or(""), &at)?;
            let second = count(cell(index, 2).unwrap_or(""), &at)?;
            let (code, label, row_process) = if section == "US Gov Info Requests" {
                let process = match first {
                    "Subpoenas" => Process::Subpoena,
                    "Search Warrants" => Process::Warrant,
                    "Court Orders" => Process::CourtOrder,
                    "Pen Register / Trap and Trace" => Process::PenRegister,
                    other => {
                        return Err(format!(
                            "{at}: US request type {other:?} is not one this importer knows"
                        ))
                    }
                };
                ("US", first, Some(process))
            } else {
                let code = country_code(first);
                if countries_seen.contains(&first) {
                    if code.is_some_and(|c| selection.countries.iter().any(|s| s == c)) {
                        return Err(format!("{at}: {first} appears twice in {section:?}"));
                    }
                    eprintln!("warning: {at}: {first} appears twice in {section:?} (not imported)");
                }
                countries_seen.push(first);
                match code {
                    Some(code) => (code, section, process),
                    None => {
                        index += 1;
                        continue;
                    }
                }
            };
            if selection.wants(code, end) {
                let mut figure = row(code, start, end, label, row_process, selection.source);
                figure.requests = Some(requests);
                if header[2] == "Information Produced" && requests > 0 {
                    if second > requests {
                        return Err(format!("{at}: {second} produced for {requests} requests"));
                    }
                    figure.produced = Some(second);
                }
                rows.push(figure);
            }
            index += 1;
        }
    }
    for wanted in [
        "US Gov Info Requests",
        "International Government Information Requests",
    ] {
        if !seen_sections.contains(&wanted) {
            return Err(format!(
                "Discord report: no {wanted:?} table; the layout changed"
            ));
        }
    }
    Ok(rows)
}

/// "Discord January-June 2024 Transparency Report CSV" -> 2024-01-01..2024-06-30 (also quarters).
fn discord_period(title: &str) -> Result<(Date, Date), String> {
    let bad = || {
        format!(
            "Discord report: the title {title:?} does not name a period like \"January-June 2024\""
        )
    };
    let words: Vec<&str> = title.split_whitespace().collect();
    let position = words.iter().position(|w| w.contains('-')).ok_or_else(bad)?;
    let (from, to) = words[position].split_once('-').ok_or_else(bad)?;
    let year: i32 = words
        .get(position + 1)
        .ok_or_else(bad)?
        .parse()
        .map_err(|_| bad())?;
    // The English month names of the vocabulary (kb/vocabulary.toml), as the core words dates.
    let vocabulary = &crate::kb::knowledge_base()?.vocabulary;
    let month =
        |name: &str| (1..=12).find(|m| vocabulary.template(&format!("month_{m}"), "en") == name);
    let (first, last) = (month(from).ok_or_else(bad)?, month(to).ok_or_else(bad)?);
    let last_day = (28..=31)
        .rev()
        .find(|d| Date::parse(&format!("{year:04}-{last:02}-{d:02}")).is_ok())
        .ok_or_else(bad)?;
    Ok((
        Date {
            year,
            month: first,
            day: 1,
        },
        Date {
            year,
            month: last,
            day: last_day,
        },
    ))
}

/// Snap's per-half-year transparency-report CSV (linked from each
/// https://values.snap.com/privacy/transparency page): one line per measured value. Read here:
/// "United States Government Information Requests" (by request type), "International Government
/// Information Requests" (per country: emergency and other requests) and "United States National
/// Security Requests" (a band). Shares are fractions (0-1) and become percents. Every other section
/// (enforcement, appeals, ...) is skipped; the bilateral-agreement requests, published as bands
/// that are not national-security requests, are skipped too, and said so in the source's note.
pub fn snap(text: &str, selection: &Selection) -> Result<Vec<FigureRow>, String> {
    const HEADER: [&str; 7] = [
        "period",
        "section",
        "category",
        "sub_category_1",
        "sub_category_2",
        "metric",
        "value",
    ];
    let records = parse_csv(text)?;
    expect_header(records.first(), &HEADER, "Snap transparency report")?;
    let mut rows: Vec<FigureRow> = Vec::new();
    let mut sections_seen = Vec::new();
    // Every share of the request sections, selected or not: the unit check below looks at all.
    let mut shares: Vec<f64> = Vec::new();
    for (index, record) in records.iter().enumerate().skip(1) {
        let at = format!("line {}", index + 1);
        let [period, section, category, sub1, _sub2, metric, value] = record.as_slice() else {
            return Err(format!("{at}: {} fields, expected 7", record.len()));
        };
        if section.ends_with("Government Information Requests")
            && metric.starts_with("percentage_of_")
        {
            shares.push(fraction_as_percent(value, &at)?);
        }
        let (code, label, process, national_security) = match section.as_str() {
            "United States Government Information Requests" => {
                let process = match category.as_str() {
                    "Subpoena/Summons" => Process::Subpoena,
                    "Search Warrant" => Process::Warrant,
                    "Court Order" => Process::CourtOrder,
                    "PRTT" => Process::PenRegister,
                    "Emergency Disclosure Requests" => Process::Emergency,
                    "Wiretap" => Process::Other,
                    other => {
                        return Err(format!(
                            "{at}: US request type {other:?} is not one this importer knows"
                        ))
                    }
                };
                ("US", category.as_str(), Some(process), false)
            }
            "International Government Information Requests" => {
                if category != "Country / Region" {
                    return Err(format!(
                        "{at}: category {category:?}, expected \"Country / Region\""
                    ));
                }
                let Some(code) = country_code(sub1) else {
                    continue;
                };
                let (label, process) = match metric.as_str() {
                    "emergency_disclosure_requests_edrs"
                    | "percentage_of_edrs_where_some_data_was_produced" => {
                        ("Emergency disclosure requests", Some(Process::Emergency))
                    }
                    "other_information_requests"
                    | "percentage_of_other_information_requests_where_some_data_was_produced" => {
                        ("Other information requests", None)
                    }
                    "accounts_specified_for_edrs"
                    | "accounts_specified_for_other_information_requests" => continue,
                    other => {
                        return Err(format!(
                            "{at}: metric {other:?} is not one this importer knows"
                        ))
                    }
                };
                (code, label, process, false)
            }
            "United States National Security Requests" => ("US", category.as_str(), None, true),
            _ => continue,
        };
        if !sections_seen.contains(section) {
            sections_seen.push(section.clone());
        }
        let (start, end) = snap_half_year(period, &at)?;
        if !selection.wants(code, end) {
            continue;
        }
        let kind = match metric.as_str() {
            "accounts_specified" | "account_identifiers" => continue,
            "requests" | "emergency_disclosure_requests_edrs" | "other_information_requests" => {
                "requests"
            }
            m if m.starts_with("percentage_of_") => "percent",
            other => {
                return Err(format!(
                    "{at}: metric {other:?} is not one this importer knows"
                ))
            }
        };
        let position = rows
            .iter()
            .position(|r| r.country == code && r.end == end.to_string() && r.label == label);
        let figure = match position {
            Some(i) => &mut rows[i],
            None => {
                let mut new = row(code, start, end, label, process, selection.source);
                new.national_security = national_security;
                rows.push(new);
                rows.last_mut().expect("just pushed")
            }
        };
        let duplicate = match (kind, national_security) {
            ("percent", _) => figure
                .percent
                .replace(fraction_as_percent(value, &at)?)
                .is_some(),
            (_, true) => figure.requests_band.replace(band(value, &at)?).is_some(),
            _ => figure.requests.replace(count(value, &at)?).is_some(),
        };
        if duplicate {
            return Err(format!(
                "{at}: {metric:?} of {label:?} for {code} appears twice"
            ));
        }
    }
    for wanted in [
        "United States Government Information Requests",
        "International Government Information Requests",
    ] {
        if !sections_seen.iter().any(|s| s == wanted) {
            return Err(format!(
                "Snap transparency report: no {wanted:?} lines; the layout changed"
            ));
        }
    }
    // Snap's 2025-H1 file writes 0.01 where its 2025-H2 file writes 0.68 for the same kind of
    // figure: when no share in the request sections exceeds 1%, they are in another unit.
    let nonzero: Vec<f64> = shares.into_iter().filter(|p| *p > 0.0).collect();
    if nonzero.len() >= 3 && nonzero.iter().all(|p| *p <= 1.0) {
        return Err(format!(
            "Snap transparency report: all {} non-zero shares are 1% or less; they are not fractions of 1 as in the layout this importer knows",
            nonzero.len()
        ));
    }
    for figure in &mut rows {
        match (figure.requests, figure.requests_band) {
            (None, None) => {
                return Err(format!(
                    "{} {} {}: a share without its number of requests",
                    figure.country, figure.end, figure.label
                ))
            }
            (Some(0), _) => figure.percent = None,
            _ => {}
        }
    }
    Ok(rows)
}

/// "2025-H2" -> 2025-07-01..2025-12-31.
fn snap_half_year(text: &str, at: &str) -> Result<(Date, Date), String> {
    let bad = || format!("{at}: period {text:?} is not YYYY-H1 or YYYY-H2");
    let (year, half) = text.split_once("-H").ok_or_else(bad)?;
    let year: i32 = year.parse().map_err(|_| bad())?;
    match half {
        "1" => Ok(half_year(year, 1)),
        "2" => Ok(half_year(year, 2)),
        _ => Err(bad()),
    }
}

/// A published band "250-499".
fn band(cell: &str, at: &str) -> Result<[u64; 2], String> {
    let (low, high) = cell
        .split_once('-')
        .ok_or_else(|| format!("{at}: {cell:?} is not a band like 0-249"))?;
    Ok([count(low, at)?, count(high, at)?])
}
