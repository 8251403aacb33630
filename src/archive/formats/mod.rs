//! One module per export format. Each names the files of its export that hold login, session or
//! access records (by their path inside the export, lower-cased) and reads them into the [`Sink`].
//! Where each layout comes from, and which versions are covered: `docs/archive-formats.md`.

mod discord;
mod facebook;
mod google;
mod instagram;
mod meta;
mod snapchat;
mod tiktok;
mod x;

use std::io::Read;

use super::json::{self, Keep, Object, Value};
use super::{Reading, Sink};

/// One kind of file of one export format.
pub struct Format {
    /// The knowledge-base id of the platform.
    pub platform: &'static str,
    /// Whether a (normalised) path is a file of this kind.
    pub matches: fn(&str) -> bool,
    pub reading: Reading,
    /// Reads the file; `Err` when it cannot be read at all.
    pub parse: fn(&mut dyn Read, &mut Sink) -> Result<(), String>,
}

const FORMATS: &[&[Format]] = &[
    x::FORMATS,
    facebook::FORMATS,
    instagram::FORMATS,
    google::FORMATS,
    tiktok::FORMATS,
    snapchat::FORMATS,
    discord::FORMATS,
];

/// The format a normalised path belongs to, if any.
pub fn find(path: &str) -> Option<&'static Format> {
    FORMATS
        .iter()
        .flat_map(|formats| formats.iter())
        .find(|format| (format.matches)(path))
}

/// The file name: the last path segment.
fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// The folder names above the file, nearest last.
fn folders(path: &str) -> impl Iterator<Item = &str> {
    let mut parts: Vec<&str> = path.split('/').collect();
    parts.pop();
    parts.into_iter()
}

/// A JSON value as text, whether the export wrote it as a string or a number (its text as written).
fn text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) | Value::Number(s) => Some(s.clone()),
        _ => None,
    }
}

/// Non-empty parts joined with ", ".
fn join(parts: &[Option<&str>]) -> Option<String> {
    let parts: Vec<&str> = parts
        .iter()
        .flatten()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// A JSON file's error: where its text is not JSON (the reader's message names the line and
/// column), or which field has the wrong type.
fn json_error(error: impl std::fmt::Display) -> String {
    format!("malformed JSON: {error}")
}

/// A file that must hold one JSON object (TikTok's, Snapchat's), read keeping what `keep` says.
fn json_object(content: &mut dyn Read, keep: Keep) -> Result<Object, String> {
    match json::read(content, keep).map_err(json_error)? {
        Value::Object(object) => Ok(object),
        _ => Err(json_error("the file is not an object")),
    }
}
