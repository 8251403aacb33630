//! A snapshot's JSON text, as the content script writes it (`DisclosureLens.snapshotJson`) and
//! `dlens snapshot` prints it, read into [`PageSnapshot`] in one pass.
//!
//! It replaced serde_json with a derived `Deserialize` (docs/performance.md, "The branch
//! snapshot-reader") and accepts and refuses exactly what that did; tests/robustness.rs compares the
//! two on every fixture's snapshot and on mutated texts, and the fuzz target `snapshot_json` on what
//! libFuzzer makes:
//! - the snapshot is an object with the keys `url` (required), `lang`, `title`, `nodes` and
//!   `truncated`; a node is an object with `tag` (required), `parent`, `text`, `role`, `label`,
//!   `input_type`, `checked` and `value`. As serde reads any struct, either may also be an array of
//!   its values in that order, the missing last ones taking their defaults;
//! - a missing key takes its default; `null` is accepted only for the optional ones (`parent`,
//!   `role`, `label`, `input_type`, `checked`, `value`);
//! - an unknown key is skipped with any well-formed JSON value, however deeply nested (iteratively:
//!   a hostile text cannot overflow the stack); a known key twice, a value of the wrong type, a
//!   `parent` that is not a whole number from 0 to 4,294,967,295, and anything after the snapshot
//!   are errors;
//! - a string without an escape is borrowed from the text; one with escapes is unescaped into a copy
//!   (`\uXXXX` with UTF-16 surrogate pairs; half a pair is an error).
//!
//! Every error names the byte of the text where reading stopped. It reads hostile input: no panic,
//! and no allocation beyond what the text itself can fill (unescaped copies, at most `MAX_NODES + 1`
//! nodes kept: `PageSnapshot::into_bounded` keeps `MAX_NODES` of them and marks the rest cut).

use std::borrow::Cow;
use std::fmt;

use super::{Node, PageSnapshot, MAX_NODES};

