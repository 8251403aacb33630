//! Discord data package: `activity/<analytics|modeling|reporting|tns>/events-*.json`, one JSON event
//! per line. Discord keeps no login log in the package; among its analytics events, those about
//! logging in (`login_successful`, `new_login_location`, `authorize_login_location`) carry the time
//! (`"2017-10-02T13:41:16.259Z"`, sometimes quoted twice) and the client's IP address, which Discord
//! writes with its last part zeroed (`203.0.113.0`). Those are the login records counted here; the
//! other events are app analytics, not logins. `account/user.json` names one IP address without a
//! time: context, not counted.

use std::io::{BufRead, BufReader, Read};

use super::{file_name, folders, join, Format};
use crate::archive::json::{self, Keep, Step, Value};
use crate::archive::{time, Reading, Sink};

pub const FORMATS: &[Format] = &[Format {
    platform: "discord",
    matches: |path| {
        let name = file_name(path);
        folders(path).any(|f| f == "activity")
            && name.starts_with("events-")
            && name.ends_with(".json")
    },
    reading: Reading::Stream,
    parse,
}];

const LOGIN_EVENTS: &[&str] = &[
    "login_successful",
    "new_login_location",
    "authorize_login_location",
];

/// Longer lines are not events.
const MAX_LINE_BYTES: u64 = 1 << 20;

/// The fields read from an event; the rest of its line is checked and dropped.
const FIELDS: &[&str] = &[
    "event_type",
    "ip",
    "timestamp",
    "city",
    "region_code",
    "country_code",
    "os",
    "browser",
];

fn keep(path: &[Step]) -> bool {
    match path {
        [] => true,
        [Step::Key(field)] => FIELDS.contains(field),
        _ => false,
    }
}

/// A line's event fields, in the order of [`FIELDS`]; `None` when the line is not JSON, not an
/// object, or one of them is not a string (an unreadable record).
fn event(line: &str) -> Option<[Option<String>; 8]> {
    let Ok(Value::Object(event)) = json::read_slice(line.as_bytes(), Keep::Only(&keep)) else {
        return None;
    };
    let mut fields: [Option<String>; 8] = Default::default();
    for (slot, name) in fields.iter_mut().zip(FIELDS) {
        *slot = event.string(name).ok()?.map(str::to_owned);
    }
    Some(fields)
}

fn parse(content: &mut dyn Read, sink: &mut Sink) -> Result<(), String> {
    let mut input = BufReader::new(content);
    let mut line = Vec::new();
    loop {
        line.clear();
        let read = (&mut input)
            .take(MAX_LINE_BYTES + 1)
            .read_until(b'\n', &mut line)
            .map_err(|e| format!("cannot be read: {e}"))?;
        if read == 0 {
            break;
        }
        if read as u64 > MAX_LINE_BYTES {
            return Err(format!(
                "a line is longer than {} KiB",
                MAX_LINE_BYTES >> 10
            ));
        }
        // Most events are not about logging in: look before parsing.
        let text = String::from_utf8_lossy(&line);
        if !text.contains("login") {
            continue;
        }
        let Some([event_type, ip, timestamp, city, region, country, os, browser]) = event(&text)
        else {
            sink.unreadable += 1;
            continue;
        };
        if !event_type.is_some_and(|t| LOGIN_EVENTS.contains(&t.as_str())) {
            continue;
        }
        sink.record(
            timestamp.and_then(|t| time::parse(&t, false)),
            ip.as_deref(),
            join(&[city.as_deref(), region.as_deref(), country.as_deref()]),
            join(&[os.as_deref(), browser.as_deref()]),
        );
    }
    Ok(())
}
