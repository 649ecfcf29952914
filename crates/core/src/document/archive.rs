//! Opening an Office document's zip container as untrusted input: entry names that would
//! escape (absolute, `..`, drive letters) are refused, and every entry is decompressed through
//! a counting reader that enforces the entry count, per-entry and total sizes and the
//! compression ratio — the sizes the zip headers declare are never trusted.

use std::collections::BTreeMap;
use std::io::{Read, Seek};
use std::path::Path;

use crate::{Error, Result};

/// Limits applied while reading a document's zip container (zip-bomb and path guards).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ZipLimits {
    /// Most entries a container may list.
    pub max_entries: usize,
    /// Most bytes one entry may decompress to.
    pub max_entry_size: u64,
    /// Most bytes all entries together may decompress to.
    pub max_total_size: u64,
    /// Highest uncompressed : compressed ratio allowed for an entry once it has decompressed
    /// past [`ratio_min_size`](Self::ratio_min_size) bytes.
    pub max_ratio: u64,
    /// Entries smaller than this are never refused for their ratio (small XML parts compress
    /// very well and are harmless).
    pub ratio_min_size: u64,
}

impl Default for ZipLimits {
    fn default() -> Self {
        ZipLimits {
            max_entries: 10_000,
            max_entry_size: 200 * 1024 * 1024,
            max_total_size: 1024 * 1024 * 1024,
            max_ratio: 100,
            // Real decks hold metafiles that compress far past 100:1 (a 1.4 MB EMF in 2 KB,
            // in Apache Tika's test files); the size limits bound what such an entry costs.
            ratio_min_size: 16 * 1024 * 1024,
        }
    }
}

/// The entries of a container that passed every check: names in the container's order, and
/// the bytes of those entries the caller asked to keep.
#[derive(Debug, Default)]
pub(crate) struct Archive {
    /// Every entry name (directories excluded), in central-directory order.
    pub names: Vec<String>,
    /// The kept entries' bytes by name.
    pub parts: BTreeMap<String, Vec<u8>>,
}

impl Archive {
    /// The bytes of a kept entry.
    pub fn get(&self, name: &str) -> Option<&[u8]> {
        self.parts.get(name).map(Vec::as_slice)
    }
}

fn unsafe_archive(path: &Path, message: impl Into<String>) -> Error {
    Error::UnsafeArchive {
        path: path.to_path_buf(),
        message: message.into(),
    }
}

/// True when `name` stays inside the container: relative, no `..` component, no drive letter,
/// no NUL. Backslashes count as separators (some tools write them).
pub(crate) fn is_safe_name(name: &str) -> bool {
    if name.is_empty() || name.contains('\0') || name.starts_with('/') || name.starts_with('\\') {
        return false;
    }
    let b = name.as_bytes();
    if b.len() >= 2 && b[1] == b':' && b[0].is_ascii_alphabetic() {
        return false;
    }
    !name.split(['/', '\\']).any(|c| c == "..")
}

