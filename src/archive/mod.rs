//! Reading a platform's data export: the login record a subpoena would return, counted the one way
//! `docs/archives.md` defines.
//!
//! Every export format (`formats`) turns the files it knows into [`LoginEvent`]s; an [`ArchiveReader`]
//! takes the files one at a time — from a zip ([`read_zip`]), a folder (the CLI) or a front end that
//! hands it each file — keeps the distinct (instant, IP) pairs and lists what it skipped and what it
//! could not read. [`ArchiveReader::report`] makes the [`ArchiveReport`]: the counts, and the
//! knowledge base's findings about the records it found, in the chosen jurisdiction.
//!
//! Hostile input is bounded ([`Limits`]): no file is ever written, every decompressed byte is
//! counted against a per-file and a total cap, and a parse error is an error for that file only.

mod findings;
mod formats;
mod input;
pub mod json;
mod time;
mod words;
// The WASM face is built only with the `archive-page` feature: the data-export page's own module
// (src/wasm.rs says which module carries which exports).
#[cfg(all(target_arch = "wasm32", feature = "archive-page"))]
mod wasm;

use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::net::IpAddr;

use serde::Serialize;

use crate::report::{Finding, NextStep};
use crate::Options;

#[cfg(not(target_arch = "wasm32"))]
pub use input::read_folder;
pub use input::{consider, read_zip};
pub use words::Why;

/// One record of the export's login, session or access logs that carries both a time and an IP.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoginEvent {
    /// Seconds since 1970-01-01T00:00:00Z (sub-second precision dropped).
    pub instant: i64,
    pub ip: IpAddr,
    /// The place the export gives for it (city, region, country), when it gives one.
    pub place: Option<String>,
    /// The device or browser, when the export gives one.
    pub device: Option<String>,
    /// The file it came from, as named inside the export.
    pub source: String,
}

/// The caps that keep a hostile or broken export from taking unbounded time or memory.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Decompressed bytes of one file that is parsed into a tree (the Meta formats).
    pub tree_file_bytes: u64,
    /// Decompressed bytes of one file that is read as a stream (every other format).
    pub stream_file_bytes: u64,
    /// Decompressed bytes read from the whole export.
    pub total_bytes: u64,
    /// Largest accepted ratio of a zip entry's stated size to its compressed size.
    pub max_ratio: u64,
    /// Distinct login events kept.
    pub max_events: usize,
    /// Entries listed as skipped (the rest are counted only).
    pub max_listed: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            tree_file_bytes: 64 << 20,
            stream_file_bytes: 1 << 30,
            total_bytes: 4 << 30,
            max_ratio: 1000,
            max_events: 1_000_000,
            max_listed: 1000,
        }
    }
}

/// A file the reader did not read, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skipped {
    pub path: String,
    pub reason: String,
}

/// A file the reader knows but could not (fully) read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileError {
    pub path: String,
    pub message: String,
}

/// One IP address of the login record: how often and when it appears.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AddressRow {
    pub ip: String,
    pub logins: usize,
    pub first: String,
    pub last: String,
    /// Distinct places the export gives for it.
    pub places: Vec<String>,
}

/// A place or a device the export gives for login records, and how many of them it is given for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NamedCount {
    pub name: String,
    pub logins: usize,
}

/// Logins per calendar month (UTC), for a timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MonthCount {
    /// `YYYY-MM`.
    pub month: String,
    pub logins: usize,
}

/// What the export shows of the platform's login record, and who can get it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ArchiveReport {
    /// The knowledge-base id of the platform whose export this is.
    pub platform: String,
    pub platform_name: String,
    pub language: String,
    pub jurisdiction: String,
    /// Distinct (instant, IP) pairs among the login records.
    pub logins: usize,
    /// Distinct IP addresses of those records.
    pub ips: usize,
    /// Oldest and newest instant of those records, RFC 3339 UTC.
    pub first: Option<String>,
    pub last: Option<String>,
    /// Login records without an IP (shown as context, never counted).
    pub without_ip: usize,
    /// Every IP address, most frequent first.
    pub addresses: Vec<AddressRow>,
    /// Every place the export gives for a login, most frequent first.
    pub places: Vec<NamedCount>,
    /// Every device or browser the export gives for a login, most frequent first.
    pub devices: Vec<NamedCount>,
    pub by_month: Vec<MonthCount>,
    /// The files the login record was read from.
    pub read: Vec<String>,
    pub skipped: Vec<Skipped>,
    /// Skipped files beyond the listed ones.
    pub skipped_unlisted: usize,
    pub errors: Vec<FileError>,
    /// Which legal process reaches these records, from the knowledge base.
    pub findings: Vec<Finding>,
    /// Set when the knowledge base has nothing on these records in this jurisdiction: the sentence
    /// to show instead of an empty list, as a page report's `no_facts`.
    pub no_facts: Option<String>,
    /// What to do next: the platform's checklist steps that protect these records (title, how, what
    /// the step does not do, the platform's page), as a page report's `next_steps`.
    pub next_steps: Vec<NextStep>,
    /// That logging out does not erase what the platform already keeps, as a page report's.
    pub logout_note: Option<String>,
}

