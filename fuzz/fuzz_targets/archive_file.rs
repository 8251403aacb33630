//! One file of a data export, as a page or a folder hands it to the reader: the input's first line
//! is the file's path inside the export (so the fuzzer reaches every format by its file name), the
//! rest its content, parsed by the format that path names, then the report made.
#![no_main]

use disclosure_lens::archive::{ArchiveReader, Limits};
use disclosure_lens::Options;
use libfuzzer_sys::fuzz_target;

fuzz_target!(
    init: {
        let _ = disclosure_lens::Classifier::builtin();
        let _ = disclosure_lens::kb::knowledge_base();
    },
    |data: &[u8]| {
        let split = data.iter().position(|&b| b == b'\n').unwrap_or(data.len());
        let Ok(path) = std::str::from_utf8(&data[..split]) else {
            return;
        };
        let mut content = data.get(split + 1..).unwrap_or_default();
        let mut reader = ArchiveReader::new(Limits {
            tree_file_bytes: 1 << 20,
            stream_file_bytes: 1 << 20,
            max_events: 10_000,
            ..Limits::default()
        });
        reader.add_file(path, &mut content);
        let _ = reader.report(&Options::default());
    }
);
