//! Discord data package: `activity/<analytics|modeling|reporting|tns>/events-*.json`, one JSON event
//! per line. Discord keeps no login log in the package; among its analytics events, those about
//! logging in (`login_successful`, `new_login_location`, `authorize_login_location`) carry the time
//! (`"2017-10-02T13:41:16.259Z"`, sometimes quoted twice) and the client's IP address, which Discord
//! writes with its last part zeroed (`203.0.113.0`). Those are the login records counted here; the
//! other events are app analytics, not logins. `account/user.json` names one IP address without a
//! time: context, not counted.

use std::io::{BufRead, BufReader, Read};

use serde::Deserialize;

use super::{file_name, folders, join, Format};
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

#[derive(Deserialize)]
struct Event {
    event_type: Option<String>,
    ip: Option<String>,
    timestamp: Option<String>,
    city: Option<String>,
    region_code: Option<String>,
    country_code: Option<String>,
    os: Option<String>,
    browser: Option<String>,
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
        let Ok(event) = serde_json::from_str::<Event>(&text) else {
            sink.unreadable += 1;
            continue;
        };
        if !event
            .event_type
            .as_deref()
            .is_some_and(|t| LOGIN_EVENTS.contains(&t))
        {
            continue;
        }
        sink.record(
            event
                .timestamp
                .as_deref()
                .and_then(|t| time::parse(t, false)),
            event.ip.as_deref(),
            join(&[
                event.city.as_deref(),
                event.region_code.as_deref(),
                event.country_code.as_deref(),
            ]),
            join(&[event.os.as_deref(), event.browser.as_deref()]),
        );
    }
    Ok(())
}
