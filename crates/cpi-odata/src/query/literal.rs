//! The values of OData V2 literals: numbers, `datetime'…'`, `datetimeoffset'…'` and `guid'…'`.
//! Errors are plain messages; the tokenizer adds the position.

use time::{Date, Month, PrimitiveDateTime, Time, UtcOffset};

/// An `Edm.Int64` literal's value (`-?digits`).
pub(crate) fn parse_integer(text: &str) -> Result<i64, String> {
    text.parse().map_err(|_| format!("integer literal '{text}' is out of range"))
}

/// A decimal or floating-point literal's value; it must be finite.
pub(crate) fn parse_decimal(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(value) if value.is_finite() => Ok(value),
        _ => Err(format!("decimal literal '{text}' is out of range")),
    }
}

/// A `guid'…'` body, `8-4-4-4-12` hexadecimal digits, lower-cased.
pub(crate) fn parse_guid(text: &str) -> Result<String, String> {
    let valid = text.len() == 36
        && text
            .bytes()
            .enumerate()
            .all(|(i, b)| if matches!(i, 8 | 13 | 18 | 23) { b == b'-' } else { b.is_ascii_hexdigit() });
    if valid { Ok(text.to_ascii_lowercase()) } else { Err(format!("invalid guid '{text}'")) }
}

/// The time-zone part of a date/time literal.
enum Zone {
    /// Nothing.
    Unspecified,
    /// `Z`.
    Utc,
    /// `+hh:mm` / `-hh:mm`.
    Offset(UtcOffset),
}

/// A `datetime'…'` (`offset_allowed == false`) or `datetimeoffset'…'` body in milliseconds since
/// the epoch: `yyyy-mm-ddThh:mm[:ss[.fffffff]]`, then `Z`, nothing (both UTC) or, for
/// `datetimeoffset` only, `+hh:mm`/`-hh:mm`, which is applied.
pub(crate) fn parse_datetime(text: &str, offset_allowed: bool) -> Result<i64, String> {
    let (local, zone) = components(text)
        .ok_or_else(|| format!("invalid date/time '{text}' (expected yyyy-mm-ddThh:mm[:ss[.fffffff]][Z])"))?;
    let at = match zone {
        Zone::Unspecified | Zone::Utc => local.assume_utc(),
        Zone::Offset(offset) if offset_allowed => local.assume_offset(offset),
        Zone::Offset(_) => {
            return Err(format!(
                "datetime'{text}' has a time-zone offset, which datetime literals do not take \
                 (use datetimeoffset'…' or 'Z')"
            ));
        }
    };
    i64::try_from(at.unix_timestamp_nanos().div_euclid(1_000_000))
        .map_err(|_| format!("date/time '{text}' is out of range"))
}

/// A cursor over the ASCII bytes of a date/time.
struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Cursor<'_> {
    fn eat(&mut self, byte: u8) -> bool {
        let found = self.bytes.get(self.pos) == Some(&byte);
        self.pos += usize::from(found);
        found
    }

    fn expect(&mut self, byte: u8) -> Option<()> {
        self.eat(byte).then_some(())
    }

    /// Exactly `count` digits as a number.
    fn digits(&mut self, count: usize) -> Option<u32> {
        let slice = self.bytes.get(self.pos..self.pos + count)?;
        if !slice.iter().all(u8::is_ascii_digit) {
            return None;
        }
        self.pos += count;
        Some(slice.iter().fold(0, |n, b| n * 10 + u32::from(b - b'0')))
    }

    /// 1 to 9 fraction digits as nanoseconds.
    fn nanos(&mut self) -> Option<u32> {
        let start = self.pos;
        while self.bytes.get(self.pos).is_some_and(u8::is_ascii_digit) {
            self.pos += 1;
        }
        let count = self.pos - start;
        if count == 0 || count > 9 {
            return None;
        }
        let value = self.bytes[start..self.pos].iter().fold(0, |n, b| n * 10 + u32::from(b - b'0'));
        Some(value * 10u32.pow(9 - u32::try_from(count).ok()?))
    }

    fn zone(&mut self) -> Option<Zone> {
        let zone = match self.bytes.get(self.pos) {
            None => Zone::Unspecified,
            Some(b'Z') => {
                self.pos += 1;
                Zone::Utc
            }
            Some(&sign @ (b'+' | b'-')) => {
                self.pos += 1;
                let hours = i8::try_from(self.digits(2)?).ok()?;
                self.expect(b':')?;
                let minutes = i8::try_from(self.digits(2)?).ok()?;
                let factor = if sign == b'-' { -1 } else { 1 };
                Zone::Offset(UtcOffset::from_hms(factor * hours, factor * minutes, 0).ok()?)
            }
            Some(_) => return None,
        };
        (self.pos == self.bytes.len()).then_some(zone)
    }
}

