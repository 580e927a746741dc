use proptest::prelude::*;

use super::*;
use crate::test_fixtures::zip_with;

fn small_limits() -> Limits {
    Limits { max_zip_bytes: 1 << 20, max_entries: 10, max_entry_bytes: 1000, max_total_bytes: 5000 }
}

#[test]
fn written_zips_read_back_and_are_deterministic() {
    let big = vec![b'a'; 5000];
    let files: Vec<(&str, &[u8])> = vec![("a.txt", b"x"), ("dir/b.bin", &big), ("empty", b""), ("ünïcode.txt", b"ok")];
    let first = write_files(files.clone());
    assert_eq!(first, write_files(files.clone()));
    let read = read_files(&first, &Limits::DEFAULT).expect("readable");
    let expected: Vec<ArchiveFile> =
        files.iter().map(|(name, content)| ((*name).to_owned(), content.to_vec())).collect();
    assert_eq!(read, expected);
    assert!(first.len() < 1000, "the repetitive entry is deflated");
}

#[test]
fn directory_entries_are_skipped() {
    let zip = zip_with(&[("META-INF/", b""), ("META-INF/MANIFEST.MF", b"m"), ("src/", b"")]);
    let files = read_files(&zip, &Limits::DEFAULT).expect("readable");
    assert_eq!(files, vec![("META-INF/MANIFEST.MF".to_owned(), b"m".to_vec())]);
}

#[test]
fn traversal_and_absolute_names_are_rejected() {
    for name in ["../a", "/abs", "a/../../b", "..\\b", "C:/windows/x", "a/..", "\\\\server\\share"] {
        let zip = zip_with(&[(name, b"x")]);
        let error = read_files(&zip, &Limits::DEFAULT).expect_err(name);
        assert_eq!(error, BundleError::UnsafeEntryName { name: name.to_owned() }, "{name}");
        assert_eq!(error.to_string(), format!("The zip entry '{name}' escapes the bundle"));
    }
}

#[test]
fn names_are_normalized() {
    assert_eq!(normalize_entry_name("./a//b").expect("safe"), Some("a/b".to_owned()));
    assert_eq!(normalize_entry_name("dir\\file.txt").expect("safe"), Some("dir/file.txt".to_owned()));
    assert_eq!(normalize_entry_name("dir/").expect("safe"), None);
    assert_eq!(normalize_entry_name(".").expect("safe"), None);
}

#[test]
fn duplicate_paths_are_rejected() {
    let zip = zip_with(&[("a/b", b"1"), ("a//b", b"2")]);
    assert_eq!(read_files(&zip, &Limits::DEFAULT), Err(BundleError::DuplicateEntry { name: "a/b".to_owned() }));
}

#[test]
fn entries_over_the_limit_are_rejected() {
    let zip = zip_with(&[("big", &[0u8; 1001])]);
    assert_eq!(
        read_files(&zip, &small_limits()),
        Err(BundleError::EntryTooLarge { name: "big".to_owned(), max: 1000 })
    );
}

/// Overwrites the uncompressed size in every local and central header with 10.
fn lie_about_sizes(zip: &mut [u8]) {
    let mut index = 0;
    while index + 4 <= zip.len() {
        let signature = u32::from_le_bytes([zip[index], zip[index + 1], zip[index + 2], zip[index + 3]]);
        let size_at = match signature {
            0x0403_4b50 => Some(index + 22),
            0x0201_4b50 => Some(index + 24),
            _ => None,
        };
        if let Some(at) = size_at {
            zip[at..at + 4].copy_from_slice(&10u32.to_le_bytes());
        }
        index += 1;
    }
}

#[test]
fn decompressed_bytes_are_counted_not_header_sizes() {
    let mut zip = write_files([("bomb", &[0u8; 100_000][..])]);
    lie_about_sizes(&mut zip);
    let error = read_files(&zip, &small_limits()).expect_err("too large");
    assert_eq!(error, BundleError::EntryTooLarge { name: "bomb".to_owned(), max: 1000 });
    let limits = Limits { max_entry_bytes: 10_000, max_total_bytes: 10_000, ..small_limits() };
    let error = read_files(&zip, &limits).expect_err("too large");
    assert_eq!(error, BundleError::EntryTooLarge { name: "bomb".to_owned(), max: 10_000 });
}

#[test]
fn too_many_entries_are_rejected() {
    let names: Vec<String> = (0..11).map(|index| format!("file{index}")).collect();
    let entries: Vec<(&str, &[u8])> = names.iter().map(|name| (name.as_str(), &b"x"[..])).collect();
    let error = read_files(&zip_with(&entries), &small_limits()).expect_err("too many");
    assert_eq!(error, BundleError::TooManyEntries { max: 10 });
    assert_eq!(error.to_string(), "The zip has more than 10 entries");
}

#[test]
fn total_size_is_limited() {
    let content = [1u8; 900];
    let names: Vec<String> = (0..6).map(|index| format!("f{index}")).collect();
    let entries: Vec<(&str, &[u8])> = names.iter().map(|name| (name.as_str(), &content[..])).collect();
    assert_eq!(read_files(&zip_with(&entries), &small_limits()), Err(BundleError::TotalTooLarge { max: 5000 }));
}

#[test]
fn oversized_zips_and_garbage_are_rejected() {
    let limits = Limits { max_zip_bytes: 10, ..Limits::DEFAULT };
    let zip = write_files([("a", &b"b"[..])]);
    assert_eq!(read_files(&zip, &limits), Err(BundleError::ZipTooLarge { size: zip.len(), max: 10 }));
    let error = read_files(b"this is not a zip", &Limits::DEFAULT).expect_err("garbage");
    assert!(matches!(error, BundleError::InvalidZip(_)));
    assert!(error.to_string().starts_with("The artifact content is not a valid zip archive"));
}

#[test]
fn corrupt_content_is_unreadable() {
    let mut zip = write_files([("text", &[b'z'; 2000][..])]);
    let data_start = 30 + "text".len();
    zip[data_start + 2] ^= 0xff;
    let error = read_files(&zip, &Limits::DEFAULT).expect_err("corrupt");
    assert!(matches!(error, BundleError::UnreadableEntry { ref name, .. } if name == "text"), "{error:?}");
}

proptest! {
    #[test]
    fn reading_arbitrary_bytes_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let _ = read_files(&bytes, &small_limits());
    }

    #[test]
    fn reading_mutated_zips_never_panics(position in 0usize..400, value in any::<u8>()) {
        let mut zip = write_files([("a/b.txt", &b"hello hello hello"[..]), ("c", &[7u8; 300][..])]);
        let index = position % zip.len();
        zip[index] = value;
        let _ = read_files(&zip, &small_limits());
    }
}