/// Why an export could not be read at all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ArchiveError {
    /// `unreadable` (not a zip, truncated, or its directory is broken) or `unrecognised` (no file of
    /// a known export format).
    pub code: crate::report::ErrorCode,
    pub message: String,
}

impl std::fmt::Display for ArchiveError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// Where a format wants a file read: as a stream, or into a tree (which costs memory, so its cap is
/// smaller).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    Stream,
    Tree,
}

/// Collects the login record from the files of one export, one file at a time.
pub struct ArchiveReader {
    limits: Limits,
    platform: Option<&'static str>,
    /// (instant, ip) → where it came from, and the first place and device given for it.
    events: HashMap<(i64, IpAddr), Detail>,
    strings: Strings,
    without_ip: usize,
    read: Vec<String>,
    /// Paths and why, worded in the report's language when the report is made.
    skipped: Vec<(String, Why)>,
    skipped_unlisted: usize,
    errors: Vec<(String, Why)>,
    total_bytes: u64,
    /// Whether a page of a Meta export in HTML was seen (the report then says to ask for JSON).
    meta_html: bool,
    /// The sign-up's address (with the index of its file in `read`) and time, from two files of
    /// one export (X): counted once both are known.
    sign_up_ip: Option<(IpAddr, u32)>,
    sign_up_time: Option<i64>,
}

impl Default for ArchiveReader {
    fn default() -> Self {
        Self::new(Limits::default())
    }
}

impl ArchiveReader {
    pub fn new(limits: Limits) -> Self {
        Self {
            limits,
            platform: None,
            events: HashMap::new(),
            strings: Strings::default(),
            without_ip: 0,
            read: Vec::new(),
            skipped: Vec::new(),
            skipped_unlisted: 0,
            errors: Vec::new(),
            total_bytes: 0,
            meta_html: false,
            sign_up_ip: None,
            sign_up_time: None,
        }
    }

    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// Whether the file at `path` (as named inside the export) holds login records this reader
    /// reads, and how: a caller decompresses only those.
    pub fn wants(&self, path: &str) -> Option<Reading> {
        formats::find(&normalise(path)).map(|format| format.reading)
    }

    /// The cap on decompressed bytes for a file read in this way.
    pub fn cap(&self, reading: Reading) -> u64 {
        let per_file = match reading {
            Reading::Stream => self.limits.stream_file_bytes,
            Reading::Tree => self.limits.tree_file_bytes,
        };
        per_file.min(self.limits.total_bytes.saturating_sub(self.total_bytes))
    }

    /// Lists `path` as skipped.
    pub fn skip(&mut self, path: &str, why: Why) {
        self.meta_html |= why == Why::MetaHtml;
        if self.skipped.len() < self.limits.max_listed {
            self.skipped.push((path.to_owned(), why));
        } else {
            self.skipped_unlisted += 1;
        }
    }

    /// Records that `path`, a file this reader wants, could not be read.
    pub fn fail(&mut self, path: &str, why: Why) {
        self.errors.push((path.to_owned(), why));
    }

