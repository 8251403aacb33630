//! The compact binary form of the data `build.rs` compiles into the crate (knowledge base, rules,
//! figures): each value's fields in the order its type lists them, with no names and no markers.
//!
//! Why not JSON: reading JSON took about 200 kB of the WebAssembly module's code (serde_json's
//! deserializer once per model type, and the derived visitors), almost all of it for this data;
//! the module still reads JSON, but only for the snapshot and options it is handed
//! (docs/performance.md, "The branch kb-compact"). Why not a serde binary format (postcard,
//! bincode): the models use `flatten`, `default`, `skip_serializing_if` and `try_from`, which only a
//! self-describing format reads back, and serde's visitors would stay in the module anyway.
//!
//! The form is only ever read by the build that wrote it, so it has no version and no field names:
//! a struct is its fields in the order [`compact_struct!`] lists them, an enum without data is one
//! tag byte ([`compact_enum!`]), a string or a list is its length and then its items, an integer is
//! a LEB128 varint. Both macros name every field or variant without `..`, so a field or variant
//! added to a model fails to compile until it is listed here too. Bad bytes are a [`ReadError`]
//! saying where and what, never a panic.
//!
//! The error is sticky: the first one is kept in the [`Reader`], which then reads as if the data had
//! ended (empty lists, empty strings, the first variant), and [`from_bytes`] returns it. So a read
//! has no error branch per field, each dropping what was read before it: measured, that halved
//! the reader's code (docs/performance.md, "The branch kb-compact").
//!
//! This file depends only on `std`: `build.rs` includes it by path, with the models.

use std::collections::BTreeMap;
use std::fmt;

/// A type that `build.rs` writes in the compact form and the core reads back.
pub trait Compact: Sized {
    fn write(&self, out: &mut Vec<u8>);
    /// On bad bytes, records the error in `input` and returns a placeholder.
    fn read(input: &mut Reader<'_>) -> Self;
}

/// `value` in the compact form.
pub fn to_bytes<T: Compact>(value: &T) -> Vec<u8> {
    let mut out = Vec::new();
    value.write(&mut out);
    out
}

/// Reads one `T` that fills all of `bytes`.
pub fn from_bytes<T: Compact>(bytes: &[u8]) -> Result<T, ReadError> {
    let mut input = Reader {
        bytes,
        at: 0,
        error: None,
    };
    let value = T::read(&mut input);
    match input.error {
        Some(error) => Err(error),
        None if input.at != bytes.len() => Err(ReadError {
            at: input.at,
            what: "bytes left over after the value",
        }),
        None => Ok(value),
    }
}

/// What could not be read, and at which byte.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    pub at: usize,
    pub what: &'static str,
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (byte {})", self.what, self.at)
    }
}

/// The bytes being read, how far, and the first error.
pub struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
    error: Option<ReadError>,
}

impl<'a> Reader<'a> {
    /// Keeps the first error, where it happened, and skips to the end of the data.
    pub fn fail(&mut self, what: &'static str) {
        if self.error.is_none() {
            self.error = Some(ReadError { at: self.at, what });
        }
        self.at = self.bytes.len();
    }

    /// The next byte; 0 at the end of the data.
    pub fn byte(&mut self) -> u8 {
        match self.bytes.get(self.at) {
            Some(&byte) => {
                self.at += 1;
                byte
            }
            None => {
                self.fail("the data ends early");
                0
            }
        }
    }

    /// The next `len` bytes; none if there are fewer.
    fn take(&mut self, len: usize) -> &'a [u8] {
        if len > self.bytes.len() - self.at {
            self.fail("the data ends early");
            return &[];
        }
        let taken = &self.bytes[self.at..self.at + len];
        self.at += len;
        taken
    }

    /// An unsigned LEB128 number: seven bits a byte, low bits first, the high bit set on every byte
    /// but the last.
    fn varint(&mut self) -> u64 {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = self.byte();
            value |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return value;
            }
        }
        self.fail("a number longer than 64 bits");
        0
    }

    /// A count of items that follow, each at least one byte: never more than the bytes left, so a
    /// corrupt count cannot make the reader reserve memory it will never fill.
    fn count(&mut self) -> usize {
        let len = self.varint();
        if len > (self.bytes.len() - self.at) as u64 {
            self.fail("a length longer than the data");
            return 0;
        }
        len as usize
    }
}

