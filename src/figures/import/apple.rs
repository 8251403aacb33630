//! Apple's transparency report download, `Apple_Transparency_Report.zip`
//! (https://www.apple.com/legal/zip/transparency/Apple_Transparency_Report.zip, linked from
//! https://www.apple.com/legal/transparency/): a ZIP of one CSV per request type, one line per
//! half-year x country. Read here: account requests (Apple's own category: it does not split them
//! by legal process), emergency requests and account preservation requests (a count only: a
//! preserved copy is not a disclosure).
//!
//! The column names below were learned from a published description of the layout, not from the
//! file's bytes (no copy of the ZIP could be read when this was written, 2026-12-03). Their
//! capitalisation is therefore unchecked, and columns are compared without case and with runs of
//! spaces folded; everything else fails loudly: a missing CSV, a missing or unknown column, a period
//! that is not "YYYY H1"/"YYYY H2", a share that is not a percent, a requested country with no line.

use std::io::{Cursor, Read};

use super::{count, country_code, half_year_ending, percent, row, Selection};
use crate::figures::{Date, FigureRow, Process};

/// One CSV of the ZIP: its file name, the period column, the columns in order (as Apple labels
/// them), the label of the rows it gives and their process.
struct Table {
    file: &'static str,
    period_column: &'static str,
    columns: &'static [&'static str],
    label: &'static str,
    process: Option<Process>,
}

const COUNTRY: &str = "Country/Region";
/// Every table's third column counts the requests received.
const RECEIVED: usize = 2;

const TABLES: [Table; 3] = [
    Table {
        file: "account_requests.csv",
        period_column: "TR Period",
        columns: &[
            "TR Period",
            COUNTRY,
            "Account Requests Received",
            "Accounts Specified in Requests",
            "Requests Challenged in Part or Rejected in Full",
            "Requests where Only Non-Content Data Provided",
            "Requests where Content Provided",
            "Percentage of Requests where Data Provided",
        ],
        label: "Account Requests",
        process: None,
    },
    Table {
        file: "emergency_requests.csv",
        period_column: "TR Period",
        columns: &[
            "TR Period",
            COUNTRY,
            "Emergency Requests Received",
            "Requests Rejected/Challenged and No Data Provided",
            "Requests where No Data Provided",
            "Requests where Data Provided",
            "Percentage of Requests where Data Provided",
        ],
        label: "Emergency Requests",
        process: Some(Process::Emergency),
    },
    Table {
        file: "account_preservation_requests.csv",
        period_column: "TR Date",
        columns: &[
            "TR Date",
            COUNTRY,
            "Account Preservation Requests Received",
            "Accounts Specified in Requests",
            "Accounts where Data Preserved",
        ],
        label: "Account Preservation Requests",
        process: Some(Process::Preservation),
    },
];

/// The share column, where a table has one.
const SHARE: &str = "Percentage of Requests where Data Provided";

/// A column name compared as the layout description gives it: without case, spaces folded.
fn folded(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Imports the ZIP's bytes.
pub fn apple(bytes: &[u8], selection: &Selection) -> Result<Vec<FigureRow>, String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| format!("not a readable ZIP (is it Apple_Transparency_Report.zip?): {e}"))?;
    let mut rows = Vec::new();
    for table in &TABLES {
        let text = entry_text(&mut zip, table.file)?;
        rows.extend(
            read_table(table, &text, selection).map_err(|e| format!("{}: {e}", table.file))?,
        );
    }
    for code in selection.countries {
        if !rows.iter().any(|r| &r.country == code) {
            return Err(format!(
                "no line for {code} in any table for the periods asked: the report may name it differently than COUNTRY_NAMES does"
            ));
        }
    }
    Ok(rows)
}

/// The text of the CSV named `file` (anywhere in the ZIP, skipping macOS resource forks).
fn entry_text<R: Read + std::io::Seek>(
    zip: &mut zip::ZipArchive<R>,
    file: &str,
) -> Result<String, String> {
    let name = zip
        .file_names()
        .find(|n| {
            !n.starts_with("__MACOSX/") && n.rsplit('/').next() == Some(file)
        })
        .map(str::to_owned)
        .ok_or_else(|| format!("the ZIP has no {file}: the layout changed, read the new file and update the importer"))?;
    let mut text = String::new();
    zip.by_name(&name)
        .map_err(|e| format!("{name}: {e}"))?
        .read_to_string(&mut text)
        .map_err(|e| format!("{name}: not UTF-8 text: {e}"))?;
    Ok(text)
}

fn read_table(table: &Table, text: &str, selection: &Selection) -> Result<Vec<FigureRow>, String> {
    let records = super::parse_csv(text)?;
    let header = records.first().ok_or("the file is empty")?;
    let found: Vec<String> = header.iter().map(|h| folded(h)).collect();
    let expected: Vec<String> = table.columns.iter().map(|c| folded(c)).collect();
    if found != expected {
        return Err(format!(
            "unexpected header\n  found:    {}\n  expected: {}\nthe layout changed (or its description was wrong): read the file and update the importer",
            header.join(","),
            table.columns.join(",")
        ));
    }
    let share = table.columns.iter().position(|c| *c == SHARE);
    let mut rows = Vec::new();
    for (index, record) in records.iter().enumerate().skip(1) {
        let at = format!("line {}", index + 1);
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        if record.len() != table.columns.len() {
            return Err(format!(
                "{at}: {} fields, expected {}",
                record.len(),
                table.columns.len()
            ));
        }
        let end = period_end(&record[0], &at)
            .map_err(|e| format!("{e} (column {:?})", table.period_column))?;
        let Some(code) = country_code(record[1].trim()) else {
            continue;
        };
        if !selection.wants(code, end) {
            continue;
        }
        if rows
            .iter()
            .any(|r: &FigureRow| r.country == code && r.end == end.to_string())
        {
            return Err(format!("{at}: a second line for {code} in the same period"));
        }
        let mut figure = row(
            code,
            half_year_ending(end, &at)?,
            end,
            table.label,
            table.process,
            selection.source,
        );
        let requests = count(&record[RECEIVED], &at)?;
        figure.requests = Some(requests);
        match share.map(|i| record[i].trim()) {
            None => {}
            Some(_) if requests == 0 => {}
            Some(cell) => {
                let number = cell
                    .strip_suffix('%')
                    .ok_or_else(|| format!("{at}: {cell:?} is not a percent (\"59%\")"))?;
                figure.percent = Some(percent(number, &at)?);
            }
        }
        rows.push(figure);
    }
    Ok(rows)
}

/// "2025 H1" (or "2025H1") as the half-year's last day.
fn period_end(cell: &str, at: &str) -> Result<Date, String> {
    let bad = || format!("{at}: {cell:?} is not a half-year (\"2025 H1\")");
    let (year, half) = cell.trim().split_once('H').ok_or_else(bad)?;
    let year: i32 = year.trim().parse().map_err(|_| bad())?;
    let (month, day) = match half.trim() {
        "1" => (6, 30),
        "2" => (12, 31),
        _ => return Err(bad()),
    };
    Ok(Date { year, month, day })
}
