//! TikTok "Download your data" (JSON): one file, `user_data.json` (newer: `user_data_tiktok.json`),
//! whose `Activity` (newer: `Your Activity`) → `Login History` → `LoginHistoryList` lists
//! `{ "Date": "2023-10-22 16:23:02" (newer: "… UTC"), "IP", "DeviceModel", "DeviceSystem",
//! "NetworkType", "Carrier" }`. A date without a zone is UTC: every dated field of the export is
//! written in UTC, and newer exports say so. The rest of the file (watch history, messages) is
//! skipped while streaming, never held in memory.

use std::io::Read;

use serde::Deserialize;

use super::{file_name, join, json_error, Format};
use crate::archive::{time, Reading, Sink};

pub const FORMATS: &[Format] = &[Format {
    platform: "tiktok",
    matches: |path| matches!(file_name(path), "user_data.json" | "user_data_tiktok.json"),
    reading: Reading::Stream,
    parse,
}];

#[derive(Deserialize)]
struct Root {
    #[serde(rename = "Activity")]
    activity: Option<Activity>,
    #[serde(rename = "Your Activity")]
    your_activity: Option<Activity>,
}

#[derive(Deserialize)]
struct Activity {
    #[serde(rename = "Login History")]
    login_history: Option<LoginHistory>,
}

#[derive(Deserialize)]
struct LoginHistory {
    #[serde(rename = "LoginHistoryList")]
    list: Option<Vec<Login>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Login {
    date: Option<String>,
    #[serde(rename = "IP")]
    ip: Option<String>,
    device_model: Option<String>,
    device_system: Option<String>,
}

fn parse(content: &mut dyn Read, sink: &mut Sink) -> Result<(), String> {
    let root: Root = serde_json::from_reader(content).map_err(json_error)?;
    let logins = [root.activity, root.your_activity]
        .into_iter()
        .flatten()
        .filter_map(|a| a.login_history?.list)
        .flatten();
    for login in logins {
        sink.record(
            login.date.as_deref().and_then(|d| time::parse(d, true)),
            login.ip.as_deref(),
            None,
            join(&[
                login.device_model.as_deref(),
                login.device_system.as_deref(),
            ]),
        );
    }
    Ok(())
}
