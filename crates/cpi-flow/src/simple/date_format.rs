//! The common letters of Java's `SimpleDateFormat`, formatting a UTC time (`${date:now:…}`).
//!
//! Supported letters: `G y M d H k K h m s S E u D a z Z X`, quoted literals (`'T'`, `''` for a
//! quote). Other ASCII letters are rejected like Java rejects them (`Illegal pattern character`);
//! week-based letters (`w W F Y`) are not supported. The time is always shown in UTC, as a CPI
//! tenant's JVM does.

use time::{OffsetDateTime, UtcOffset};

/// A parsed pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DateFormat(Vec<DateToken>);

#[derive(Debug, Clone, PartialEq, Eq)]
enum DateToken {
    Literal(String),
    /// A pattern letter and how many times it is repeated.
    Field(char, usize),
}

const SUPPORTED_LETTERS: &str = "GyMdHkKhmsSEuDazZX";

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

const WEEKDAYS: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

impl DateFormat {
    /// Parses a `SimpleDateFormat` pattern.
    pub(crate) fn parse(pattern: &str) -> Result<Self, String> {
        let mut tokens = Vec::new();
        let mut chars = pattern.chars().peekable();
        while let Some(character) = chars.next() {
            if character == '\'' {
                tokens.push(DateToken::Literal(quoted_literal(&mut chars)?));
            } else if character.is_ascii_alphabetic() {
                if !SUPPORTED_LETTERS.contains(character) {
                    return Err(format!("the date pattern letter '{character}' is not supported"));
                }
                let mut count = 1;
                while chars.next_if_eq(&character).is_some() {
                    count += 1;
                }
                if character == 'X' && count > 3 {
                    return Err("the date pattern letter 'X' may be repeated at most 3 times".to_owned());
                }
                tokens.push(DateToken::Field(character, count));
            } else {
                tokens.push(DateToken::Literal(character.to_string()));
            }
        }
        Ok(Self(tokens))
    }

    /// Java's `Date.toString()` layout: `EEE MMM dd HH:mm:ss zzz yyyy`.
    pub(crate) fn java_date_to_string() -> Self {
        Self::parse("EEE MMM dd HH:mm:ss zzz yyyy").unwrap_or(Self(Vec::new()))
    }

    /// Formats a time, converted to UTC.
    pub(crate) fn format(&self, time: OffsetDateTime) -> String {
        let time = time.to_offset(UtcOffset::UTC);
        let mut text = String::new();
        for token in &self.0 {
            match token {
                DateToken::Literal(literal) => text.push_str(literal),
                DateToken::Field(letter, count) => format_field(&mut text, *letter, *count, time),
            }
        }
        text
    }
}

/// The text of a quoted literal after its opening quote; `''` right away is a single quote.
fn quoted_literal(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> Result<String, String> {
    if chars.next_if_eq(&'\'').is_some() {
        return Ok("'".to_owned());
    }
    let mut literal = String::new();
    loop {
        match chars.next() {
            Some('\'') if chars.next_if_eq(&'\'').is_some() => literal.push('\''),
            Some('\'') => return Ok(literal),
            Some(other) => literal.push(other),
            None => return Err("the date pattern has an unterminated quote".to_owned()),
        }
    }
}

fn format_field(text: &mut String, letter: char, count: usize, time: OffsetDateTime) {
    let hour = i64::from(time.hour());
    match letter {
        'G' => text.push_str(if time.year() > 0 { "AD" } else { "BC" }),
        'y' if count == 2 => push_number(text, i64::from(time.year()).rem_euclid(100), 2),
        'y' => push_number(text, i64::from(time.year()), count),
        'M' if count >= 4 => text.push_str(MONTHS[usize::from(u8::from(time.month())) - 1]),
        'M' if count == 3 => text.push_str(&MONTHS[usize::from(u8::from(time.month())) - 1][..3]),
        'M' => push_number(text, i64::from(u8::from(time.month())), count),
        'd' => push_number(text, i64::from(time.day()), count),
        'D' => push_number(text, i64::from(time.ordinal()), count),
        'H' => push_number(text, hour, count),
        'k' => push_number(text, if hour == 0 { 24 } else { hour }, count),
        'K' => push_number(text, hour % 12, count),
        'h' => push_number(text, if hour % 12 == 0 { 12 } else { hour % 12 }, count),
        'm' => push_number(text, i64::from(time.minute()), count),
        's' => push_number(text, i64::from(time.second()), count),
        'S' => push_number(text, i64::from(time.millisecond()), count),
        'E' => {
            let name = WEEKDAYS[usize::from(time.weekday().number_days_from_monday())];
            text.push_str(if count >= 4 { name } else { &name[..3] });
        }
        'u' => push_number(text, i64::from(time.weekday().number_from_monday()), count),
        'a' => text.push_str(if hour < 12 { "AM" } else { "PM" }),
        'z' => text.push_str(if count >= 4 { "Coordinated Universal Time" } else { "UTC" }),
        'Z' => text.push_str("+0000"),
        'X' => text.push('Z'),
        _ => {}
    }
}

/// A number zero-padded to `width` digits (a minus sign comes first).
fn push_number(text: &mut String, value: i64, width: usize) {
    if value < 0 {
        text.push('-');
    }
    let digits = value.unsigned_abs().to_string();
    for _ in digits.len()..width {
        text.push('0');
    }
    text.push_str(&digits);
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn format(pattern: &str) -> String {
        DateFormat::parse(pattern).unwrap().format(datetime!(2024-03-05 14:07:09.045 UTC))
    }

    #[test]
    fn formats_the_common_letters() {
        assert_eq!(format("yyyy-MM-dd'T'HH:mm:ss.SSS"), "2024-03-05T14:07:09.045");
        assert_eq!(format("yyyyMMdd"), "20240305");
        assert_eq!(format("yy/M/d H"), "24/3/5 14");
        assert_eq!(format("hh:mm a"), "02:07 PM");
        assert_eq!(format("h K k"), "2 2 14");
        assert_eq!(format("EEE, dd MMM yyyy HH:mm:ss z"), "Tue, 05 Mar 2024 14:07:09 UTC");
        assert_eq!(format("EEEE MMMM"), "Tuesday March");
        assert_eq!(format("Z|X|XXX|zzzz"), "+0000|Z|Z|Coordinated Universal Time");
        assert_eq!(format("D u G S"), "65 2 AD 45");
    }

    #[test]
    fn quotes_follow_java() {
        assert_eq!(format("'at' HH 'o''clock'"), "at 14 o'clock");
        assert_eq!(format("HH''mm"), "14'07");
        assert!(DateFormat::parse("'open").unwrap_err().contains("unterminated"));
    }

    #[test]
    fn rejects_unknown_letters() {
        assert!(DateFormat::parse("yyyy-ww").unwrap_err().contains("'w'"));
        assert!(DateFormat::parse("XXXX").is_err());
    }

    #[test]
    fn converts_to_utc_and_handles_midnight() {
        let format = DateFormat::parse("yyyy-MM-dd HH k h a").unwrap();
        assert_eq!(format.format(datetime!(2024-01-01 01:30 +02:00)), "2023-12-31 23 23 11 PM");
        assert_eq!(format.format(datetime!(2024-01-01 00:30 UTC)), "2024-01-01 00 24 12 AM");
    }

    #[test]
    fn java_date_to_string_layout() {
        assert_eq!(
            DateFormat::java_date_to_string().format(datetime!(2024-03-05 14:07:09 UTC)),
            "Tue Mar 05 14:07:09 UTC 2024"
        );
    }
}
