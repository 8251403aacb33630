//! Facebook "Download your information" (JSON): the files of `security_and_login_information/`
//! that log logins, sessions and the IP addresses used (record shapes: [`super::meta`]).

use super::{file_name, folders, meta, Format};
use crate::archive::Reading;

/// The login, session and IP logs (the names the sources show; `docs/archive-formats.md`).
const FILES: &[&str] = &[
    "account_activity.json",
    "logins_and_logouts.json",
    "ip_address_activity.json",
    "where_you're_logged_in.json",
    "login_protection_data.json",
];

pub const FORMATS: &[Format] = &[Format {
    platform: "facebook",
    matches: |path| {
        FILES.contains(&file_name(path))
            && folders(path).last() == Some("security_and_login_information")
    },
    reading: Reading::Tree,
    parse: meta::parse,
}];