    /// Reads one file of the export: a login file of the export's platform is parsed, anything else
    /// is listed as skipped. Never fails as a whole: a file that cannot be read is listed as an error.
    pub fn add_file(&mut self, path: &str, content: &mut dyn Read) {
        let normalised = normalise(path);
        let Some(format) = formats::find(&normalised) else {
            self.skip(path, Why::NotALog);
            return;
        };
        match self.platform {
            Some(platform) if platform != format.platform => {
                self.skip(
                    path,
                    Why::OtherExport {
                        found: format.platform,
                        reading: platform,
                    },
                );
                return;
            }
            _ => {}
        }
        let cap = self.cap(format.reading);
        let mut counted = Capped {
            inner: content,
            left: cap,
            read: 0,
        };
        let mut sink = Sink {
            source: self.read.len() as u32,
            events: Vec::new(),
            strings: &mut self.strings,
            without_ip: 0,
            unreadable: 0,
            sign_up_ip: None,
            sign_up_time: None,
        };
        let outcome = (format.parse)(&mut counted, &mut sink);
        let Sink {
            source,
            events,
            without_ip,
            unreadable,
            sign_up_ip,
            sign_up_time,
            ..
        } = sink;
        self.total_bytes += counted.read;
        let over_cap = counted.left == 0 && counted.exhausted();
        match outcome {
            Ok(()) => {
                self.platform = Some(format.platform);
                self.read.push(path.to_owned());
                self.without_ip += without_ip;
                if unreadable > 0 {
                    self.fail(path, Why::UnreadableRecords(unreadable));
                }
                self.keep(path, events);
                self.sign_up_ip = sign_up_ip.map(|ip| (ip, source)).or(self.sign_up_ip);
                self.sign_up_time = sign_up_time.or(self.sign_up_time);
                if let (Some((ip, source)), Some(instant)) = (self.sign_up_ip, self.sign_up_time) {
                    // Once: the pair is taken.
                    (self.sign_up_ip, self.sign_up_time) = (None, None);
                    let detail = Detail {
                        source,
                        place: NONE,
                        device: NONE,
                    };
                    self.keep(path, vec![((instant, ip), detail)]);
                }
            }
            Err(detail) if over_cap => self.fail(path, Why::LargerThanCap { cap, detail }),
            Err(detail) => self.fail(path, Why::Malformed(detail)),
        }
    }

    /// Adds a file's events, once each: only a file read to its end counts.
    fn keep(&mut self, path: &str, events: Vec<((i64, IpAddr), Detail)>) {
        let mut dropped = 0usize;
        for (key, detail) in events {
            if let Some(known) = self.events.get_mut(&key) {
                if known.place == NONE {
                    known.place = detail.place;
                }
                if known.device == NONE {
                    known.device = detail.device;
                }
            } else if self.events.len() < self.limits.max_events {
                self.events.insert(key, detail);
            } else {
                dropped += 1;
            }
        }
        if dropped > 0 {
            self.fail(
                path,
                Why::TooManyEvents {
                    dropped,
                    max: self.limits.max_events,
                },
            );
        }
    }

