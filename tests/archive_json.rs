//! The export formats' JSON reader (src/archive/json.rs) against serde_json, which it replaced: on a
//! corpus of valid and broken texts, and on many more made by breaking them a byte at a time, both
//! must take the same texts, read them to the same values, and refuse the same others.
//!
//! One difference is by design and kept out of the corpus: a number too large for a float (`1e400`)
//! is taken, its text kept, where serde_json refuses it; the formats read only times from numbers,
//! and such a time is refused when it is read.

use std::alloc::{GlobalAlloc, Layout, System};
use std::io::Read;
use std::sync::atomic::{AtomicUsize, Ordering};

use disclosure_lens::archive::json::{self, Keep, Step, Value};

/// The allocator, counting: how many bytes are held now, and the most since `PEAK` was last reset.
struct Counting;

static HELD: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let held = HELD.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(held, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        HELD.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// A value of ours as serde_json would hold it: numbers through serde_json's own reading of their
/// text, and a key written twice keeping its last value.
fn as_serde(value: &Value) -> serde_json::Value {
    match value {
        Value::Null => serde_json::Value::Null,
        Value::Bool(b) => serde_json::Value::Bool(*b),
        Value::Number(text) => serde_json::from_str(text).expect("a number's text is a number"),
        Value::String(s) => serde_json::Value::String(s.clone()),
        Value::Array(items) => serde_json::Value::Array(items.iter().map(as_serde).collect()),
        Value::Object(object) => serde_json::Value::Object(
            object
                .iter()
                .map(|(k, v)| (k.to_owned(), as_serde(v)))
                .collect(),
        ),
    }
}

/// Both readings of `bytes`: the same value, or both refusing it (and ours the same from a reader
/// and from memory).
fn same_reading(bytes: &[u8]) {
    let ours = json::read(&mut &bytes[..], Keep::Everything);
    assert_eq!(
        json::read_slice(bytes, Keep::Everything),
        ours,
        "read_slice"
    );
    let theirs = serde_json::from_reader::<_, serde_json::Value>(bytes);
    match (&ours, &theirs) {
        // The one difference by design (above).
        (Ok(_), Err(e)) if e.to_string().starts_with("number out of range") => {}
        (Ok(ours), Ok(theirs)) => assert_eq!(
            &as_serde(ours),
            theirs,
            "{:?}",
            String::from_utf8_lossy(bytes)
        ),
        (Err(_), Err(_)) => {}
        _ => panic!(
            "{:?}: ours {:?}, serde_json {:?}",
            String::from_utf8_lossy(bytes),
            ours.as_ref().map(|_| "taken").map_err(ToString::to_string),
            theirs
                .as_ref()
                .map(|_| "taken")
                .map_err(ToString::to_string)
        ),
    }
}

const CORPUS: &[&str] = &[
    "null",
    "true",
    "false",
    "0",
    "-0",
    "12345678901234567890",
    "-1.5e-3",
    "1E+2",
    "2.50",
    r#""""#,
    r#""plain""#,
    r#""\" \\ \/ \b \f \n \r \t""#,
    r#""\u00e9\u4e2d\ud83d\ude00""#,
    r#""IP 주소 · café""#,
    "[]",
    "{}",
    " \t\r\n[ 1 , 2 ] \n",
    r#"{"a": {"b": [1, {"c": null}]}, "d": "e"}"#,
    r#"{"a": 1, "a": 2}"#,
    r#"[{"ipAudit": {"createdAt": "2019-01-01T12:00:00.000Z", "loginIp": "203.0.113.5"}}]"#,
    r#"{"account_activity_v2": [{"name": "Login", "ip_address": "198.51.100.7", "timestamp": 1625140800, "user_agent": "Mozilla/5.0"}]}"#,
    // Refused by both.
    "",
    " ",
    "nul",
    "True",
    "01",
    "1.",
    ".5",
    "-",
    "1e",
    "+1",
    "0x10",
    "NaN",
    "[1,]",
    "[1 2]",
    "{\"a\" 1}",
    "{\"a\": 1,}",
    "{a: 1}",
    "{\"a\": 1",
    "[",
    "\"open",
    "\"\\x\"",
    "\"\\u12\"",
    "\"\\ud800\"",
    "\"\\udc00\"",
    "\"\\ud800\\u0041\"",
    "\"tab\there\"",
    "[1] 2",
    "// comment\n1",
    "\u{feff}[]",
    "'single'",
];

#[test]
fn the_corpus_reads_as_serde_json_reads_it() {
    for text in CORPUS {
        same_reading(text.as_bytes());
    }
    for bad in [
        &b"\"\xff\""[..],
        b"\"\xc3\"",
        b"\"\xed\xa0\x80\"",
        b"[\"\xe2\x82\"]",
    ] {
        same_reading(bad);
    }
}

#[test]
fn nesting_is_refused_where_serde_json_refuses_it() {
    for depth in [127, 128, 129, 130] {
        same_reading(("[".repeat(depth) + &"]".repeat(depth)).as_bytes());
        same_reading(("{\"a\":".repeat(depth) + "1" + &"}".repeat(depth)).as_bytes());
    }
}

/// Every text of the corpus broken many ways, one to three bytes at a time: replaced by a byte
/// JSON gives meaning to (or any byte), removed, or doubled. Deterministic (a fixed-seed generator).
#[test]
fn broken_texts_read_as_serde_json_reads_them() {
    const MEANINGFUL: &[u8] = b"{}[],:\"\\ \n0123456789-+.eEtrufalsn\xc3\xa9\xff";
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut random = move |below: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % below as u64) as usize
    };
    let mut cases = 0;
    for text in CORPUS.iter().filter(|t| t.len() > 2) {
        for _ in 0..400 {
            let mut bytes = text.as_bytes().to_vec();
            for _ in 0..1 + random(3) {
                if bytes.is_empty() {
                    break;
                }
                let at = random(bytes.len());
                match random(4) {
                    0 => bytes[at] = MEANINGFUL[random(MEANINGFUL.len())],
                    1 => bytes[at] = random(256) as u8,
                    2 => {
                        bytes.remove(at);
                    }
                    _ => bytes.insert(at, bytes[at]),
                }
            }
            same_reading(&bytes);
            cases += 1;
        }
    }
    assert!(cases > 10_000, "{cases}");
}

