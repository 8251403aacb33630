//! Instagram "Download your information" (JSON): `login_activity.json` and `logout_activity.json`,
//! in `login_and_account_creation/` (older) or
//! `login_and_profile_creation/` (newer), either at the top of the export or inside
//! `security_and_login_information/` (record shapes: [`super::meta`]).

use super::{file_name, folders, meta, Format};
use crate::archive::Reading;

const FILES: &[&str] = &["login_activity.json", "logout_activity.json"];

const FOLDERS: &[&str] = &["login_and_account_creation", "login_and_profile_creation"];

pub const FORMATS: &[Format] = &[Format {
    platform: "instagram",
    matches: |path| {
        FILES.contains(&file_name(path))
            && folders(path).last().is_some_and(|f| FOLDERS.contains(&f))
    },
    reading: Reading::Tree,
    parse: meta::parse,
}];
