//! A data export as the user picks it: any bytes read as a zip (`archive::read_zip`), every entry a
//! format wants decompressed and parsed, then the report made. Small limits, so that the caps on
//! file size, total size, ratio and events are reached by small inputs.
#![no_main]

use disclosure_lens::archive::{read_zip, ArchiveReader, Limits};
use disclosure_lens::Options;
use libfuzzer_sys::fuzz_target;

fuzz_target!(
    init: {
        let _ = disclosure_lens::Classifier::builtin();
        let _ = disclosure_lens::kb::knowledge_base();
    },
    |data: &[u8]| {
        let mut reader = ArchiveReader::new(Limits {
            tree_file_bytes: 1 << 20,
            stream_file_bytes: 1 << 20,
            total_bytes: 4 << 20,
            max_events: 10_000,
            max_listed: 100,
            ..Limits::default()
        });
        if read_zip(std::io::Cursor::new(data), &mut reader).is_ok() {
            let _ = reader.report(&Options::default());
        }
    }
);