    /// Every distinct login event read so far, in no particular order.
    pub fn events(&self) -> impl Iterator<Item = LoginEvent> + '_ {
        self.events
            .iter()
            .map(|(&(instant, ip), detail)| LoginEvent {
                instant,
                ip,
                place: self.strings.get(detail.place).map(str::to_owned),
                device: self.strings.get(detail.device).map(str::to_owned),
                source: self.read[detail.source as usize].clone(),
            })
    }

    /// The report of what was read so far: the counts, and the findings about the platform's login
    /// and subscriber records in `options`' jurisdiction and language. Fails when no file of a known
    /// format was found (`unrecognised`), or the compiled-in knowledge base is broken.
    pub fn report(&self, options: &Options) -> Result<ArchiveReport, ArchiveError> {
        let Some(platform) = self.platform.or_else(|| {
            // Known files that all failed still tell whose export it is.
            self.errors
                .iter()
                .find_map(|(path, _)| formats::find(&normalise(path)))
                .map(|f| f.platform)
        }) else {
            let looked_at = self.skipped.len() + self.skipped_unlisted;
            let lang = crate::kb::knowledge_base()
                .map(|kb| findings::language(kb, options))
                .unwrap_or_default();
            return Err(ArchiveError {
                code: crate::report::ErrorCode::Unrecognised,
                message: words::unrecognised(looked_at, self.meta_html, &lang),
            });
        };
        let mut by_ip: BTreeMap<IpAddr, (usize, i64, i64, Vec<String>)> = BTreeMap::new();
        let mut by_month: BTreeMap<(i64, i64), usize> = BTreeMap::new();
        let (mut places, mut devices) = (HashMap::new(), HashMap::new());
        let (mut first, mut last) = (i64::MAX, i64::MIN);
        for (&(instant, ip), detail) in &self.events {
            first = first.min(instant);
            last = last.max(instant);
            let row = by_ip.entry(ip).or_insert((0, instant, instant, Vec::new()));
            row.0 += 1;
            row.1 = row.1.min(instant);
            row.2 = row.2.max(instant);
            if let Some(place) = self.strings.get(detail.place) {
                if !row.3.iter().any(|p| p == place) {
                    row.3.push(place.to_owned());
                }
            }
            *by_month.entry(time::month(instant)).or_default() += 1;
            *places.entry(detail.place).or_insert(0usize) += 1;
            *devices.entry(detail.device).or_insert(0usize) += 1;
        }
        let mut addresses: Vec<AddressRow> = by_ip
            .into_iter()
            .map(|(ip, (logins, first, last, mut places))| {
                places.sort();
                AddressRow {
                    ip: ip.to_string(),
                    logins,
                    first: time::rfc3339(first),
                    last: time::rfc3339(last),
                    places,
                }
            })
            .collect();
        addresses.sort_by(|a, b| b.logins.cmp(&a.logins).then_with(|| a.ip.cmp(&b.ip)));
        let about = findings::about(platform, options)?;
        let worded = |list: &[(String, Why)]| -> Vec<(String, String)> {
            list.iter()
                .map(|(path, why)| (path.clone(), why.words(&about.language)))
                .collect()
        };
        let skipped = worded(&self.skipped)
            .into_iter()
            .map(|(path, reason)| Skipped { path, reason })
            .collect();
        let errors = worded(&self.errors)
            .into_iter()
            .map(|(path, message)| FileError { path, message })
            .collect();
        Ok(ArchiveReport {
            platform: platform.to_owned(),
            platform_name: about.platform_name,
            language: about.language,
            jurisdiction: about.jurisdiction,
            logins: self.events.len(),
            ips: addresses.len(),
            first: (!self.events.is_empty()).then(|| time::rfc3339(first)),
            last: (!self.events.is_empty()).then(|| time::rfc3339(last)),
            without_ip: self.without_ip,
            addresses,
            places: self.strings.ranked(places),
            devices: self.strings.ranked(devices),
            by_month: by_month
                .into_iter()
                .map(|((year, month), logins)| MonthCount {
                    month: format!("{year:04}-{month:02}"),
                    logins,
                })
                .collect(),
            read: self.read.clone(),
            skipped,
            skipped_unlisted: self.skipped_unlisted,
            errors,
            findings: about.findings,
            no_facts: about.no_facts,
            next_steps: about.next_steps,
            logout_note: about.logout_note,
        })
    }
}

/// Where a login event came from, and its place and device ([`Strings`] ids).
#[derive(Debug, Clone, Copy)]
struct Detail {
    source: u32,
    place: u32,
    device: u32,
}

/// The id of no string.
const NONE: u32 = 0;

/// Places and devices, each kept once: an export repeats them on every row.
#[derive(Default)]
struct Strings {
    list: Vec<String>,
    ids: HashMap<String, u32>,
}

impl Strings {
    fn id(&mut self, text: Option<String>) -> u32 {
        let Some(text) = text.map(short).filter(|t| !t.is_empty()) else {
            return NONE;
        };
        if let Some(&id) = self.ids.get(&text) {
            return id;
        }
        self.list.push(text.clone());
        let id = self.list.len() as u32;
        self.ids.insert(text, id);
        id
    }

    /// The strings of `counts` (ids to logins) with their counts, most frequent first, then by name;
    /// [`NONE`] is left out.
    fn ranked(&self, counts: HashMap<u32, usize>) -> Vec<NamedCount> {
        let mut rows: Vec<NamedCount> = counts
            .into_iter()
            .filter_map(|(id, logins)| {
                self.get(id).map(|name| NamedCount {
                    name: name.to_owned(),
                    logins,
                })
            })
            .collect();
        rows.sort_by(|a, b| b.logins.cmp(&a.logins).then_with(|| a.name.cmp(&b.name)));
        rows
    }

    fn get(&self, id: u32) -> Option<&str> {
        let index = id.checked_sub(1)? as usize;
        self.list.get(index).map(String::as_str)
    }
}

