//! The compact form of the embedded data (`src/compact.rs`) from any bytes: read as the knowledge
//! base, the rules and the figures, it must give a value or an error, never a panic or an allocation
//! the bytes cannot fill; a value read must write and read back as itself (not as the same bytes: a
//! number may be read from a longer form than it is written in). Seeds: the three blobs the build
//! embeds, inflated (fuzz/run.sh).
#![no_main]

use disclosure_lens::classify::Rules;
use disclosure_lens::compact::{from_bytes, to_bytes, Compact};
use disclosure_lens::figures::Figures;
use disclosure_lens::kb::KnowledgeBase;
use libfuzzer_sys::fuzz_target;

/// Reads `data` as `T`; a value read must write and read back as itself.
fn read_back<T: Compact + std::fmt::Debug>(data: &[u8]) {
    if let Ok(value) = from_bytes::<T>(data) {
        let again = from_bytes::<T>(&to_bytes(&value)).expect("what was written reads back");
        assert_eq!(
            format!("{again:?}"),
            format!("{value:?}"),
            "a value read writes and reads back as itself"
        );
    }
}

fuzz_target!(|data: &[u8]| {
    read_back::<KnowledgeBase>(data);
    read_back::<Rules>(data);
    read_back::<Figures>(data);
});
