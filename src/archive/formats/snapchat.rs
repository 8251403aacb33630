//! Snapchat "My Data" (JSON): `json/account.json`, whose `Login History` lists
//! `{ "IP", "Country", "Created": "2021-08-24 12:34:56 UTC", "Status", "Device" }`.

use std::io::Read;

use super::{file_name, folders, json_error, json_object, Format};
use crate::archive::json::{Keep, Step};
use crate::archive::{time, Reading, Sink};

pub const FORMATS: &[Format] = &[Format {
    platform: "snapchat",
    matches: |path| file_name(path) == "account.json" && folders(path).last() == Some("json"),
    reading: Reading::Stream,
    parse,
}];

/// Only `Login History` and its entries' fields are kept.
fn keep(path: &[Step]) -> bool {
    match path {
        [] | [Step::Key("Login History")] | [Step::Key("Login History"), Step::Item] => true,
        [Step::Key("Login History"), Step::Item, Step::Key(field)] => {
            matches!(*field, "IP" | "Country" | "Created" | "Device")
        }
        _ => false,
    }
}

fn parse(content: &mut dyn Read, sink: &mut Sink) -> Result<(), String> {
    let account = json_object(content, Keep::Only(&keep))?;
    let logins = account.objects("Login History").map_err(json_error)?;
    for login in logins.into_iter().flatten() {
        let field = |name| login.string(name).map_err(json_error);
        sink.record(
            field("Created")?.and_then(|c| time::parse(c, false)),
            field("IP")?,
            field("Country")?.map(str::to_owned),
            field("Device")?.map(str::to_owned),
        );
    }
    Ok(())
}
