//! The JSON reader of the export formats: streaming from any reader, keeping only the parts of the
//! document a format asks for, every other value checked and dropped as it is read.
//!
//! It replaced serde_json's reading in the export formats for the data-export page's module: the
//! derived visitors, serde_json's deserializer and the float code its error messages bring made
//! about a quarter of that module (docs/performance.md, "The data-export page's module toward
//! 400,000 B"). tests/archive_json.rs reads a corpus of valid and broken JSON with both and requires
//! the same values, and an error from both for the same texts.
//!
//! What it takes is RFC 8259 JSON, as serde_json takes it: no byte-order mark, no comments, no
//! trailing commas, strings of valid UTF-8 without raw control characters, escapes that are well
//! formed (a lone surrogate escape is an error), nesting at most 127 deep. Numbers keep their text;
//! the formats read times from it (`time::from_epoch_text`).

use std::fmt;
use std::io::Read;

/// A value of the document, or of the parts of it that were kept.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    /// The number's text as the document writes it (`1690000000`, `-1.5e3`).
    Number(String),
    String(String),
    Array(Vec<Value>),
    Object(Object),
}

/// An object's members in document order. A key that appears twice keeps both; [`Object::get`]
/// answers with the last, as serde_json's map keeps the last.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Object(pub Vec<(String, Value)>);

/// One step of a value's place in the document, from the root: a member's key, or an array's item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step<'a> {
    Key(&'a str),
    Item,
}

/// Which values of a document to keep.
#[derive(Clone, Copy)]
pub enum Keep<'a> {
    Everything,
    /// Those whose place (the steps from the root) the function accepts. It is asked about each
    /// value inside a kept array or object, never about what is inside a dropped one, nor about a
    /// value more than [`MAX_ASKED_DEPTH`] deep, which is dropped.
    Only(&'a dyn Fn(&[Step]) -> bool),
}

/// Why a text is not JSON, and where: the line and column (in bytes, from 1) where reading stopped;
/// no place when the input itself could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub message: String,
    pub at: Option<(usize, usize)>,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.at {
            Some((line, column)) => write!(f, "{} at line {line} column {column}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl Value {
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[Value]> {
        match self {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&Object> {
        match self {
            Value::Object(object) => Some(object),
            _ => None,
        }
    }

    /// The member `key` of an object; `None` for anything else.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.as_object()?.get(key)
    }

    /// The value as a list of objects, the way a typed reader takes one; an error naming `what`
    /// (`the file`, a member's key) when it is not a list or an item is not an object.
    pub fn objects(&self, what: &str) -> Result<Vec<&Object>, String> {
        let items = self
            .as_array()
            .ok_or_else(|| format!("{what} is not a list"))?;
        items
            .iter()
            .map(|item| {
                item.as_object()
                    .ok_or_else(|| format!("an item of {what} is not an object"))
            })
            .collect()
    }
}

impl Object {
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.0.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v))
    }

    pub fn values(&self) -> impl Iterator<Item = &Value> {
        self.0.iter().map(|(_, v)| v)
    }

    /// The member `key` as a string, the way a typed reader takes an optional string field:
    /// absent or `null` is `None`, a string is `Some`, anything else is an error naming the key.
    pub fn string(&self, key: &str) -> Result<Option<&str>, String> {
        match self.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(_) => Err(format!("`{key}` is not a string")),
        }
    }

    /// The member `key` as an object (absent or `null`: `None`; another type: an error).
    pub fn object(&self, key: &str) -> Result<Option<&Object>, String> {
        match self.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Object(o)) => Ok(Some(o)),
            Some(_) => Err(format!("`{key}` is not an object")),
        }
    }

    /// The member `key` as a list of objects (absent or `null`: `None`; another type, or an item
    /// that is not an object: an error).
    pub fn objects(&self, key: &str) -> Result<Option<Vec<&Object>>, String> {
        match self.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(value) => value.objects(&format!("`{key}`")).map(Some),
        }
    }
}

/// Reads one JSON document from `input` to its end (only whitespace may follow it), keeping what
/// `keep` says (the root is always kept; a value not kept is read, checked and dropped).
pub fn read(input: &mut dyn Read, keep: Keep) -> Result<Value, Error> {
    Reader::new(input, keep).document()
}

