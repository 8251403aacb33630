//! Snapchat "My Data" (JSON): `json/account.json`, whose `Login History` lists
//! `{ "IP", "Country", "Created": "2021-08-24 12:34:56 UTC", "Status", "Device" }`.

use std::io::Read;

use serde::Deserialize;

use super::{file_name, folders, json_error, Format};
use crate::archive::{time, Reading, Sink};

pub const FORMATS: &[Format] = &[Format {
    platform: "snapchat",
    matches: |path| file_name(path) == "account.json" && folders(path).last() == Some("json"),
    reading: Reading::Stream,
    parse,
}];

#[derive(Deserialize)]
struct Account {
    #[serde(rename = "Login History")]
    login_history: Option<Vec<Login>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Login {
    #[serde(rename = "IP")]
    ip: Option<String>,
    country: Option<String>,
    created: Option<String>,
    device: Option<String>,
}

fn parse(content: &mut dyn Read, sink: &mut Sink) -> Result<(), String> {
    let account: Account = serde_json::from_reader(content).map_err(json_error)?;
    for login in account.login_history.into_iter().flatten() {
        sink.record(
            login.created.as_deref().and_then(|c| time::parse(c, false)),
            login.ip.as_deref(),
            login.country,
            login.device,
        );
    }
    Ok(())
}
