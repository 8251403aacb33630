//! X (Twitter) archive: `data/ip-audit.js` (and `ip-audit-part2.js`, … when X splits it), a JSON
//! array behind a `window.YTD.ip_audit.part0 = ` assignment; each item is
//! `{ "ipAudit": { "accountId", "createdAt": "2019-01-01T12:00:00.000Z", "loginIp" } }`.
//!
//! The sign-up record: `data/account-creation-ip.js`
//! (`[{ "accountCreationIp": { "accountId", "userCreationIp" } }]`) gives the address the account
//! was created from but no time; `data/account.js` (`[{ "account": { …, "createdAt" } }]`) gives
//! the time. Together they are one more record with a time and an IP (`Sink::sign_up`).

use std::io::Read;

use super::{file_name, folders, json_error, Format};
use crate::archive::json::{self, Keep, Object, Step, Value};
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

/// The file's items, `[{ wrapper: { field, … } }, …]`, each keeping only the `wanted` (wrapper,
/// field) pairs.
fn items(content: &mut dyn Read, wanted: &[(&str, &str)]) -> Result<Value, String> {
    skip_assignment(content)?;
    let keep = |path: &[Step]| match path {
        [] | [Step::Item] => true,
        [Step::Item, Step::Key(wrapper)] => wanted.iter().any(|(w, _)| w == wrapper),
        [Step::Item, Step::Key(wrapper), Step::Key(field)] => wanted.contains(&(*wrapper, *field)),
        _ => false,
    };
    json::read_first(content, Keep::Only(&keep)).map_err(json_error)
}

/// `item`'s `wrapper` object's string `field`.
fn field<'a>(item: &'a Object, wrapper: &str, field: &str) -> Result<Option<&'a str>, String> {
    Ok(match item.object(wrapper).map_err(json_error)? {
        Some(object) => object.string(field).map_err(json_error)?,
        None => None,
    })
}

fn parse_sign_up(content: &mut dyn Read, sink: &mut Sink) -> Result<(), String> {
    // One file holds `accountCreationIp`, the other `account`: both are looked for in either.
    let wanted = [
        ("accountCreationIp", "userCreationIp"),
        ("account", "createdAt"),
    ];
    let items = items(content, &wanted)?;
    for item in items.objects("the file").map_err(json_error)? {
        if let Some(ip) = field(item, "accountCreationIp", "userCreationIp")? {
            sink.sign_up_ip(ip);
        }
        if let Some(at) = field(item, "account", "createdAt")? {
            sink.sign_up_time(at);
        }
    }
    Ok(())
}

fn parse(content: &mut dyn Read, sink: &mut Sink) -> Result<(), String> {
    let items = items(content, &[("ipAudit", "createdAt"), ("ipAudit", "loginIp")])?;
    for item in items.objects("the file").map_err(json_error)? {
        let Some(audit) = item.object("ipAudit").map_err(json_error)? else {
            continue;
        };
        let instant = audit
            .string("createdAt")
            .map_err(json_error)?
            .and_then(|t| time::parse(t, false));
        sink.record(
            instant,
            audit.string("loginIp").map_err(json_error)?,
            None,
            None,
        );
    }
    Ok(())
}

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
