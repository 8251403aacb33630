//! X (Twitter) archive: `data/ip-audit.js` (and `ip-audit-part2.js`, … when X splits it), a JSON
//! array behind a `window.YTD.ip_audit.part0 = ` assignment; each item is
//! `{ "ipAudit": { "accountId", "createdAt": "2019-01-01T12:00:00.000Z", "loginIp" } }`.
//!
//! The sign-up record: `data/account-creation-ip.js`
//! (`[{ "accountCreationIp": { "accountId", "userCreationIp" } }]`) gives the address the account
//! was created from but no time; `data/account.js` (`[{ "account": { …, "createdAt" } }]`) gives
//! the time. Together they are one more record with a time and an IP (`Sink::sign_up`).

use std::io::Read;

use serde::Deserialize;

use super::{file_name, folders, json_error, Format};
use crate::archive::{time, Reading, Sink};

pub const FORMATS: &[Format] = &[
    Format {
        platform: "x",
        matches: |path| {
            let name = file_name(path);
            folders(path).last() == Some("data")
                && name.starts_with("ip-audit")
                && name.ends_with(".js")
        },
        reading: Reading::Stream,
        parse,
    },
    Format {
        platform: "x",
        matches: |path| {
            folders(path).last() == Some("data")
                && ["account-creation-ip.js", "account.js"].contains(&file_name(path))
        },
        reading: Reading::Tree,
        parse: parse_sign_up,
    },
];

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SignUpItem {
    account_creation_ip: Option<CreationIp>,
    account: Option<Account>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CreationIp {
    user_creation_ip: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Account {
    created_at: Option<String>,
}

/// `account-creation-ip.js` or `account.js`: the sign-up's address or its time.
fn parse_sign_up(content: &mut dyn Read, sink: &mut Sink) -> Result<(), String> {
    skip_assignment(content)?;
    let mut json = serde_json::Deserializer::from_reader(content);
    let items = Vec::<SignUpItem>::deserialize(&mut json).map_err(json_error)?;
    for item in items {
        if let Some(ip) = item.account_creation_ip.and_then(|c| c.user_creation_ip) {
            sink.sign_up_ip(&ip);
        }
        if let Some(at) = item.account.and_then(|a| a.created_at) {
            sink.sign_up_time(&at);
        }
    }
    Ok(())
}

#[derive(Deserialize)]
struct Item {
    #[serde(rename = "ipAudit")]
    ip_audit: Option<IpAudit>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct IpAudit {
    created_at: Option<String>,
    login_ip: Option<String>,
}

fn parse(content: &mut dyn Read, sink: &mut Sink) -> Result<(), String> {
    skip_assignment(content)?;
    // Not `from_reader`: whatever follows the array (a `;`) is not ours to refuse.
    let mut json = serde_json::Deserializer::from_reader(content);
    let items = Vec::<Item>::deserialize(&mut json).map_err(json_error)?;
    for audit in items.into_iter().filter_map(|item| item.ip_audit) {
        let instant = audit
            .created_at
            .as_deref()
            .and_then(|t| time::parse(t, false));
        sink.record(instant, audit.login_ip.as_deref(), None, None);
    }
    Ok(())
}

/// Reads up to and including the `=` of `window.YTD.<name>.partN = `; the JSON follows.
pub(super) fn skip_assignment(content: &mut dyn Read) -> Result<(), String> {
    const MAX_PREFIX: usize = 200;
    let mut byte = [0u8; 1];
    let mut prefix = Vec::new();
    loop {
        match content.read(&mut byte) {
            Ok(1) if byte[0] == b'=' => break,
            Ok(1) if prefix.len() < MAX_PREFIX => prefix.push(byte[0]),
            Ok(1) => return Err("no `window.YTD… =` assignment at the start".into()),
            Ok(_) => return Err("empty, or no `window.YTD… =` assignment".into()),
            Err(e) => return Err(format!("cannot be read: {e}")),
        }
    }
    let prefix = String::from_utf8_lossy(&prefix);
    if !prefix
        .trim_start_matches('\u{feff}')
        .trim()
        .starts_with("window.YTD.")
    {
        return Err(format!(
            "does not start with `window.YTD.` (starts with {:?})",
            prefix.chars().take(40).collect::<String>()
        ));
    }
    Ok(())
}