fn write_varint(mut value: u64, out: &mut Vec<u8>) {
    while value >= 0x80 {
        out.push(value as u8 | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

impl Compact for bool {
    fn write(&self, out: &mut Vec<u8>) {
        out.push(u8::from(*self));
    }
    fn read(input: &mut Reader<'_>) -> Self {
        match input.byte() {
            0 => false,
            1 => true,
            _ => {
                input.fail("a boolean that is neither 0 nor 1");
                false
            }
        }
    }
}

impl Compact for u64 {
    fn write(&self, out: &mut Vec<u8>) {
        write_varint(*self, out);
    }
    fn read(input: &mut Reader<'_>) -> Self {
        input.varint()
    }
}

impl Compact for u32 {
    fn write(&self, out: &mut Vec<u8>) {
        write_varint(u64::from(*self), out);
    }
    fn read(input: &mut Reader<'_>) -> Self {
        let value = input.varint();
        u32::try_from(value).unwrap_or_else(|_| {
            input.fail("a number too large for 32 bits");
            0
        })
    }
}

/// Zigzag-encoded (0, -1, 1, -2, ...), so that small negative numbers stay short.
impl Compact for i32 {
    fn write(&self, out: &mut Vec<u8>) {
        write_varint(u64::from(((*self << 1) ^ (*self >> 31)) as u32), out);
    }
    fn read(input: &mut Reader<'_>) -> Self {
        let zigzag = u32::read(input);
        (zigzag >> 1) as i32 ^ -((zigzag & 1) as i32)
    }
}

/// The eight bytes of the IEEE 754 value, little-endian: every value, NaN included, reads back
/// bit for bit.
impl Compact for f64 {
    fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.to_le_bytes());
    }
    fn read(input: &mut Reader<'_>) -> Self {
        let mut array = [0; 8];
        if let Ok(bytes) = input.take(8).try_into() {
            array = bytes;
        }
        f64::from_le_bytes(array)
    }
}

impl Compact for String {
    fn write(&self, out: &mut Vec<u8>) {
        write_varint(self.len() as u64, out);
        out.extend_from_slice(self.as_bytes());
    }
    fn read(input: &mut Reader<'_>) -> Self {
        let len = input.count();
        match std::str::from_utf8(input.take(len)) {
            Ok(text) => text.to_owned(),
            Err(_) => {
                input.fail("a string that is not UTF-8");
                String::new()
            }
        }
    }
}

impl<T: Compact> Compact for Option<T> {
    fn write(&self, out: &mut Vec<u8>) {
        match self {
            None => out.push(0),
            Some(value) => {
                out.push(1);
                value.write(out);
            }
        }
    }
    fn read(input: &mut Reader<'_>) -> Self {
        match input.byte() {
            0 => None,
            1 => Some(T::read(input)),
            _ => {
                input.fail("an option tag that is neither 0 nor 1");
                None
            }
        }
    }
}

impl<T: Compact> Compact for Vec<T> {
    fn write(&self, out: &mut Vec<u8>) {
        write_varint(self.len() as u64, out);
        for item in self {
            item.write(out);
        }
    }
    fn read(input: &mut Reader<'_>) -> Self {
        let len = input.count();
        let mut items = Vec::with_capacity(len);
        for _ in 0..len {
            items.push(T::read(input));
        }
        items
    }
}

/// Entries in key order, as the map holds them; read back by inserting each (no sort).
impl<K: Compact + Ord, V: Compact> Compact for BTreeMap<K, V> {
    fn write(&self, out: &mut Vec<u8>) {
        write_varint(self.len() as u64, out);
        for (key, value) in self {
            key.write(out);
            value.write(out);
        }
    }
    fn read(input: &mut Reader<'_>) -> Self {
        let len = input.count();
        let mut map = BTreeMap::new();
        for _ in 0..len {
            let key = K::read(input);
            if map.insert(key, V::read(input)).is_some() {
                input.fail("a map with the same key twice");
            }
        }
        map
    }
}

impl<A: Compact, B: Compact> Compact for (A, B) {
    fn write(&self, out: &mut Vec<u8>) {
        self.0.write(out);
        self.1.write(out);
    }
    fn read(input: &mut Reader<'_>) -> Self {
        (A::read(input), B::read(input))
    }
}

/// `compact_struct!(Type { field, other })`: [`Compact`] for a struct, its fields in this order.
/// Every field must be listed (the pattern and the literal have no `..`).
macro_rules! compact_struct {
    ($type:ident { $($field:ident),* $(,)? }) => {
        impl $crate::compact::Compact for $type {
            fn write(&self, out: &mut Vec<u8>) {
                let $type { $($field),* } = self;
                $($crate::compact::Compact::write($field, out);)*
            }
            fn read(input: &mut $crate::compact::Reader<'_>) -> Self {
                // Struct literal fields are evaluated in the order written: the order above.
                $type { $($field: $crate::compact::Compact::read(input)),* }
            }
        }
    };
}

/// `compact_enum!(Type { Variant, Other })`: [`Compact`] for a `Copy` enum without data, as its
/// discriminant in one byte. Every variant must be listed (the `match` has no wildcard); an
/// unknown tag reads as the first.
macro_rules! compact_enum {
    ($type:ident { $($variant:ident),* $(,)? }) => {
        impl $crate::compact::Compact for $type {
            fn write(&self, out: &mut Vec<u8>) {
                match self {
                    $($type::$variant)|* => out.push(*self as u8),
                }
            }
            fn read(input: &mut $crate::compact::Reader<'_>) -> Self {
                let tag = input.byte();
                let variants = [$($type::$variant),*];
                variants
                    .into_iter()
                    .find(|variant| *variant as u8 == tag)
                    .unwrap_or_else(|| {
                        input.fail(concat!("an unknown ", stringify!($type)));
                        variants[0]
                    })
            }
        }
    };
}

pub(crate) use {compact_enum, compact_struct};

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip<T: Compact + PartialEq + fmt::Debug>(value: T) {
        assert_eq!(from_bytes::<T>(&to_bytes(&value)), Ok(value));
    }

    #[test]
    fn every_building_block_reads_back() {
        for n in [0, 1, 127, 128, 300, u64::MAX] {
            round_trip(n);
        }
        for n in [0, 1, -1, 2026, i32::MIN, i32::MAX] {
            round_trip(n);
        }
        round_trip(u32::MAX);
        for x in [0.0, -0.0, 58.11, 74.2806812, f64::MAX] {
            assert_eq!(
                from_bytes::<f64>(&to_bytes(&x)).unwrap().to_bits(),
                x.to_bits()
            );
        }
        round_trip(String::from("Año: ¿dónde?"));
        round_trip(vec![Some(true), None, Some(false)]);
        round_trip(BTreeMap::from([
            ("es".to_owned(), vec![(1u32, String::new())]),
            ("en".to_owned(), Vec::new()),
        ]));
    }

    #[derive(Debug, Clone, Copy, PartialEq)]
    enum Side {
        Left,
        Right,
    }
    compact_enum!(Side { Left, Right });

    #[derive(Debug, PartialEq)]
    struct Turn {
        side: Side,
        degrees: u32,
        note: Option<String>,
    }
    compact_struct!(Turn {
        side,
        degrees,
        note
    });

    #[test]
    fn structs_and_enums_read_back() {
        round_trip(vec![
            Turn {
                side: Side::Right,
                degrees: 90,
                note: Some("sharp".into()),
            },
            Turn {
                side: Side::Left,
                degrees: 0,
                note: None,
            },
        ]);
    }

    #[test]
    fn bad_bytes_are_errors_saying_what_and_where() {
        let error = |bytes: &[u8]| from_bytes::<Vec<Turn>>(bytes).unwrap_err().to_string();
        assert_eq!(error(&[1, 0, 90]), "the data ends early (byte 3)");
        assert_eq!(error(&[1, 7, 90, 0]), "an unknown Side (byte 2)");
        assert_eq!(
            error(&[1, 0, 90, 2]),
            "an option tag that is neither 0 nor 1 (byte 4)"
        );
        assert_eq!(
            error(&[1, 0, 90, 0, 0]),
            "bytes left over after the value (byte 4)"
        );
        assert_eq!(error(&[200, 1]), "a length longer than the data (byte 2)");
        assert_eq!(
            error(&[1, 0, 0x80, 0x80, 0x80, 0x80, 0x10, 0]),
            "a number too large for 32 bits (byte 7)"
        );
        assert_eq!(
            from_bytes::<String>(&[2, 0xc3, 0x28])
                .unwrap_err()
                .to_string(),
            "a string that is not UTF-8 (byte 3)"
        );
        assert_eq!(
            from_bytes::<u64>(&[0xff; 11]).unwrap_err().to_string(),
            "a number longer than 64 bits (byte 10)"
        );
    }
}
