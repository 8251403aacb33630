//! Instagram "Download your information" (JSON): `login_activity.json` and `logout_activity.json`,
//! in `login_and_account_creation/` (older) or
//! `login_and_profile_creation/` (newer), either at the top of the export or inside
//! `security_and_login_information/` (record shapes: [`super::meta`]); and the older exports' one
//! `account_history.json` at the top (2019–2020: `login_history`, `logout_history` lists of
//! `{ cookie_name, ip_address, language_code, timestamp: RFC 3339, user_agent, device_id }`, and
//! `registration_info`, the sign-up: `{ ip_address, registration_time, … }`).

use super::{file_name, folders, meta, Format};
use crate::archive::Reading;

const FILES: &[&str] = &["login_activity.json", "logout_activity.json"];

const FOLDERS: &[&str] = &["login_and_account_creation", "login_and_profile_creation"];

pub const FORMATS: &[Format] = &[
    Format {
        platform: "instagram",
        matches: |path| {
            FILES.contains(&file_name(path))
                && folders(path).last().is_some_and(|f| FOLDERS.contains(&f))
        },
        reading: Reading::Tree,
        parse: meta::parse,
    },
    Format {
        platform: "instagram",
        // At the top of the export, or in the one folder it was unpacked into; Snapchat's
        // `json/account_history.json` is another file.
        matches: |path| {
            file_name(path) == "account_history.json"
                && folders(path).count() <= 1
                && folders(path).last() != Some("json")
        },
        reading: Reading::Tree,
        parse: meta::parse,
    },
];
