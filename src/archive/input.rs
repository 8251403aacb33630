//! Where the files of an export come from: a zip (read in place, entry by entry, only the entries
//! a format wants are decompressed) or, natively, a folder. Nothing is ever written: an entry's name
//! is only compared, never used as a path.

use std::cell::Cell;
use std::io::{self, Read, Seek, SeekFrom};
use std::rc::Rc;

use super::{ArchiveError, ArchiveReader, Reading, Why};

/// How many bytes finding and reading a zip's directory may read: this many times the file's
/// size, plus the largest end record and comment (64 KiB). A sound zip reads its end record and its
/// directory once (less than the file); see [`Budgeted`].
const DIRECTORY_READS_PER_BYTE: u64 = 3;
const END_RECORD_SEARCH: u64 = 1 << 16;

/// Feeds every entry of the zip in `source` to `reader`. Fails only when the zip itself cannot be
/// read (not a zip, truncated, a broken central directory); an entry that cannot be read is an
/// error for that entry.
pub fn read_zip<R: Read + Seek>(
    mut source: R,
    reader: &mut ArchiveReader,
) -> Result<(), ArchiveError> {
    let unreadable = |e: &dyn std::fmt::Display| ArchiveError {
        code: crate::report::ErrorCode::Unreadable,
        message: format!("not a readable zip archive (is it complete?): {e}"),
    };
    let size = source.seek(SeekFrom::End(0)).map_err(|e| unreadable(&e))?;
    let budget = Rc::new(Cell::new(
        size.saturating_mul(DIRECTORY_READS_PER_BYTE) + END_RECORD_SEARCH,
    ));
    let source = Budgeted {
        inner: source,
        left: Rc::clone(&budget),
    };
    let mut zip = zip::ZipArchive::new(source).map_err(|e| unreadable(&e))?;
    // The entries are read in full below, each bounded by the reader's own limits.
    budget.set(u64::MAX);
    for index in 0..zip.len() {
        let (name, declared, compressed) = match zip.by_index_raw(index) {
            Ok(entry) if entry.is_dir() => continue,
            Ok(entry) => (
                entry.name().to_owned(),
                entry.size(),
                entry.compressed_size(),
            ),
            Err(e) => {
                reader.skip(
                    &format!("entry {index}"),
                    Why::UnreadableEntry(e.to_string()),
                );
                continue;
            }
        };
        if consider(reader, &name, declared, compressed).is_none() {
            continue;
        }
        match zip.by_index(index) {
            Ok(mut entry) => reader.add_file(&name, &mut entry),
            Err(e) => reader.fail(&name, Why::NotDecompressed(e.to_string())),
        }
    }
    Ok(())
}

/// A reader that fails once it has read `left` bytes. The zip crate, when an end record does not
/// lead to a directory it can read, tries the one before it, reading the directory each names again:
/// a file of many such records (a fuzzer made one of 62,855 bytes that took about 100 ms, 85% of
/// it decoding the same names again) costs the square of its size. Bounded, it costs a few times
/// its size and is refused as unreadable.
struct Budgeted<R> {
    inner: R,
    left: Rc<Cell<u64>>,
}

impl<R: Read> Read for Budgeted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let left = self.left.get();
        if left == 0 && !buf.is_empty() {
            return Err(io::Error::other(
                "its directory could not be found in a few readings of the file",
            ));
        }
        let allowed = buf.len().min(usize::try_from(left).unwrap_or(usize::MAX));
        let read = self.inner.read(&mut buf[..allowed])?;
        self.left.set(left - read as u64);
        Ok(read)
    }
}

impl<R: Seek> Seek for Budgeted<R> {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        self.inner.seek(to)
    }
}