fn components(text: &str) -> Option<(PrimitiveDateTime, Zone)> {
    let mut c = Cursor { bytes: text.as_bytes(), pos: 0 };
    let year = i32::try_from(c.digits(4)?).ok()?;
    c.expect(b'-')?;
    let month = Month::try_from(u8::try_from(c.digits(2)?).ok()?).ok()?;
    c.expect(b'-')?;
    let day = u8::try_from(c.digits(2)?).ok()?;
    c.expect(b'T')?;
    let hour = u8::try_from(c.digits(2)?).ok()?;
    c.expect(b':')?;
    let minute = u8::try_from(c.digits(2)?).ok()?;
    let (mut second, mut nanos) = (0, 0);
    if c.eat(b':') {
        second = u8::try_from(c.digits(2)?).ok()?;
        if c.eat(b'.') {
            nanos = c.nanos()?;
        }
    }
    let zone = c.zone()?;
    let date = Date::from_calendar_date(year, month, day).ok()?;
    let time = Time::from_hms_nano(hour, minute, second, nanos).ok()?;
    Some((PrimitiveDateTime::new(date, time), zone))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datetimes_are_utc_milliseconds() {
        assert_eq!(parse_datetime("2014-09-01T00:00:00", false), Ok(1_409_529_600_000));
        assert_eq!(parse_datetime("2014-09-01T00:00:00Z", false), Ok(1_409_529_600_000));
        assert_eq!(parse_datetime("2014-09-01T00:00", false), Ok(1_409_529_600_000));
        assert_eq!(parse_datetime("2014-09-01T00:00:00.123", false), Ok(1_409_529_600_123));
        assert_eq!(parse_datetime("2014-09-01T00:00:00.1234567", false), Ok(1_409_529_600_123));
        assert_eq!(parse_datetime("1970-01-01T00:00:00", false), Ok(0));
        assert_eq!(parse_datetime("1969-12-31T23:59:59.9995", false), Ok(-1));
    }

    #[test]
    fn offsets_only_for_datetimeoffset() {
        assert!(parse_datetime("2014-09-01T02:00:00+02:00", false).is_err());
        assert_eq!(parse_datetime("2014-09-01T02:00:00+02:00", true), Ok(1_409_529_600_000));
        assert_eq!(parse_datetime("2014-08-31T22:30:00-01:30", true), Ok(1_409_529_600_000));
        assert_eq!(parse_datetime("2014-09-01T00:00:00Z", true), Ok(1_409_529_600_000));
    }

    #[test]
    fn malformed_datetimes() {
        for text in [
            "",
            "2014-09-01",
            "2014-13-01T00:00:00",
            "2014-02-30T00:00:00",
            "2014-09-01T24:00:00",
            "2014-09-01T00:00:00.",
            "2014-09-01T00:00:00.1234567890",
            "2014-09-01T00:00:00ZZ",
            "2014-09-01 00:00:00",
            "2014-09-01T00:00:00+2:00",
            "2014-09-01T00:00:00+99:00",
            "٢٠١٤-09-01T00:00:00",
        ] {
            assert!(parse_datetime(text, true).is_err(), "{text}");
        }
    }

    #[test]
    fn guids() {
        assert_eq!(
            parse_guid("ABCDEF01-2345-6789-abcd-ef0123456789").as_deref(),
            Ok("abcdef01-2345-6789-abcd-ef0123456789")
        );
        assert!(parse_guid("abcdef01-2345-6789-abcd-ef012345678").is_err());
        assert!(parse_guid("abcdef0112345-6789-abcd-ef0123456789").is_err());
        assert!(parse_guid("gbcdef01-2345-6789-abcd-ef0123456789").is_err());
    }
}
