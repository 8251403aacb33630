//! What Facebook's and Instagram's JSON exports share: a file is an object holding one list of
//! records (`{"account_activity_v2": [...]}`), or, in newer exports, the list itself; each record
//! carries its time and IP address in one of a few known shapes:
//!
//! - plain fields: `timestamp`, `created_timestamp`, `updated_timestamp` (epoch seconds) and
//!   `ip_address` or `ip` (Facebook);
//! - the same inside `session` (Facebook's login protection data);
//! - `string_map_data`: `{"<label>": {"value": "...", "timestamp": 0}}` (Instagram), and
//!   `label_values`: `[{"label": "...", "value": "..."}]` (newer exports). Their labels are in the
//!   account's language ("IP Address", "IP-Adresse", "IP 주소"), so the IP is the value that reads as
//!   an IP address, and the time is the entry that carries a `timestamp`.
//!
//! - Instagram's older `account_history.json`: `ip_address` and `timestamp` as an RFC 3339 string,
//!   and one `registration_info` object (the sign-up) with `registration_time`.
//!
//! Every time in these files is epoch seconds, which is UTC; a record without one falls back to its
//! `title` when that is an RFC 3339 time (Instagram writes the login time there).

use std::io::Read;

use crate::archive::json::{self, Keep, Object, Value};

use super::{join, json_error, text};
use crate::archive::{parse_ip, time, Sink};

/// Reads one Meta login, session or access file.
pub fn parse(content: &mut dyn Read, sink: &mut Sink) -> Result<(), String> {
    let root = json::read(content, Keep::Everything).map_err(json_error)?;
    let lists: Vec<&[Value]> = match &root {
        Value::Array(items) => vec![items],
        Value::Object(object) => object.values().filter_map(Value::as_array).collect(),
        _ => Vec::new(),
    };
    if lists.is_empty() {
        return Err("holds no list of records (neither a list nor an object holding one)".into());
    }
    let sign_up = root.get("registration_info").and_then(Value::as_object);
    let records = lists
        .into_iter()
        .flatten()
        .filter_map(Value::as_object)
        .chain(sign_up);
    for record in records {
        read_record(record, sink);
    }
    Ok(())
}

fn read_record(record: &Object, sink: &mut Sink) {
    let session = record.get("session").and_then(Value::as_object);
    let entries = labelled_entries(record);

    let ip = [record, session.unwrap_or(record)]
        .iter()
        .find_map(|r| r.get("ip_address").or_else(|| r.get("ip")).and_then(text))
        .or_else(|| {
            entries
                .iter()
                .filter_map(|(_, entry)| entry.get("value").and_then(Value::as_str))
                .find(|value| parse_ip(value).is_some())
                .map(str::to_owned)
        });

    let mut instants: Vec<i64> = [Some(record), session]
        .into_iter()
        .flatten()
        .flat_map(|r| {
            [
                "timestamp",
                "created_timestamp",
                "updated_timestamp",
                "registration_time",
            ]
            .iter()
            .filter_map(|key| r.get(key))
        })
        .chain(
            entries
                .iter()
                .filter_map(|(_, entry)| entry.get("timestamp")),
        )
        .filter_map(instant)
        .collect();
    if instants.is_empty() {
        if let Some(title) = record.get("title").and_then(Value::as_str) {
            instants.extend(time::parse(title, false));
        }
    }
    instants.sort_unstable();
    instants.dedup();

    let field = |key: &str| {
        record
            .get(key)
            .or_else(|| session.and_then(|s| s.get(key)))
            .and_then(Value::as_str)
    };
    let labelled = |label: &str| {
        entries
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(label))
            .and_then(|(_, entry)| entry.get("value").and_then(Value::as_str))
    };
    let place = join(&[field("city"), field("region"), field("country")])
        .or_else(|| field("location").map(str::to_owned));
    let device = field("user_agent")
        .or_else(|| field("device"))
        .or_else(|| labelled("User Agent"))
        .map(str::to_owned);

    if instants.is_empty() {
        // A record with an IP but no readable time cannot be counted; one with neither is context.
        sink.record(None, ip.as_deref(), None, None);
    }
    for at in instants {
        sink.record(Some(at), ip.as_deref(), place.clone(), device.clone());
    }
}

/// `string_map_data` and `label_values` entries as (label, entry).
fn labelled_entries(record: &Object) -> Vec<(&str, &Object)> {
    let mut entries: Vec<(&str, &Object)> = record
        .get("string_map_data")
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(Object::iter)
        .filter_map(|(label, entry)| Some((label, entry.as_object()?)))
        .collect();
    entries.extend(
        record
            .get("label_values")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_object)
            .map(|entry| {
                (
                    entry.get("label").and_then(Value::as_str).unwrap_or(""),
                    entry,
                )
            }),
    );
    entries
}

fn instant(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => time::from_epoch_text(n),
        Value::String(s) => time::from_epoch_text(s.trim()).or_else(|| time::parse(s, false)),
        _ => None,
    }
}
