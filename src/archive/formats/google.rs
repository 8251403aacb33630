//! Google Takeout, "Access Log Activity": `Takeout/Access Log Activity/Activities - A list of Google
//! services accessed by.csv`, one row per access to a Google service. Columns are found by their
//! header, not their position (Google added `Referer Product Name` and others over time):
//! `Activity Timestamp` (`2026-10-01 06:59:59 UTC`; older exports `Jun 15, 2026, 7:40:10 AM UTC`
//! or RFC 3339), `IP Address`, `Activity City` / `Activity Region` / `Activity Country` (older:
//! `City`, `Country Code`), `User Agent String`.

use std::io::{BufRead, BufReader, Read};

use super::{file_name, folders, join, Format};
use crate::archive::{time, Reading, Sink};

pub const FORMATS: &[Format] = &[Format {
    platform: "google",
    matches: |path| {
        let name = file_name(path);
        folders(path).last() == Some("access log activity")
            && name.starts_with("activities")
            && name.ends_with(".csv")
    },
    reading: Reading::Stream,
    parse,
}];

/// A row longer than this is not an access-log row.
const MAX_ROW_BYTES: usize = 64 << 10;

fn parse(content: &mut dyn Read, sink: &mut Sink) -> Result<(), String> {
    let mut rows = Rows {
        input: BufReader::new(content),
    };
    let header = rows.next()?.ok_or("empty file")?;
    let column = |names: &[&str]| {
        header.iter().position(|h| {
            let h = h.trim().trim_start_matches('\u{feff}');
            names.iter().any(|n| h.eq_ignore_ascii_case(n))
        })
    };
    let (Some(at), Some(ip)) = (column(&["Activity Timestamp"]), column(&["IP Address"])) else {
        return Err(format!(
            "no `Activity Timestamp` and `IP Address` columns (header: {})",
            header.join(", ").chars().take(200).collect::<String>()
        ));
    };
    let city = column(&["Activity City", "City"]);
    let region = column(&["Activity Region", "Region"]);
    let country = column(&["Activity Country", "Country Code", "Country"]);
    let device = column(&["User Agent String", "Device Type"]);
    while let Some(row) = rows.next()? {
        if row.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        let cell = |i: Option<usize>| i.and_then(|i| row.get(i)).map(String::as_str);
        sink.record(
            cell(Some(at)).and_then(|t| time::parse(t, false)),
            cell(Some(ip)),
            join(&[cell(city), cell(region), cell(country)]),
            cell(device).map(str::to_owned),
        );
    }
    Ok(())
}

/// RFC 4180 rows: quoted cells may hold commas, doubled quotes and line breaks.
struct Rows<R> {
    input: R,
}

impl<R: BufRead> Rows<R> {
    fn next(&mut self) -> Result<Option<Vec<String>>, String> {
        let mut row = Vec::new();
        let mut cell = Vec::new();
        let mut quoted = false;
        let mut size = 0usize;
        let mut line = Vec::new();
        loop {
            line.clear();
            let read = (&mut self.input)
                .take((MAX_ROW_BYTES + 1 - size.min(MAX_ROW_BYTES)) as u64)
                .read_until(b'\n', &mut line)
                .map_err(|e| format!("cannot be read: {e}"))?;
            if read == 0 {
                if quoted {
                    return Err("a quoted cell is never closed".into());
                }
                if row.is_empty() && cell.is_empty() && size == 0 {
                    return Ok(None);
                }
                break;
            }
            size += read;
            if size > MAX_ROW_BYTES {
                return Err(format!("a row is longer than {} KiB", MAX_ROW_BYTES >> 10));
            }
            let mut bytes = line.iter().copied().peekable();
            let mut ended = false;
            while let Some(b) = bytes.next() {
                match (quoted, b) {
                    (true, b'"') if bytes.peek() == Some(&b'"') => {
                        cell.push(b'"');
                        bytes.next();
                    }
                    (true, b'"') => quoted = false,
                    (true, _) => cell.push(b),
                    (false, b'"') => quoted = true,
                    (false, b',') => row.push(std::mem::take(&mut cell)),
                    (false, b'\r') if bytes.peek() == Some(&b'\n') => {}
                    (false, b'\n') => ended = true,
                    (false, _) => cell.push(b),
                }
            }
            if ended || !quoted {
                break;
            }
        }
        row.push(cell);
        Ok(Some(
            row.into_iter()
                .map(|c| String::from_utf8_lossy(&c).into_owned())
                .collect(),
        ))
    }
}