/// A text read through a reader that gives one byte at a time reads as the whole: no value is cut
/// where the reader's buffer ends.
#[test]
fn a_reader_that_gives_little_at_a_time_reads_the_same() {
    struct Trickle<'a>(&'a [u8]);
    impl std::io::Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let Some((first, rest)) = self.0.split_first() else {
                return Ok(0);
            };
            buf[0] = *first;
            self.0 = rest;
            Ok(1)
        }
    }
    for text in CORPUS {
        let whole = json::read(&mut text.as_bytes(), Keep::Everything);
        let trickled = json::read(&mut Trickle(text.as_bytes()), Keep::Everything);
        assert_eq!(
            whole.map_err(|e| e.message),
            trickled.map_err(|e| e.message),
            "{text:?}"
        );
    }
    // Strings longer than the reader's buffer (64 KiB).
    let long = format!("[\"{}\", \"{}\"]", "é".repeat(40_000), "a".repeat(70_000));
    same_reading(long.as_bytes());
}

/// A value not kept is never held, however large: a 32 MiB string and a 32 MiB number streamed past
/// take the reader's buffer, not their size (TikTok's one big file, skipped but for its logins).
#[test]
fn what_is_not_kept_is_never_held() {
    const SIZE: usize = 32 << 20;
    /// `{"skipped": "ééé…", "digits": 111…, "kept": "yes"}`, made as it is read.
    struct Large {
        at: usize,
        parts: Vec<(Vec<u8>, usize)>,
    }
    impl Read for Large {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let Some((pattern, left)) = self.parts.first_mut() else {
                return Ok(0);
            };
            let n = buf.len().min(*left) / pattern.len() * pattern.len();
            let n = if n == 0 { pattern.len().min(*left) } else { n };
            for (i, byte) in buf[..n].iter_mut().enumerate() {
                *byte = pattern[(self.at + i) % pattern.len()];
            }
            self.at += n;
            *left -= n;
            if *left == 0 {
                self.parts.remove(0);
                self.at = 0;
            }
            Ok(n)
        }
    }
    let part = |text: &[u8], times: usize| (text.to_vec(), text.len() * times);
    let large = || Large {
        at: 0,
        parts: vec![
            part(br#"{"skipped": ""#, 1),
            part("é".as_bytes(), SIZE / 2),
            part(br#"", "digits": "#, 1),
            part(b"1", SIZE),
            part(br#", "kept": "yes"}"#, 1),
        ],
    };
    let keep = |path: &[Step]| matches!(path, [] | [Step::Key("kept")]);
    let before = HELD.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let value = json::read(&mut large(), Keep::Only(&keep)).unwrap();
    let peak = PEAK.load(Ordering::Relaxed) - before;
    assert_eq!(value.get("kept").and_then(Value::as_str), Some("yes"));
    assert_eq!(value.as_object().map(|o| o.0.len()), Some(1));
    // The 64 KiB buffer, and room for what the other tests of this file hold meanwhile.
    assert!(peak < 4 << 20, "{peak} bytes held at most");
}