/// Where a format's parser puts what it reads.
pub(crate) struct Sink<'a> {
    /// The index the file will have in `ArchiveReader::read`.
    source: u32,
    events: Vec<((i64, IpAddr), Detail)>,
    strings: &'a mut Strings,
    /// Login records without an IP: context.
    without_ip: usize,
    /// Records whose time or IP could not be read.
    unreadable: usize,
    /// The sign-up's address or time, when the file gives one of them (X gives them apart).
    sign_up_ip: Option<IpAddr>,
    sign_up_time: Option<i64>,
}

impl Sink<'_> {
    /// One record with a time and an IP, both as the export writes them. A record without an IP is
    /// context; one whose time or IP cannot be read is counted as unreadable.
    pub(crate) fn record(
        &mut self,
        instant: Option<i64>,
        ip: Option<&str>,
        place: Option<String>,
        device: Option<String>,
    ) {
        let ip = ip.map(str::trim).filter(|ip| !ip.is_empty());
        let Some(ip) = ip else {
            self.without_ip += 1;
            return;
        };
        match (instant, parse_ip(ip)) {
            (Some(instant), Some(ip)) => {
                let detail = Detail {
                    source: self.source,
                    place: self.strings.id(place),
                    device: self.strings.id(device),
                };
                self.events.push(((instant, ip), detail));
            }
            _ => self.unreadable += 1,
        }
    }
}

impl Sink<'_> {
    /// The address the account was created from, as the export writes it.
    pub(crate) fn sign_up_ip(&mut self, ip: &str) {
        match parse_ip(ip) {
            Some(ip) => self.sign_up_ip = Some(ip),
            None => self.unreadable += 1,
        }
    }

    /// The time the account was created, as the export writes it.
    pub(crate) fn sign_up_time(&mut self, at: &str) {
        match time::parse(at, false) {
            Some(instant) => self.sign_up_time = Some(instant),
            None => self.unreadable += 1,
        }
    }
}

/// An IP address as exports write it: bare, in brackets, or IPv4-mapped IPv6 (kept as IPv4, its
/// canonical form).
pub(crate) fn parse_ip(text: &str) -> Option<IpAddr> {
    let text = text.trim().trim_start_matches('[').trim_end_matches(']');
    let ip: IpAddr = text.parse().ok()?;
    Some(match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    })
}

/// `64 MiB`, `100 bytes`.
pub(crate) fn size(bytes: u64) -> String {
    if bytes >= 1 << 20 {
        format!("{} MiB", bytes >> 20)
    } else {
        format!("{bytes} bytes")
    }
}

/// Places and devices are shown, not parsed: a hostile export cannot make them long.
fn short(text: String) -> String {
    const MAX: usize = 200;
    let text = text.trim();
    match text.char_indices().nth(MAX) {
        Some((cut, _)) => text[..cut].to_owned(),
        None => text.to_owned(),
    }
}

/// Whether `path` is a page of a Meta export in HTML: the HTML twin of a Facebook or Instagram
/// JSON login file, which this reader reads.
fn is_meta_html(path: &str) -> bool {
    normalise(path)
        .strip_suffix(".html")
        .and_then(|stem| formats::find(&format!("{stem}.json")))
        .is_some_and(|format| matches!(format.platform, "facebook" | "instagram"))
}

/// A path inside an export, for matching: forward slashes, lower case, no leading `./` or `/`.
fn normalise(path: &str) -> String {
    path.replace('\\', "/")
        .trim_start_matches("./")
        .trim_start_matches('/')
        .to_lowercase()
}

/// A reader that stops after `left` bytes, counting what it read.
struct Capped<'a> {
    inner: &'a mut dyn Read,
    left: u64,
    read: u64,
}

impl Capped<'_> {
    /// Whether the inner reader still had bytes when the cap was reached.
    fn exhausted(&mut self) -> bool {
        let mut probe = [0u8; 1];
        matches!(self.inner.read(&mut probe), Ok(1))
    }
}

impl Read for Capped<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.left == 0 {
            return Ok(0);
        }
        let max = buf.len().min(self.left.min(usize::MAX as u64) as usize);
        let n = self.inner.read(&mut buf[..max])?;
        self.left -= n as u64;
        self.read += n as u64;
        Ok(n)
    }
}
