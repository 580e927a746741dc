use std::io::Read;

use time::Duration;
use time::macros::datetime;

use super::*;
use crate::clock::ManualClock;

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_str().unwrap().to_owned()).collect();
    names.sort();
    names
}

fn gunzip(path: &Path) -> String {
    let mut text = String::new();
    flate2::read::GzDecoder::new(File::open(path).unwrap()).read_to_string(&mut text).unwrap();
    text
}

fn open(dir: &Path, clock: &Arc<ManualClock>, max_file_bytes: u64, keep_rotated: usize) -> RotatingFile {
    let settings = LogSettings { max_file_bytes, keep_rotated };
    RotatingFile::open(dir, LogFileType::Http, settings, clock.clone()).unwrap()
}

#[test]
fn a_new_day_rotates_into_a_dated_gzip_file() {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(ManualClock::new(datetime!(2026-11-24 23:59:30 UTC)));
    let mut file = open(dir.path(), &clock, 1 << 20, 14);
    file.write_line(b"first").unwrap();
    file.write_line(b"second\n").unwrap();
    file.flush().unwrap();
    assert_eq!(names(dir.path()), ["http_access.log"]);
    clock.advance(Duration::minutes(1));
    file.write_line(b"third").unwrap();
    file.flush().unwrap();
    assert_eq!(names(dir.path()), ["http_access.log", "http_access_2026-11-24.log.gz"]);
    assert_eq!(gunzip(&dir.path().join("http_access_2026-11-24.log.gz")), "first\nsecond\n");
    assert_eq!(fs::read_to_string(dir.path().join("http_access.log")).unwrap(), "third\n");
}

#[test]
fn the_size_limit_rotates_with_sequence_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(ManualClock::new(datetime!(2026-11-24 10:00 UTC)));
    let mut file = open(dir.path(), &clock, 12, 14);
    for line in ["aaaaa", "bbbbb\n", "ccccc", "ddddd", "eeeee"] {
        file.write_line(line.as_bytes()).unwrap();
    }
    // A line longer than the limit still goes into a file of its own.
    file.write_line(b"a line longer than twelve bytes").unwrap();
    file.flush().unwrap();
    assert_eq!(
        names(dir.path()),
        [
            "http_access.log",
            "http_access_2026-11-24.1.log.gz",
            "http_access_2026-11-24.2.log.gz",
            "http_access_2026-11-24.log.gz"
        ]
    );
    assert_eq!(gunzip(&dir.path().join("http_access_2026-11-24.log.gz")), "aaaaa\nbbbbb\n");
    assert_eq!(gunzip(&dir.path().join("http_access_2026-11-24.1.log.gz")), "ccccc\nddddd\n");
    assert_eq!(gunzip(&dir.path().join("http_access_2026-11-24.2.log.gz")), "eeeee\n");
    assert_eq!(fs::read_to_string(dir.path().join("http_access.log")).unwrap(), "a line longer than twelve bytes\n");
}

#[test]
fn only_the_newest_rotated_files_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(ManualClock::new(datetime!(2026-11-20 12:00 UTC)));
    let mut file = open(dir.path(), &clock, 1 << 20, 2);
    for day in 0..5 {
        file.write_line(format!("day {day}").as_bytes()).unwrap();
        clock.advance(Duration::days(1));
    }
    file.write_line(b"today").unwrap();
    file.flush().unwrap();
    assert_eq!(
        names(dir.path()),
        ["http_access.log", "http_access_2026-11-23.log.gz", "http_access_2026-11-24.log.gz"]
    );
    assert_eq!(gunzip(&dir.path().join("http_access_2026-11-24.log.gz")), "day 4\n");
    let mut none_kept = open(dir.path(), &clock, 1 << 20, 0);
    clock.advance(Duration::days(1));
    none_kept.write_line(b"tomorrow").unwrap();
    assert_eq!(names(dir.path()), ["http_access.log"]);
}

#[test]
fn reopening_appends_and_compresses_what_a_crash_left() {
    let dir = tempfile::tempdir().unwrap();
    let now = OffsetDateTime::now_utc();
    let clock = Arc::new(ManualClock::new(now));
    fs::write(dir.path().join("http_access_2026-11-20.log"), "left uncompressed\n").unwrap();
    fs::write(dir.path().join("http_access_2026-11-20.log.gz.partial"), "half").unwrap();
    fs::write(dir.path().join("http_access.log"), "before\n").unwrap();
    let mut file = open(dir.path(), &clock, 1 << 20, 14);
    assert_eq!(gunzip(&dir.path().join("http_access_2026-11-20.log.gz")), "left uncompressed\n");
    assert!(!dir.path().join("http_access_2026-11-20.log").exists());
    file.write_line(b"after").unwrap();
    file.flush().unwrap();
    assert_eq!(fs::read_to_string(dir.path().join("http_access.log")).unwrap(), "before\nafter\n");
    // The file's own date (its modification time) names it at the next rotation.
    clock.advance(Duration::days(1));
    file.write_line(b"next day").unwrap();
    let rotated = format!("http_access_{}.log.gz", now.date());
    assert!(dir.path().join(&rotated).exists(), "{:?}", names(dir.path()));
}
