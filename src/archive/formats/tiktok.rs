//! TikTok "Download your data" (JSON): one file, `user_data.json` (newer: `user_data_tiktok.json`),
//! whose `Activity` (newer: `Your Activity`) → `Login History` → `LoginHistoryList` lists
//! `{ "Date": "2023-10-22 16:23:02" (newer: "… UTC"), "IP", "DeviceModel", "DeviceSystem",
//! "NetworkType", "Carrier" }`. A date without a zone is UTC: every dated field of the export is
//! written in UTC, and newer exports say so. The rest of the file (watch history, messages) is
//! skipped while streaming, never held in memory.

use std::io::Read;

use super::{file_name, join, json_error, json_object, Format};
use crate::archive::json::{Keep, Step};
use crate::archive::{time, Reading, Sink};

pub const FORMATS: &[Format] = &[Format {
    platform: "tiktok",
    matches: |path| matches!(file_name(path), "user_data.json" | "user_data_tiktok.json"),
    reading: Reading::Stream,
    parse,
}];

/// The login fields read from each entry of `LoginHistoryList`.
const FIELDS: &[&str] = &["Date", "IP", "DeviceModel", "DeviceSystem"];
const ACTIVITIES: &[&str] = &["Activity", "Your Activity"];

/// Only the login history is kept; the rest of the file is read and dropped as it streams by.
fn keep(path: &[Step]) -> bool {
    let [Step::Key(activity), rest @ ..] = path else {
        return path.is_empty();
    };
    ACTIVITIES.contains(activity)
        && match rest {
            []
            | [Step::Key("Login History")]
            | [Step::Key("Login History"), Step::Key("LoginHistoryList")] => true,
            [Step::Key("Login History"), Step::Key("LoginHistoryList"), Step::Item] => true,
            [Step::Key("Login History"), Step::Key("LoginHistoryList"), Step::Item, Step::Key(field)] => {
                FIELDS.contains(field)
            }
            _ => false,
        }
}

fn parse(content: &mut dyn Read, sink: &mut Sink) -> Result<(), String> {
    let root = json_object(content, Keep::Only(&keep))?;
    let mut logins = Vec::new();
    for activity in ACTIVITIES {
        let Some(activity) = root.object(activity).map_err(json_error)? else {
            continue;
        };
        if let Some(history) = activity.object("Login History").map_err(json_error)? {
            logins.extend(
                history
                    .objects("LoginHistoryList")
                    .map_err(json_error)?
                    .into_iter()
                    .flatten(),
            );
        }
    }
    for login in logins {
        let field = |name| login.string(name).map_err(json_error);
        sink.record(
            field("Date")?.and_then(|d| time::parse(d, true)),
            field("IP")?,
            None,
            join(&[field("DeviceModel")?, field("DeviceSystem")?]),
        );
    }
    Ok(())
}