/// Whether the file `name` of an export, `declared` bytes long once decompressed and `compressed`
/// bytes in the zip (the same for a file of a folder), is to be read: `Some` with how, or `None` when
/// it is not (refused, unknown or too large), which `reader` then lists. Every source of files —
/// zip, folder, or a page that unpacks the export itself — asks this first.
pub fn consider(
    reader: &mut ArchiveReader,
    name: &str,
    declared: u64,
    compressed: u64,
) -> Option<Reading> {
    if let Some(problem) = unsafe_name(name) {
        reader.skip(name, problem);
        return None;
    }
    let Some(reading) = reader.wants(name) else {
        reader.skip(name, skip_reason(name));
        return None;
    };
    if let Some(problem) = bomb(reader, reading, declared, compressed) {
        reader.fail(name, problem);
        return None;
    }
    Some(reading)
}

/// Why a zip entry's stated sizes already disqualify it.
fn bomb(reader: &ArchiveReader, reading: Reading, declared: u64, compressed: u64) -> Option<Why> {
    let cap = reader.cap(reading);
    let limits = reader.limits();
    if declared > cap {
        return Some(Why::StatesTooLarge { declared, cap });
    }
    // Small entries compress well for honest reasons; a large one that compresses more than
    // `max_ratio` times is a zip bomb.
    if declared > 1 << 20 && declared / compressed.max(1) > limits.max_ratio {
        return Some(Why::PossibleBomb {
            ratio: declared / compressed.max(1),
            max: limits.max_ratio,
        });
    }
    None
}

/// Names that try to reach outside the export. Never used as paths anyway; refused so that no
/// format can be fooled into reading them as its own files.
fn unsafe_name(name: &str) -> Option<Why> {
    let name = name.replace('\\', "/");
    if name.starts_with('/') || name.as_bytes().get(1) == Some(&b':') {
        Some(Why::AbsolutePath)
    } else if name.split('/').any(|part| part == "..") {
        Some(Why::ClimbsOut)
    } else if name.contains('\0') {
        Some(Why::NulByte)
    } else {
        None
    }
}

fn skip_reason(name: &str) -> Why {
    if name.to_lowercase().ends_with(".zip") {
        Why::NestedZip
    } else if super::is_meta_html(name) {
        Why::MetaHtml
    } else {
        Why::NotALog
    }
}

/// Feeds every file under `root` to `reader`: the same as a zip of that folder. Symbolic links are
/// not followed.
#[cfg(not(target_arch = "wasm32"))]
pub fn read_folder(root: &std::path::Path, reader: &mut ArchiveReader) -> Result<(), ArchiveError> {
    const MAX_DEPTH: usize = 32;
    let unreadable = |e: std::io::Error| ArchiveError {
        code: crate::report::ErrorCode::Unreadable,
        message: format!("cannot read the folder {}: {e}", root.display()),
    };
    let mut folders = vec![(root.to_path_buf(), 0usize)];
    let mut files = Vec::new();
    while let Some((folder, depth)) = folders.pop() {
        let entries = std::fs::read_dir(&folder).map_err(unreadable)?;
        for entry in entries {
            let entry = entry.map_err(unreadable)?;
            let path = entry.path();
            let name = relative(root, &path);
            let kind = entry.file_type().map_err(unreadable)?;
            if kind.is_symlink() {
                reader.skip(&name, Why::SymbolicLink);
            } else if kind.is_dir() && depth < MAX_DEPTH {
                folders.push((path, depth + 1));
            } else if kind.is_dir() {
                reader.skip(&name, Why::NestedTooDeep);
            } else {
                files.push((name, path));
            }
        }
    }
    files.sort();
    for (name, path) in files {
        let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        if consider(reader, &name, size, size).is_none() {
            continue;
        }
        match std::fs::File::open(&path) {
            Ok(file) => reader.add_file(&name, &mut std::io::BufReader::new(file)),
            Err(e) => reader.fail(&name, Why::NotOpened(e.to_string())),
        }
    }
    Ok(())
}

#[cfg(not(target_arch = "wasm32"))]
fn relative(root: &std::path::Path, path: &std::path::Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
