//! The core's data file: the knowledge base, the rules and the figures that `build.rs` compiles, each
//! in the compact form (`crate::compact`) and deflated, in one file.
//!
//! The command line embeds it; the extension ships it once beside its two WebAssembly modules
//! (`pkg/disclosure_lens_data.bin`, written by `dlens data`), which are handed it before their first
//! call (`loadData`), so that neither module carries a copy (docs/performance.md, "The data file").
//!
//! Layout: [`MAGIC`], then each part as a little-endian `u32` length and its bytes, in the order of
//! [`Parts`]'s fields. A module accepts only the file it was built with: [`fingerprint`] of the file
//! is compiled into it. This file depends only on `std`: `build.rs` includes it by path.

/// The file's name beside the modules.
pub const FILE_NAME: &str = "disclosure_lens_data.bin";

/// The first bytes of every data file.
const MAGIC: &[u8; 8] = b"DLDATA\x00\x01";

/// The three parts, each deflated compact bytes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Parts<'a> {
    pub knowledge_base: &'a [u8],
    pub rules: &'a [u8],
    pub figures: &'a [u8],
}

/// The data file holding `parts`.
pub fn pack(parts: &Parts<'_>) -> Vec<u8> {
    let mut out = MAGIC.to_vec();
    for part in [parts.knowledge_base, parts.rules, parts.figures] {
        let length = u32::try_from(part.len()).expect("a data part under 4 GiB");
        out.extend_from_slice(&length.to_le_bytes());
        out.extend_from_slice(part);
    }
    out
}

/// The parts of a data file, or what is wrong with its layout.
pub fn unpack(file: &[u8]) -> Result<Parts<'_>, String> {
    let mut rest = file
        .strip_prefix(MAGIC.as_slice())
        .ok_or("not a Disclosure Lens data file")?;
    let mut next = || -> Result<&[u8], String> {
        let (length, after) = rest
            .split_first_chunk::<4>()
            .ok_or("the data file ends early")?;
        let length = u32::from_le_bytes(*length) as usize;
        if after.len() < length {
            return Err("the data file ends early".into());
        }
        let (part, after) = after.split_at(length);
        rest = after;
        Ok(part)
    };
    let parts = Parts {
        knowledge_base: next()?,
        rules: next()?,
        figures: next()?,
    };
    if !rest.is_empty() {
        return Err("bytes left over after the data file's parts".into());
    }
    Ok(parts)
}

/// FNV-1a, 64 bits: enough to tell one build's file from another's (not a defence: the file is
/// the extension's own, as trusted as the module).
pub fn fingerprint(file: &[u8]) -> u64 {
    file.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const PARTS: Parts<'static> = Parts {
        knowledge_base: b"kb",
        rules: b"",
        figures: b"figures",
    };

    #[test]
    fn a_packed_file_unpacks_to_its_parts() {
        assert_eq!(unpack(&pack(&PARTS)), Ok(PARTS));
    }

    #[test]
    fn a_bad_file_is_an_error_saying_what_is_wrong() {
        let file = pack(&PARTS);
        assert_eq!(
            unpack(b"PK\x03\x04"),
            Err("not a Disclosure Lens data file".into())
        );
        assert_eq!(
            unpack(&file[..file.len() - 1]),
            Err("the data file ends early".into())
        );
        assert_eq!(
            unpack(&file[..MAGIC.len() + 2]),
            Err("the data file ends early".into())
        );
        let mut longer = file.clone();
        longer.push(0);
        assert_eq!(
            unpack(&longer),
            Err("bytes left over after the data file's parts".into())
        );
    }

    #[test]
    fn one_changed_byte_changes_the_fingerprint() {
        let file = pack(&PARTS);
        let mut changed = file.clone();
        *changed.last_mut().unwrap() ^= 1;
        assert_ne!(fingerprint(&file), fingerprint(&changed));
    }
}
