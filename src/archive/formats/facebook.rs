//! Facebook "Download your information" (JSON): the files of `security_and_login_information/`
//! that log logins, sessions and the IP addresses used (record shapes: [`super::meta`]).

use super::{file_name, folders, meta, Format};
use crate::archive::Reading;

/// File names, current and older, of the login, session and IP logs.
const FILES: &[&str] = &[
    "account_activity.json",
    "logins_and_logouts.json",
    "ip_address_activity.json",
    "used_ip_addresses.json",
    "where_you're_logged_in.json",
    "where_you_re_logged_in.json",
    "login_protection_data.json",
    "active_sessions.json",
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