/// Read every entry of the zip in `reader` through the limits, keeping the bytes of those
/// for which `keep(name)` is true. Any refused entry refuses the whole container: a document
/// built to attack its reader is not one to vet piecemeal.
pub(crate) fn read_archive<R: Read + Seek>(
    reader: R,
    path: &Path,
    limits: &ZipLimits,
    keep: impl Fn(&str) -> bool,
) -> Result<Archive> {
    let mut zip = zip::ZipArchive::new(reader).map_err(|e| Error::Archive {
        path: path.to_path_buf(),
        message: format!("not a readable zip container: {e}"),
    })?;
    if zip.len() > limits.max_entries {
        return Err(unsafe_archive(
            path,
            format!(
                "{} entries, over the limit of {}",
                zip.len(),
                limits.max_entries
            ),
        ));
    }
    let mut out = Archive::default();
    let mut total: u64 = 0;
    let mut buf = vec![0u8; 64 * 1024];
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).map_err(|e| Error::Archive {
            path: path.to_path_buf(),
            message: format!("entry {i}: {e}"),
        })?;
        let name = entry.name().to_string();
        if !is_safe_name(&name) {
            return Err(unsafe_archive(
                path,
                format!("entry name `{name}` points outside the document"),
            ));
        }
        if entry.is_dir() {
            continue;
        }
        let compressed = entry.compressed_size().max(1);
        let kept = keep(&name);
        let mut data = Vec::new();
        let mut size: u64 = 0;
        loop {
            let n = entry.read(&mut buf).map_err(|e| Error::Archive {
                path: path.to_path_buf(),
                message: format!("entry `{name}`: {e}"),
            })?;
            if n == 0 {
                break;
            }
            size += n as u64;
            total += n as u64;
            if size > limits.max_entry_size {
                return Err(unsafe_archive(
                    path,
                    format!(
                        "entry `{name}` decompresses to more than {} bytes",
                        limits.max_entry_size
                    ),
                ));
            }
            if total > limits.max_total_size {
                return Err(unsafe_archive(
                    path,
                    format!(
                        "entries decompress to more than {} bytes in total",
                        limits.max_total_size
                    ),
                ));
            }
            if size >= limits.ratio_min_size && size > compressed.saturating_mul(limits.max_ratio) {
                return Err(unsafe_archive(
                    path,
                    format!(
                        "entry `{name}` expands more than {}:1 ({compressed} compressed bytes; zip bomb?)",
                        limits.max_ratio
                    ),
                ));
            }
            if kept {
                data.extend_from_slice(&buf[..n]);
            }
        }
        if kept {
            out.parts.insert(name.clone(), data);
        }
        out.names.push(name);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Cursor, Write};
    use zip::write::SimpleFileOptions;

    fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts =
            SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        for (name, data) in entries {
            w.start_file(*name, opts).unwrap();
            w.write_all(data).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    fn read(bytes: Vec<u8>, limits: &ZipLimits) -> Result<Archive> {
        read_archive(Cursor::new(bytes), Path::new("deck.pptx"), limits, |_| true)
    }

    #[test]
    fn names_that_escape_are_unsafe() {
        for bad in [
            "../evil.txt",
            "ppt/../../evil.txt",
            "/etc/passwd",
            "\\evil",
            "C:/evil",
            "ppt\\..\\..\\evil",
            "",
        ] {
            assert!(!is_safe_name(bad), "{bad:?}");
        }
        for good in ["ppt/slides/slide1.xml", "[Content_Types].xml", "a..b/c"] {
            assert!(is_safe_name(good), "{good:?}");
        }
    }

    #[test]
    fn escaping_entry_refuses_the_container() {
        let bytes = zip_of(&[("ok.xml", b"<a/>"), ("../evil.txt", b"boo")]);
        let err = read(bytes, &ZipLimits::default()).unwrap_err();
        assert_eq!(err.code(), "unsafe_archive");
        assert!(err.to_string().contains("../evil.txt"), "{err}");
        assert_eq!(err.path(), Some(Path::new("deck.pptx")));
    }

    #[test]
    fn too_many_entries_refused() {
        let entries: Vec<(String, &[u8])> =
            (0..5).map(|i| (format!("e{i}.xml"), &b"x"[..])).collect();
        let refs: Vec<(&str, &[u8])> = entries.iter().map(|(n, d)| (n.as_str(), *d)).collect();
        let limits = ZipLimits {
            max_entries: 4,
            ..ZipLimits::default()
        };
        let err = read(zip_of(&refs), &limits).unwrap_err();
        assert!(err.to_string().contains("5 entries"), "{err}");
        assert!(read(zip_of(&refs[..4]), &limits).is_ok());
    }

    /// A 300 MB run of zeros, written streaming (never held in memory), compresses to about
    /// 300 KB: refused for its ratio long before it is decompressed whole. (Level 6: at level 1
    /// the zlib-rs backend, which hayro's dependencies enable in flate2, writes zeros only about
    /// 100:1, and the entry would be refused for its size instead.)
    #[test]
    fn compression_bomb_refused() {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .compression_level(Some(6))
            .large_file(true);
        w.start_file("ppt/media/image1.png", opts).unwrap();
        let chunk = vec![0u8; 1024 * 1024];
        for _ in 0..300 {
            w.write_all(&chunk).unwrap();
        }
        let bytes = w.finish().unwrap().into_inner();
        assert!(bytes.len() < 3 * 1024 * 1024, "{}", bytes.len());
        let err = read(bytes, &ZipLimits::default()).unwrap_err();
        assert_eq!(err.code(), "unsafe_archive");
        assert!(err.to_string().contains("zip bomb"), "{err}");
    }

    /// A metafile that compresses 700:1 (as EMFs do) but stays small is not a bomb.
    #[test]
    fn a_small_entry_may_compress_very_well() {
        let data = vec![0u8; 1_500_000];
        let bytes = zip_of(&[("ppt/media/image2.emf", &data)]);
        let archive = read(bytes, &ZipLimits::default()).unwrap();
        assert_eq!(archive.names, ["ppt/media/image2.emf"]);
    }

    #[test]
    fn entry_and_total_sizes_are_counted_not_trusted() {
        // Random-ish bytes do not compress, so only the size limits can stop them.
        let data: Vec<u8> = (0..300_000u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        let bytes = zip_of(&[("a.bin", &data), ("b.bin", &data)]);
        let per_entry = ZipLimits {
            max_entry_size: 200_000,
            ..ZipLimits::default()
        };
        let err = read(bytes.clone(), &per_entry).unwrap_err();
        assert!(err.to_string().contains("`a.bin`"), "{err}");
        let total = ZipLimits {
            max_total_size: 500_000,
            ..ZipLimits::default()
        };
        let err = read(bytes.clone(), &total).unwrap_err();
        assert!(err.to_string().contains("in total"), "{err}");
        let ok = read(bytes, &ZipLimits::default()).unwrap();
        assert_eq!(ok.names, ["a.bin", "b.bin"]);
        assert_eq!(ok.get("b.bin").unwrap(), &data[..]);
    }

    #[test]
    fn not_a_zip_is_an_archive_error() {
        let err = read(b"hello, not a zip".to_vec(), &ZipLimits::default()).unwrap_err();
        assert_eq!(err.code(), "archive");
    }
}