/// Like [`read`], for a text already in memory (one line of a file): read where it is, without the
/// buffer a reader needs.
pub fn read_slice(text: &[u8], keep: Keep) -> Result<Value, Error> {
    let mut nothing_more = std::io::empty();
    let mut reader = Reader::new(&mut nothing_more, keep);
    reader.buffer = text.to_vec();
    reader.filled = text.len();
    reader.document()
}

/// Like [`read`], but whatever follows the document is not read (X's files may end with more).
pub fn read_first(input: &mut dyn Read, keep: Keep) -> Result<Value, Error> {
    Reader::new(input, keep).any(true)
}

/// How deep [`Keep::Only`] is asked about values; no format wants one deeper.
pub const MAX_ASKED_DEPTH: usize = 16;

/// Arrays and objects nested deeper are refused, as serde_json refuses them (its recursion limit,
/// 128, counts one more), so that a hostile document cannot exhaust the stack.
const MAX_DEPTH: usize = 127;
const BUFFER_BYTES: usize = 64 << 10;

struct Reader<'a> {
    input: &'a mut dyn Read,
    keep: Keep<'a>,
    buffer: Vec<u8>,
    /// The unread bytes are `buffer[at..filled]`.
    at: usize,
    filled: usize,
    line: usize,
    /// Bytes of the current line before `at`, counted when the buffer is refilled.
    line_start: isize,
    /// The place of the value being read: its keys (`None`: an array's item).
    path: Vec<Option<String>>,
}

impl<'a> Reader<'a> {
    fn new(input: &'a mut dyn Read, keep: Keep<'a>) -> Self {
        Self {
            input,
            keep,
            buffer: Vec::new(),
            at: 0,
            filled: 0,
            line: 1,
            line_start: 0,
            path: Vec::new(),
        }
    }

    fn error(&self, message: impl Into<String>) -> Error {
        let column = (self.at as isize - self.line_start).max(0) as usize + 1;
        Error {
            message: message.into(),
            at: Some((self.line, column)),
        }
    }

    /// The next byte without taking it; `None` at the end of the input.
    fn peek(&mut self) -> Result<Option<u8>, Error> {
        if self.at == self.filled && !self.fill()? {
            return Ok(None);
        }
        Ok(Some(self.buffer[self.at]))
    }