/// Why a snapshot's JSON text cannot be read, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnapshotJsonError {
    /// The byte of the text where reading stopped.
    pub offset: usize,
    problem: Problem,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Problem {
    /// The text ends where more was needed.
    End,
    /// Something else stands where this was needed.
    Expected(&'static str),
    ControlCharacter,
    BadEscape,
    /// Half of a UTF-16 surrogate pair, escaped, without its other half.
    LoneSurrogate(u16),
    BadNumber,
    DuplicateKey(&'static str),
    MissingKey(&'static str),
    BadParent,
    /// A record given as an array holds more values than it has fields.
    TooManyValues(&'static str),
    TextAfterEnd,
}

impl fmt::Display for SnapshotJsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.problem {
            Problem::End => write!(f, "the text ends before the snapshot does")?,
            Problem::Expected(what) => write!(f, "expected {what}")?,
            Problem::ControlCharacter => write!(
                f,
                "a control character inside a string (it must be escaped)"
            )?,
            Problem::BadEscape => write!(
                f,
                r#"an escape that is not \" \\ \/ \b \f \n \r \t or \u and four hex digits"#
            )?,
            Problem::LoneSurrogate(half) => write!(
                f,
                r"\u{half:04X} is half of a UTF-16 surrogate pair, without its other half"
            )?,
            Problem::BadNumber => write!(f, "a malformed number")?,
            Problem::DuplicateKey(key) => write!(f, "the key \"{key}\" appears twice")?,
            Problem::MissingKey(key) => write!(f, "the key \"{key}\" is missing")?,
            Problem::BadParent => write!(
                f,
                "\"parent\" must be null or a whole number from 0 to {}",
                u32::MAX
            )?,
            Problem::TooManyValues(what) => {
                write!(f, "{what}, given as an array, has more values than fields")?
            }
            Problem::TextAfterEnd => write!(f, "more text after the snapshot's end")?,
        }
        write!(f, " at byte {}", self.offset)
    }
}

impl std::error::Error for SnapshotJsonError {}

impl<'a> PageSnapshot<'a> {
    /// Reads a snapshot's JSON text (see the module's documentation); its strings borrow from `text`
    /// wherever it holds them without an escape.
    pub fn from_json(text: &'a str) -> Result<Self, SnapshotJsonError> {
        let mut reader = Reader { text, at: 0 };
        let snapshot = reader.snapshot()?;
        if reader.peek().is_some() {
            return reader.fail(Problem::TextAfterEnd);
        }
        Ok(snapshot)
    }
}

type Read<T> = Result<T, SnapshotJsonError>;

#[derive(Clone, Copy)]
enum SnapshotKey {
    Url,
    Lang,
    Title,
    Nodes,
    Truncated,
}

/// The snapshot's keys in the order of its fields (the order of its array form); the first is required.
const SNAPSHOT_KEYS: &[(&str, SnapshotKey)] = &[
    ("url", SnapshotKey::Url),
    ("lang", SnapshotKey::Lang),
    ("title", SnapshotKey::Title),
    ("nodes", SnapshotKey::Nodes),
    ("truncated", SnapshotKey::Truncated),
];

#[derive(Clone, Copy)]
enum NodeKey {
    Tag,
    Parent,
    Text,
    Role,
    Label,
    InputType,
    Checked,
    Value,
}

/// A node's keys in the order of its fields; the first is required.
const NODE_KEYS: &[(&str, NodeKey)] = &[
    ("tag", NodeKey::Tag),
    ("parent", NodeKey::Parent),
    ("text", NodeKey::Text),
    ("role", NodeKey::Role),
    ("label", NodeKey::Label),
    ("input_type", NodeKey::InputType),
    ("checked", NodeKey::Checked),
    ("value", NodeKey::Value),
];

/// The bytes that end a run of a string's bytes taken as they are: `"`, `\` and control characters.
const ENDS_PLAIN_RUN: [bool; 256] = {
    let mut ends = [false; 256];
    let mut byte = 0;
    while byte < 0x20 {
        ends[byte] = true;
        byte += 1;
    }
    ends[b'"' as usize] = true;
    ends[b'\\' as usize] = true;
    ends
};

struct Reader<'a> {
    text: &'a str,
    /// The next byte to read; never past the text's end.
    at: usize,
}

impl<'a> Reader<'a> {
    fn fail_at<T>(&self, offset: usize, problem: Problem) -> Read<T> {
        Err(SnapshotJsonError { offset, problem })
    }

    fn fail<T>(&self, problem: Problem) -> Read<T> {
        self.fail_at(self.at, problem)
    }

    fn byte(&self, at: usize) -> Option<u8> {
        self.text.as_bytes().get(at).copied()
    }

    /// The next byte that is not JSON white space, not consumed.
    fn peek(&mut self) -> Option<u8> {
        while let Some(b' ' | b'\n' | b'\t' | b'\r') = self.byte(self.at) {
            self.at += 1;
        }
        self.byte(self.at)
    }

    /// The next byte that is not JSON white space, consumed; the end of the text is an error.
    fn next_byte(&mut self) -> Read<u8> {
        match self.peek() {
            Some(byte) => {
                self.at += 1;
                Ok(byte)
            }
            None => self.fail(Problem::End),
        }
    }

    /// Consumes `word` (`true`, `false`, `null`) where the next value starts.
    fn literal(&mut self, word: &'static str) -> Read<()> {
        let rest = self.text.as_bytes().get(self.at..).unwrap_or_default();
        if rest.starts_with(word.as_bytes()) {
            self.at += word.len();
            Ok(())
        } else if word.as_bytes().starts_with(rest) {
            self.fail_at(self.text.len(), Problem::End)
        } else {
            self.fail(Problem::Expected(word))
        }
    }

    /// Reads a record: an object of `keys`, or an array of their values in order. `field` reads the
    /// value of one key. The first key is required.
    fn record<K: Copy>(
        &mut self,
        what: &'static str,
        keys: &[(&'static str, K)],
        mut field: impl FnMut(&mut Self, K) -> Read<()>,
    ) -> Read<()> {
        let start = self.peek();
        let opened = self.at;
        match start {
            Some(b'{') => {
                self.at += 1;
                let mut seen = 0u32;
                if self.peek() == Some(b'}') {
                    self.at += 1;
                } else {
                    // Where to look first: the key after the last one read (keys come in order).
                    let mut next = 0;
                    loop {
                        if self.peek() != Some(b'"') {
                            return self.fail_or_end(Problem::Expected("a key in double quotes"));
                        }
                        let key_at = self.at;
                        self.at += 1;
                        // Writers put the keys in order, without escapes: each of the keys after
                        // the last one read is tried as it is first, then the key is read in full.
                        let found =
                            match (next..keys.len()).find(|&index| self.key_here(keys[index].0)) {
                                Some(index) => {
                                    self.at += keys[index].0.len() + 1;
                                    Some(index)
                                }
                                None => {
                                    let key = self.string_body()?;
                                    keys.iter().position(|(name, _)| *name == key)
                                }
                            };
                        if self.next_byte()? != b':' {
                            return self
                                .fail_at(self.at - 1, Problem::Expected("':' after the key"));
                        }
                        match found {
                            Some(index) => {
                                if seen & (1 << index) != 0 {
                                    return self
                                        .fail_at(key_at, Problem::DuplicateKey(keys[index].0));
                                }
                                seen |= 1 << index;
                                field(self, keys[index].1)?;
                                next = index + 1;
                            }
                            None => self.skip_value()?,
                        }
                        match self.next_byte()? {
                            b',' => {}
                            b'}' => break,
                            _ => return self.fail_at(self.at - 1, Problem::Expected("',' or '}'")),
                        }
                    }
                }
                if seen & 1 == 0 {
                    return self.fail_at(self.at - 1, Problem::MissingKey(keys[0].0));
                }
            }
            Some(b'[') => {
                self.at += 1;
                let mut count = 0;
                if self.peek() == Some(b']') {
                    self.at += 1;
                } else {
                    loop {
                        let Some(&(_, key)) = keys.get(count) else {
                            return self.fail(Problem::TooManyValues(what));
                        };
                        field(self, key)?;
                        count += 1;
                        match self.next_byte()? {
                            b',' => {}
                            b']' => break,
                            _ => return self.fail_at(self.at - 1, Problem::Expected("',' or ']'")),
                        }
                    }
                }
                if count == 0 {
                    return self.fail_at(opened, Problem::MissingKey(keys[0].0));
                }
            }
            Some(_) => return self.fail(Problem::Expected(what)),
            None => return self.fail(Problem::End),
        }
        Ok(())
    }

    /// Whether the string starting here (after its opening quote) is `name` with no escape.
    #[inline(always)]
    fn key_here(&self, name: &str) -> bool {
        // Byte by byte: a call to memcmp costs more than these few bytes.
        let end = self.at + name.len();
        self.byte(end) == Some(b'"')
            && self
                .text
                .as_bytes()
                .get(self.at..end)
                .is_some_and(|bytes| bytes.iter().zip(name.bytes()).all(|(&a, b)| a == b))
    }

    /// `problem` where the next value should start, or the end of the text if it ends there.
    fn fail_or_end<T>(&mut self, problem: Problem) -> Read<T> {
        match self.peek() {
            Some(_) => self.fail(problem),
            None => self.fail(Problem::End),
        }
    }

    fn snapshot(&mut self) -> Read<PageSnapshot<'a>> {
        let mut snapshot = PageSnapshot::default();
        self.record(
            "the snapshot, a JSON object",
            SNAPSHOT_KEYS,
            |reader, key| {
                match key {
                    SnapshotKey::Url => snapshot.url = reader.string()?,
                    SnapshotKey::Lang => snapshot.lang = reader.string()?,
                    SnapshotKey::Title => snapshot.title = reader.string()?,
                    SnapshotKey::Nodes => reader.nodes(&mut snapshot.nodes)?,
                    SnapshotKey::Truncated => snapshot.truncated = reader.boolean()?,
                }
                Ok(())
            },
        )?;
        Ok(snapshot)
    }

    /// The list of nodes; past `MAX_NODES + 1`, nodes are read (and must be well formed) but not kept.
    fn nodes(&mut self, nodes: &mut Vec<Node<'a>>) -> Read<()> {
        match self.peek() {
            Some(b'[') => self.at += 1,
            _ => return self.fail_or_end(Problem::Expected("the list of nodes, a JSON array")),
        }
        if self.peek() == Some(b']') {
            self.at += 1;
            return Ok(());
        }
        // Room for as many nodes as the rest of the text would hold at 32 bytes each (a real
        // snapshot's take 25 to 60), which spares the growing; never more nodes than are kept.
        nodes.reserve(((self.text.len() - self.at) / 32).min(MAX_NODES + 1));
        // Nodes past those kept are read into this one, then dropped.
        let mut unkept;
        loop {
            // Read in place: a node is too large to move around for nothing.
            let kept = nodes.len() <= MAX_NODES;
            if kept {
                nodes.push(Node::default());
            }
            let node = match nodes.last_mut() {
                Some(last) if kept => last,
                _ => {
                    unkept = Node::default();
                    &mut unkept
                }
            };
            self.node(node)?;
            match self.next_byte()? {
                b',' => {}
                b']' => return Ok(()),
                _ => return self.fail_at(self.at - 1, Problem::Expected("',' or ']'")),
            }
        }
    }

    fn node(&mut self, node: &mut Node<'a>) -> Read<()> {
        self.record("a node, a JSON object", NODE_KEYS, |reader, key| {
            match key {
                NodeKey::Tag => node.tag = reader.string()?,
                NodeKey::Parent => node.parent = reader.parent()?,
                NodeKey::Text => node.text = reader.string()?,
                NodeKey::Role => node.role = reader.optional(Self::string)?,
                NodeKey::Label => node.label = reader.optional(Self::string)?,
                NodeKey::InputType => node.input_type = reader.optional(Self::string)?,
                NodeKey::Checked => node.checked = reader.optional(Self::boolean)?,
                NodeKey::Value => node.value = reader.optional(Self::string)?,
            }
            Ok(())
        })
    }

    /// `null`, or what `read` reads.
    fn optional<T>(&mut self, read: impl FnOnce(&mut Self) -> Read<T>) -> Read<Option<T>> {
        if self.peek() == Some(b'n') {
            self.literal("null")?;
            return Ok(None);
        }
        read(self).map(Some)
    }

    fn boolean(&mut self) -> Read<bool> {
        match self.peek() {
            Some(b't') => self.literal("true").map(|()| true),
            Some(b'f') => self.literal("false").map(|()| false),
            _ => self.fail_or_end(Problem::Expected("true or false")),
        }
    }

    /// `parent`: null, or a whole number that fits in a `u32` (no sign, fraction or exponent).
    fn parent(&mut self) -> Read<Option<u32>> {
        let start = match self.peek() {
            Some(b'n') => return self.literal("null").map(|()| None),
            Some(b'0'..=b'9') => self.at,
            _ => return self.fail_or_end(Problem::BadParent),
        };
        let mut value = 0u64;
        while let Some(digit @ b'0'..=b'9') = self.byte(self.at) {
            value = value
                .saturating_mul(10)
                .saturating_add(u64::from(digit - b'0'));
            self.at += 1;
        }
        if self.at - start > 1 && self.byte(start) == Some(b'0') {
            return self.fail_at(start, Problem::BadNumber);
        }
        if let Some(b'.' | b'e' | b'E') = self.byte(self.at) {
            return self.fail_at(start, Problem::BadParent);
        }
        match u32::try_from(value) {
            Ok(parent) => Ok(Some(parent)),
            Err(_) => self.fail_at(start, Problem::BadParent),
        }
    }

    /// A string value.
    fn string(&mut self) -> Read<Cow<'a, str>> {
        match self.peek() {
            Some(b'"') => self.at += 1,
            _ => return self.fail_or_end(Problem::Expected("a string")),
        }
        self.string_body()
    }

    /// Where the next `"`, `\` or control character is, at or after `from`; the text's length if none.
    fn plain_end(&self, from: usize) -> usize {
        let rest = self.text.as_bytes().get(from..).unwrap_or_default();
        rest.iter()
            .position(|&byte| ENDS_PLAIN_RUN[usize::from(byte)])
            .map_or(self.text.len(), |length| from + length)
    }

    /// The rest of a string whose opening quote was just read: borrowed if it holds no escape.
    fn string_body(&mut self) -> Read<Cow<'a, str>> {
        let start = self.at;
        let end = self.plain_end(start);
        match self.byte(end) {
            Some(b'"') => {
                self.at = end + 1;
                // `start` follows a quote and `end` is a quote: both on character boundaries.
                Ok(Cow::Borrowed(&self.text[start..end]))
            }
            Some(b'\\') => self.unescape(start, end).map(Cow::Owned),
            Some(_) => self.fail_at(end, Problem::ControlCharacter),
            None => self.fail_at(end, Problem::End),
        }
    }

    /// The string from `start` with its escapes undone; `escape` is where the first one starts.
    fn unescape(&mut self, start: usize, mut escape: usize) -> Read<String> {
        let mut unescaped = String::with_capacity(escape - start + 16);
        let mut run = start;
        loop {
            // Every run ends at an ASCII byte: a character boundary.
            unescaped.push_str(&self.text[run..escape]);
            let (character, after) = self.escape(escape)?;
            unescaped.push(character);
            run = after;
            escape = self.plain_end(run);
            match self.byte(escape) {
                Some(b'"') => {
                    unescaped.push_str(&self.text[run..escape]);
                    self.at = escape + 1;
                    return Ok(unescaped);
                }
                Some(b'\\') => {}
                Some(_) => return self.fail_at(escape, Problem::ControlCharacter),
                None => return self.fail_at(escape, Problem::End),
            }
        }
    }

    /// The character of the escape starting at the backslash at `at`, and where the escape ends.
    fn escape(&self, at: usize) -> Read<(char, usize)> {
        let simple = match self.byte(at + 1) {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => return self.unicode_escape(at),
            Some(_) => return self.fail_at(at, Problem::BadEscape),
            None => return self.fail_at(self.text.len(), Problem::End),
        };
        Ok((simple, at + 2))
    }

    /// `\uXXXX` at `at`, with its pair's second half if it is a surrogate's first.
    fn unicode_escape(&self, at: usize) -> Read<(char, usize)> {
        let first = self.hex4(at + 2)?;
        let code = match first {
            0xDC00..=0xDFFF => return self.fail_at(at, Problem::LoneSurrogate(first)),
            0xD800..=0xDBFF => {
                if self.text.as_bytes().get(at + 6..at + 8) != Some(b"\\u") {
                    return self.fail_at(at, Problem::LoneSurrogate(first));
                }
                let second = self.hex4(at + 8)?;
                if !(0xDC00..=0xDFFF).contains(&second) {
                    return self.fail_at(at, Problem::LoneSurrogate(first));
                }
                let code =
                    0x1_0000 + ((u32::from(first) - 0xD800) << 10) + (u32::from(second) - 0xDC00);
                return match char::from_u32(code) {
                    Some(character) => Ok((character, at + 12)),
                    None => self.fail_at(at, Problem::LoneSurrogate(first)),
                };
            }
            _ => u32::from(first),
        };
        match char::from_u32(code) {
            Some(character) => Ok((character, at + 6)),
            None => self.fail_at(at, Problem::BadEscape),
        }
    }

    /// Four hex digits at `at`.
    fn hex4(&self, at: usize) -> Read<u16> {
        let mut value = 0u16;
        for offset in at..at + 4 {
            let digit = match self.byte(offset) {
                Some(byte) => (byte as char).to_digit(16),
                None => return self.fail_at(self.text.len(), Problem::End),
            };
            match digit {
                Some(digit) => value = value << 4 | digit as u16,
                None => return self.fail_at(offset, Problem::BadEscape),
            }
        }
        Ok(value)
    }

    /// Skips a string whose opening quote was just read: escapes are checked as serde_json checks
    /// a value it ignores (four hex digits after `\u`, surrogates not paired).
    fn skip_string(&mut self) -> Read<()> {
        let mut at = self.at;
        loop {
            let end = self.plain_end(at);
            match self.byte(end) {
                Some(b'"') => {
                    self.at = end + 1;
                    return Ok(());
                }
                Some(b'\\') => {
                    at = match self.byte(end + 1) {
                        Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => end + 2,
                        Some(b'u') => self.hex4(end + 2).map(|_| end + 6)?,
                        Some(_) => return self.fail_at(end, Problem::BadEscape),
                        None => return self.fail_at(self.text.len(), Problem::End),
                    }
                }
                Some(_) => return self.fail_at(end, Problem::ControlCharacter),
                None => return self.fail_at(end, Problem::End),
            }
        }
    }

    /// Skips a number (JSON's grammar) starting at the next byte.
    fn skip_number(&mut self) -> Read<()> {
        let digits = |reader: &mut Self| {
            let start = reader.at;
            while let Some(b'0'..=b'9') = reader.byte(reader.at) {
                reader.at += 1;
            }
            reader.at > start
        };
        let start = self.at;
        if self.byte(self.at) == Some(b'-') {
            self.at += 1;
        }
        let integer = self.at;
        if !digits(self) || (self.at - integer > 1 && self.byte(integer) == Some(b'0')) {
            return self.fail_at(start, Problem::BadNumber);
        }
        if self.byte(self.at) == Some(b'.') {
            self.at += 1;
            if !digits(self) {
                return self.fail_at(start, Problem::BadNumber);
            }
        }
        if let Some(b'e' | b'E') = self.byte(self.at) {
            self.at += 1;
            if let Some(b'+' | b'-') = self.byte(self.at) {
                self.at += 1;
            }
            if !digits(self) {
                return self.fail_at(start, Problem::BadNumber);
            }
        }
        Ok(())
    }

    /// Skips a key of an object being skipped, and its colon.
    fn skip_key(&mut self) -> Read<()> {
        if self.peek() != Some(b'"') {
            return self.fail_or_end(Problem::Expected("a key in double quotes"));
        }
        self.at += 1;
        self.skip_string()?;
        if self.next_byte()? != b':' {
            return self.fail_at(self.at - 1, Problem::Expected("':' after the key"));
        }
        Ok(())
    }

    /// Skips one well-formed JSON value of any depth, without recursion: the containers open around
    /// the current point are a stack (true: an object), at most one entry per byte of the text.
    fn skip_value(&mut self) -> Read<()> {
        let mut open: Vec<bool> = Vec::new();
        loop {
            match self.peek() {
                Some(opening @ (b'{' | b'[')) => {
                    self.at += 1;
                    let closing = if opening == b'{' { b'}' } else { b']' };
                    if self.peek() == Some(closing) {
                        self.at += 1;
                    } else {
                        open.push(opening == b'{');
                        if opening == b'{' {
                            self.skip_key()?;
                        }
                        continue;
                    }
                }
                Some(b'"') => {
                    self.at += 1;
                    self.skip_string()?;
                }
                Some(b't') => self.literal("true")?,
                Some(b'f') => self.literal("false")?,
                Some(b'n') => self.literal("null")?,
                Some(b'-' | b'0'..=b'9') => self.skip_number()?,
                Some(_) => return self.fail(Problem::Expected("a value")),
                None => return self.fail(Problem::End),
            }
            // A value is complete: close the containers it completes, up to the next comma.
            loop {
                let Some(&in_object) = open.last() else {
                    return Ok(());
                };
                match (self.next_byte()?, in_object) {
                    (b',', true) => {
                        self.skip_key()?;
                        break;
                    }
                    (b',', false) => break,
                    (b'}', true) | (b']', false) => {
                        open.pop();
                    }
                    (_, true) => return self.fail_at(self.at - 1, Problem::Expected("',' or '}'")),
                    (_, false) => {
                        return self.fail_at(self.at - 1, Problem::Expected("',' or ']'"))
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(text: &str) -> String {
        text.chars().take(200).collect()
    }

    fn read(text: &str) -> PageSnapshot<'_> {
        PageSnapshot::from_json(text).unwrap_or_else(|e| panic!("{}: {e}", shown(text)))
    }

    fn error(text: &str) -> String {
        match PageSnapshot::from_json(text) {
            Ok(_) => panic!("{} was read", shown(text)),
            Err(error) => error.to_string(),
        }
    }

    #[test]
    fn reads_every_field_and_borrows_strings_without_escapes() {
        let text = r#" {"url":"https://x.example/","lang":"es-MX","title":"T","truncated":true,
            "nodes":[{"tag":"body"},{"tag":"input","parent":0,"text":"say \"hi\"","role":"switch",
            "label":"L","input_type":"checkbox","checked":false,"value":"On"}]} "#;
        let snapshot = read(text);
        assert!(matches!(snapshot.url, Cow::Borrowed("https://x.example/")));
        assert_eq!(
            (&*snapshot.lang, &*snapshot.title, snapshot.truncated),
            ("es-MX", "T", true)
        );
        let node = &snapshot.nodes[1];
        assert_eq!(node.parent, Some(0));
        assert!(matches!(&node.text, Cow::Owned(text) if text == "say \"hi\""));
        assert!(matches!(node.role, Some(Cow::Borrowed("switch"))));
        assert_eq!(
            (
                node.label.as_deref(),
                node.input_type.as_deref(),
                node.checked,
                node.value.as_deref()
            ),
            (Some("L"), Some("checkbox"), Some(false), Some("On"))
        );
        assert_eq!(
            snapshot.nodes[0],
            Node {
                tag: "body".into(),
                ..Node::default()
            }
        );
    }

    #[test]
    fn undoes_every_escape_and_pairs_surrogates() {
        let snapshot =
            read(r#"{"url":"u","title":"\"\\\/\b\f\n\r\t\u00e9\u4E2D\ud83d\ude00 end"}"#);
        assert_eq!(
            snapshot.title,
            "\"\\/\u{8}\u{c}\n\r\t\u{e9}\u{4e2d}\u{1f600} end"
        );
        for (text, at) in [
            (r#"{"url":"\ud83d"}"#, 8),
            (r#"{"url":"\ud83dx"}"#, 8),
            (r#"{"url":"\ud83d\u0041"}"#, 8),
            (r#"{"url":"ab\ude00"}"#, 10),
        ] {
            let message = error(text);
            assert!(
                message.contains("surrogate") && message.ends_with(&format!("at byte {at}")),
                "{text}: {message}"
            );
        }
        assert!(error(r#"{"url":"\x"}"#).contains("an escape that is not"));
        assert!(error(r#"{"url":"\u12g4"}"#).ends_with("at byte 12"));
        assert!(error("{\"url\":\"a\tb\"}").starts_with("a control character"));
    }

    #[test]
    fn skips_unknown_keys_with_any_value_as_serde_did() {
        let snapshot = read(
            r#"{"extra":{"a":[1,-2.5e+3,true,false,null,"\ud800",{}],"b":[]},"url":"u","nodes":[{"x":[[[]]],"tag":"p"}],"":0}"#,
        );
        assert_eq!((&*snapshot.url, &*snapshot.nodes[0].tag), ("u", "p"));
        // A lone surrogate in a key, even an unknown one, is an error; in a skipped value it is not.
        assert!(error(r#"{"url":"u","\udc00":1}"#).contains("surrogate"));
        for bad in [
            r#"{"url":"u","x":[1,]}"#,
            r#"{"url":"u","x":{"a"}}"#,
            r#"{"url":"u","x":01}"#,
            r#"{"url":"u","x":1.}"#,
            r#"{"url":"u","x":-}"#,
            r#"{"url":"u","x":[}"#,
            r#"{"url":"u","x":nul}"#,
        ] {
            error(bad);
        }
    }

    #[test]
    fn deep_unknown_values_do_not_overflow_the_stack() {
        let depth = 1_000_000;
        let deep = format!(
            r#"{{"url":"u","x":{}0{}}}"#,
            "[{\"k\":".repeat(depth),
            "}]".repeat(depth)
        );
        assert_eq!(read(&deep).url, "u");
        let unclosed = format!(r#"{{"url":"u","x":{}"#, "[".repeat(depth));
        assert!(error(&unclosed).starts_with("the text ends"));
    }

    #[test]
    fn null_only_for_optional_fields() {
        let snapshot = read(
            r#"{"url":"u","nodes":[{"tag":"a","parent":null,"role":null,"label":null,"input_type":null,"checked":null,"value":null}]}"#,
        );
        assert_eq!(
            snapshot.nodes[0],
            Node {
                tag: "a".into(),
                ..Node::default()
            }
        );
        for field in ["\"lang\"", "\"title\"", "\"nodes\"", "\"truncated\""] {
            error(&format!(r#"{{"url":"u",{field}:null}}"#));
        }
        error(r#"{"url":null}"#);
        error(r#"{"url":"u","nodes":[{"tag":"a","text":null}]}"#);
        error(r#"{"url":"u","nodes":[{"tag":null}]}"#);
    }

    #[test]
    fn parent_is_a_whole_number_within_u32() {
        let parent = |value: &str| {
            PageSnapshot::from_json(&format!(
                r#"{{"url":"u","nodes":[{{"tag":"a","parent":{value}}}]}}"#
            ))
            .map(|snapshot| snapshot.nodes[0].parent)
            .map_err(|e| e.to_string())
        };
        assert_eq!(parent("0"), Ok(Some(0)));
        assert_eq!(parent("4294967295"), Ok(Some(u32::MAX)));
        for bad in [
            "4294967296",
            "99999999999999999999999",
            "-1",
            "-0",
            "1.0",
            "1e2",
            "01",
            "\"1\"",
            "true",
        ] {
            let message = parent(bad).unwrap_err();
            assert!(message.ends_with("at byte 40"), "{bad}: {message}");
        }
    }

    #[test]
    fn names_the_byte_of_each_structural_error() {
        assert_eq!(
            error(""),
            "the text ends before the snapshot does at byte 0"
        );
        assert_eq!(error("{}"), "the key \"url\" is missing at byte 1");
        assert_eq!(
            error(r#"{"url":"a","url":"b"}"#),
            "the key \"url\" appears twice at byte 11"
        );
        assert_eq!(
            error(r#"{"url":"a"} x"#),
            "more text after the snapshot's end at byte 12"
        );
        assert_eq!(
            error(r#"{"url":"a",}"#),
            "expected a key in double quotes at byte 11"
        );
        assert_eq!(
            error(r#"{"url" "a"}"#),
            "expected ':' after the key at byte 7"
        );
        assert_eq!(
            error(r#"{"url":"a" "b"}"#),
            "expected ',' or '}' at byte 11"
        );
        assert_eq!(error(r#"{"url":1}"#), "expected a string at byte 7");
        assert_eq!(
            error(r#"{"url":"a","nodes":{}}"#),
            "expected the list of nodes, a JSON array at byte 19"
        );
        assert_eq!(
            error(r#"{"url":"a","nodes":[{}]}"#),
            "the key \"tag\" is missing at byte 21"
        );
        assert_eq!(
            error(r#"{"url":"a","truncated":1}"#),
            "expected true or false at byte 23"
        );
        assert_eq!(
            error("\"u\""),
            "expected the snapshot, a JSON object at byte 0"
        );
        assert_eq!(
            error(r#"{"url":"a"#),
            "the text ends before the snapshot does at byte 9"
        );
    }

    #[test]
    fn records_as_arrays_as_serde_reads_structs() {
        let snapshot =
            read(r#"["u","en","T",[["p",null,"x"],["a",0,"",null,"L",null,true,"v"]],true]"#);
        assert_eq!(
            (
                &*snapshot.url,
                &*snapshot.lang,
                &*snapshot.title,
                snapshot.truncated
            ),
            ("u", "en", "T", true)
        );
        assert_eq!(snapshot.nodes[1].checked, Some(true));
        assert_eq!(read(r#"["u"]"#).nodes, vec![]);
        assert_eq!(error("[]"), "the key \"url\" is missing at byte 0");
        assert!(error(r#"["u","","",[],false,1]"#).contains("more values than fields"));
    }

    #[test]
    fn keeps_no_more_nodes_than_the_bounds_can_use() {
        let text = format!(
            r#"{{"url":"u","nodes":[{}{{"tag":"last"}}]}}"#,
            "[\"p\"],".repeat(MAX_NODES + 10)
        );
        let snapshot = read(&text);
        assert_eq!(snapshot.nodes.len(), MAX_NODES + 1);
        let bounded = snapshot.into_bounded().unwrap();
        assert!(bounded.truncated && bounded.nodes.len() == MAX_NODES);
        // Nodes past the kept ones are still read: a broken one is an error.
        error(&text.replace(r#"{"tag":"last"}"#, "{}"));
    }
}