    /// Reads more of the input into the buffer; `false` at its end.
    fn fill(&mut self) -> Result<bool, Error> {
        if self.buffer.is_empty() {
            self.buffer = vec![0; BUFFER_BYTES];
        }
        self.line_start -= self.filled as isize;
        self.at = 0;
        self.filled = 0;
        loop {
            match self.input.read(&mut self.buffer) {
                Ok(n) => {
                    self.filled = n;
                    return Ok(n > 0);
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                // The decompressor's own words, as the other formats report them.
                Err(e) => {
                    return Err(Error {
                        message: e.to_string(),
                        at: None,
                    })
                }
            }
        }
    }

    fn next(&mut self) -> Result<Option<u8>, Error> {
        let byte = self.peek()?;
        if let Some(b) = byte {
            self.at += 1;
            if b == b'\n' {
                self.line += 1;
                self.line_start = self.at as isize;
            }
        }
        Ok(byte)
    }

    fn expect(&mut self, wanted: u8) -> Result<(), Error> {
        match self.next()? {
            Some(b) if b == wanted => Ok(()),
            Some(_) => Err(self.error(format!("expected `{}`", wanted as char))),
            None => Err(self.error(format!(
                "the text ends where `{}` was expected",
                wanted as char
            ))),
        }
    }

    /// The next byte that is not whitespace, not taken.
    fn skip_whitespace(&mut self) -> Result<Option<u8>, Error> {
        while let Some(b) = self.peek()? {
            if !matches!(b, b' ' | b'\t' | b'\n' | b'\r') {
                return Ok(Some(b));
            }
            self.next()?;
        }
        Ok(None)
    }

    /// The one value of the input, to its end: only whitespace may follow it.
    fn document(&mut self) -> Result<Value, Error> {
        let value = self.any(true)?;
        match self.skip_whitespace()? {
            None => Ok(value),
            Some(_) => Err(self.error("more after the end of the document")),
        }
    }

    /// Whether the value at the current path is to be kept.
    fn keeps(&self) -> bool {
        let Keep::Only(keep) = self.keep else {
            return true;
        };
        let depth = self.path.len();
        if depth > MAX_ASKED_DEPTH {
            return false;
        }
        // On the stack: asked once per value.
        let mut steps = [Step::Item; MAX_ASKED_DEPTH];
        for (step, part) in steps.iter_mut().zip(&self.path) {
            *step = part.as_deref().map_or(Step::Item, Step::Key);
        }
        keep(&steps[..depth])
    }

    /// The next value; `Value::Null` for one not `kept` (read and checked all the same).
    fn any(&mut self, kept: bool) -> Result<Value, Error> {
        match self.skip_whitespace()? {
            None => Err(self.error("the text ends where a value was expected")),
            Some(b'{') => self.object(kept),
            Some(b'[') => self.array(kept),
            Some(b'"') => {
                self.next()?;
                let s = self.string(kept)?;
                Ok(if kept { Value::String(s) } else { Value::Null })
            }
            Some(b'-' | b'0'..=b'9') => {
                let n = self.number(kept)?;
                Ok(if kept { Value::Number(n) } else { Value::Null })
            }
            Some(b't') => self.word("true", Value::Bool(true)),
            Some(b'f') => self.word("false", Value::Bool(false)),
            Some(b'n') => self.word("null", Value::Null),
            Some(_) => Err(self.error("expected a value")),
        }
    }

    fn word(&mut self, word: &str, value: Value) -> Result<Value, Error> {
        for &wanted in word.as_bytes() {
            // Peeked first, so that the error points at the byte that differs.
            if self.peek()? != Some(wanted) {
                return Err(self.error(format!("expected `{word}`")));
            }
            self.next()?;
        }
        Ok(value)
    }

    fn nest(&mut self) -> Result<(), Error> {
        if self.path.len() >= MAX_DEPTH {
            return Err(self.error(format!("nested more than {MAX_DEPTH} deep")));
        }
        Ok(())
    }

    fn array(&mut self, kept: bool) -> Result<Value, Error> {
        self.nest()?;
        self.next()?;
        let mut items = Vec::new();
        if self.skip_whitespace()? == Some(b']') {
            self.next()?;
            return Ok(Value::Array(items));
        }
        self.path.push(None);
        let keep_items = kept && self.keeps();
        loop {
            let item = self.any(keep_items)?;
            if keep_items {
                items.push(item);
            }
            if self.comma_or(b']', "a list")? {
                break;
            }
        }
        self.path.pop();
        Ok(if kept {
            Value::Array(items)
        } else {
            Value::Null
        })
    }

    /// After an item or a member: a comma (`false`: another follows) or `close` (`true`: the end).
    fn comma_or(&mut self, close: u8, inside: &str) -> Result<bool, Error> {
        match self.skip_whitespace()? {
            Some(b',') => {
                self.next()?;
                Ok(false)
            }
            Some(b) if b == close => {
                self.next()?;
                Ok(true)
            }
            Some(_) => Err(self.error(format!("expected `,` or `{}`", char::from(close)))),
            None => Err(self.error(format!("the text ends inside {inside}"))),
        }
    }

    fn object(&mut self, kept: bool) -> Result<Value, Error> {
        self.nest()?;
        self.next()?;
        let mut members = Vec::new();
        if self.skip_whitespace()? == Some(b'}') {
            self.next()?;
            return Ok(Value::Object(Object(members)));
        }
        loop {
            match self.skip_whitespace()? {
                Some(b'"') => {
                    self.next()?;
                }
                Some(_) => return Err(self.error("expected a key")),
                None => return Err(self.error("the text ends inside an object")),
            }
            // A key inside a value not kept is not held either: nothing is asked about its place.
            let key = self.string(kept)?;
            self.skip_whitespace()?;
            self.expect(b':')?;
            self.path.push(Some(key));
            let keep_member = kept && self.keeps();
            let value = self.any(keep_member)?;
            let key = self.path.pop().flatten().unwrap_or_default();
            if keep_member {
                members.push((key, value));
            }
            if self.comma_or(b'}', "an object")? {
                break;
            }
        }
        Ok(if kept {
            Value::Object(Object(members))
        } else {
            Value::Null
        })
    }

    /// A string's contents after its opening quote, through its closing one (escapes, UTF-8 and
    /// the absence of raw control characters checked). Not `kept`: checked as it streams by and
    /// never held (an empty string comes back), however long it is.
    fn string(&mut self, kept: bool) -> Result<String, Error> {
        // Kept: the whole string. Not kept: at most the start of a character that a buffer's end cut.
        let mut bytes = Vec::new();
        loop {
            if self.at == self.filled && !self.fill()? {
                return Err(self.error("the text ends inside a string"));
            }
            // The plain run up to the next quote, backslash or control character, at once.
            let run = &self.buffer[self.at..self.filled];
            let plain = run
                .iter()
                .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
                .unwrap_or(run.len());
            bytes.extend_from_slice(&run[..plain]);
            self.at += plain;
            if !kept {
                self.check_utf8(&mut bytes)?;
            }
            if self.at == self.filled {
                // The run reached the end of the buffer, not of the string: read on.
                continue;
            }
            match self.next()? {
                Some(b'"') => break,
                Some(b'\\') => self.escape(&mut bytes)?,
                _ => return Err(self.error("a control character inside a string")),
            }
        }
        let text =
            String::from_utf8(bytes).map_err(|_| self.error("a string that is not UTF-8"))?;
        Ok(if kept { text } else { String::new() })
    }

    /// Checks the bytes of a string not kept, and lets go of all but the start of a character the
    /// buffer's end cut (at most three bytes), which the next run completes.
    fn check_utf8(&self, bytes: &mut Vec<u8>) -> Result<(), Error> {
        match std::str::from_utf8(bytes) {
            Ok(_) => bytes.clear(),
            Err(e) if e.error_len().is_none() => {
                bytes.drain(..e.valid_up_to());
            }
            Err(_) => return Err(self.error("a string that is not UTF-8")),
        }
        Ok(())
    }

    fn escape(&mut self, bytes: &mut Vec<u8>) -> Result<(), Error> {
        let byte = match self.next()? {
            Some(b'"') => b'"',
            Some(b'\\') => b'\\',
            Some(b'/') => b'/',
            Some(b'b') => 0x08,
            Some(b'f') => 0x0c,
            Some(b'n') => b'\n',
            Some(b'r') => b'\r',
            Some(b't') => b'\t',
            Some(b'u') => {
                let unit = self.hex4()?;
                let c = match unit {
                    0xd800..=0xdbff => {
                        if self.next()? != Some(b'\\') || self.next()? != Some(b'u') {
                            return Err(self.error("a lone surrogate escape"));
                        }
                        let low = self.hex4()?;
                        if !(0xdc00..=0xdfff).contains(&low) {
                            return Err(self.error("a lone surrogate escape"));
                        }
                        0x10000 + ((u32::from(unit) - 0xd800) << 10) + (u32::from(low) - 0xdc00)
                    }
                    0xdc00..=0xdfff => return Err(self.error("a lone surrogate escape")),
                    unit => u32::from(unit),
                };
                let c = char::from_u32(c).ok_or_else(|| self.error("an invalid escape"))?;
                bytes.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
                return Ok(());
            }
            _ => return Err(self.error("an invalid escape")),
        };
        bytes.push(byte);
        Ok(())
    }

    fn hex4(&mut self) -> Result<u16, Error> {
        let mut unit = 0u16;
        for _ in 0..4 {
            let digit = self
                .next()?
                .and_then(|b| (b as char).to_digit(16))
                .ok_or_else(|| self.error("an invalid `\\u` escape"))?;
            unit = unit * 16 + digit as u16;
        }
        Ok(unit)
    }

    /// A number's text: `-`? (`0` | [1-9][0-9]*) (`.` [0-9]+)? ([eE] [+-]? [0-9]+)?; empty when
    /// not `kept` (checked, never held, however long).
    fn number(&mut self, kept: bool) -> Result<String, Error> {
        let mut text = String::new();
        if self.peek()? == Some(b'-') {
            self.take(&mut text, kept)?;
        }
        match self.peek()? {
            Some(b'0') => self.take(&mut text, kept)?,
            Some(b'1'..=b'9') => {
                self.digits(&mut text, kept)?;
            }
            _ => return Err(self.error("a number without digits")),
        }
        if self.peek()? == Some(b'.') {
            self.take(&mut text, kept)?;
            if self.digits(&mut text, kept)? == 0 {
                return Err(self.error("a number without digits after its point"));
            }
        }
        if matches!(self.peek()?, Some(b'e' | b'E')) {
            self.take(&mut text, kept)?;
            if matches!(self.peek()?, Some(b'+' | b'-')) {
                self.take(&mut text, kept)?;
            }
            if self.digits(&mut text, kept)? == 0 {
                return Err(self.error("a number without digits in its exponent"));
            }
        }
        Ok(text)
    }

    /// Takes the next byte (there is one: the caller peeked it), into `text` if `kept`.
    fn take(&mut self, text: &mut String, kept: bool) -> Result<(), Error> {
        if let (Some(b), true) = (self.next()?, kept) {
            text.push(char::from(b));
        }
        Ok(())
    }

    /// Takes the digits that follow, into `text` if `kept`; how many.
    fn digits(&mut self, text: &mut String, kept: bool) -> Result<usize, Error> {
        let mut count = 0;
        while matches!(self.peek()?, Some(b'0'..=b'9')) {
            self.take(text, kept)?;
            count += 1;
        }
        Ok(count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &str) -> Result<Value, Error> {
        read(&mut text.as_bytes(), Keep::Everything)
    }

    #[test]
    fn keeps_only_what_is_asked_for() {
        let text = r#"[{"ipAudit": {"createdAt": "2021", "loginIp": "1.2.3.4", "other": [1, {"x": "\u00e9"}]}, "big": "skipped"}]"#;
        let keep = |path: &[Step]| {
            matches!(
                path,
                [Step::Item]
                    | [Step::Item, Step::Key("ipAudit")]
                    | [
                        Step::Item,
                        Step::Key("ipAudit"),
                        Step::Key("createdAt" | "loginIp")
                    ]
            )
        };
        let value = read(&mut text.as_bytes(), Keep::Only(&keep)).unwrap();
        let audit = value.as_array().unwrap()[0]
            .get("ipAudit")
            .unwrap()
            .as_object()
            .unwrap();
        assert_eq!(audit.0.len(), 2);
        assert_eq!(audit.string("loginIp"), Ok(Some("1.2.3.4")));
        assert_eq!(value.as_array().unwrap()[0].get("big"), None);
    }

    #[test]
    fn a_dropped_value_is_still_checked() {
        let keep_nothing = |path: &[Step]| path.is_empty();
        for bad in [
            r#"{"a": [1, 2,]}"#,
            r#"{"a": "\x"}"#,
            "{\"a\": \"\u{1}\"}",
            r#"{"a": 01}"#,
            r#"{"a": "\ud800"}"#,
        ] {
            assert!(
                read(&mut bad.as_bytes(), Keep::Only(&keep_nothing)).is_err(),
                "{bad}"
            );
        }
        assert!(read(&mut &b"{\"a\": \"\xff\"}"[..], Keep::Only(&keep_nothing)).is_err());
    }

    #[test]
    fn errors_say_where() {
        let error = all("{\n  \"a\": tru }").unwrap_err();
        assert_eq!(error.at, Some((2, 11)), "{error}");
        assert!(error.to_string().contains("line 2 column 11"));
    }

    #[test]
    fn nesting_is_bounded() {
        let deep = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
        assert!(all(&deep).is_ok());
        let deeper = "[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1);
        assert!(all(&deeper).unwrap_err().message.contains("nested"));
        assert!(all(&"[".repeat(100_000)).is_err());
    }

    #[test]
    fn what_follows_the_document() {
        assert!(all("[1] x").is_err());
        assert_eq!(
            read_first(&mut "[1];\n".as_bytes(), Keep::Everything),
            Ok(Value::Array(vec![Value::Number("1".into())]))
        );
    }

    #[test]
    fn a_duplicate_key_answers_with_the_last() {
        let value = all(r#"{"a": "1", "a": "2"}"#).unwrap();
        assert_eq!(value.get("a").and_then(Value::as_str), Some("2"));
    }

    #[test]
    fn typed_fields() {
        let value = all(r#"{"s": "x", "n": 5, "z": null, "l": [{}], "m": [1]}"#).unwrap();
        let object = value.as_object().unwrap();
        assert_eq!(object.string("s"), Ok(Some("x")));
        assert_eq!(object.string("z"), Ok(None));
        assert_eq!(object.string("absent"), Ok(None));
        assert!(object.string("n").is_err());
        assert_eq!(object.objects("l").map(|l| l.map(|l| l.len())), Ok(Some(1)));
        assert!(object.objects("m").is_err());
        assert!(object.object("s").is_err());
    }
}
