//! XML text helpers: escaping and the date formats of Atom and EDM.

use time::OffsetDateTime;
use time::macros::format_description;

/// Escapes text for element content and double-quoted attribute values (`'` stays as is, so
/// key predicates read `Set('x')`).
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\r' => out.push_str("&#13;"),
            _ => out.push(c),
        }
    }
    out
}

/// A moment from milliseconds since the epoch (the epoch itself if out of range).
fn moment(ms: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000).unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

/// An Atom `<updated>` timestamp: `YYYY-MM-DDTHH:MM:SS.mmmZ`.
pub fn atom_timestamp(ms: i64) -> String {
    let format = format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z");
    moment(ms).format(format).unwrap_or_default()
}

/// `Edm.DateTime` text: `2014-09-01T00:00:00`, with `.mmm` when the milliseconds are not zero.
pub fn edm_datetime_text(ms: i64) -> String {
    let at = moment(ms);
    let text = if ms.rem_euclid(1000) == 0 {
        at.format(format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]"))
    } else {
        at.format(format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]"))
    };
    text.unwrap_or_default()
}

/// Checks that tags balance (a minimal well-formedness check) and returns the element count.
#[cfg(test)]
pub(crate) fn balanced_elements(xml: &str) -> usize {
    let mut stack: Vec<&str> = Vec::new();
    let mut count = 0;
    let mut rest = xml;
    while let Some(start) = rest.find('<') {
        let end = rest[start..].find('>').expect("unclosed tag") + start;
        let tag = &rest[start + 1..end];
        rest = &rest[end + 1..];
        if tag.starts_with('?') {
            continue;
        }
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(stack.pop(), Some(name.trim()), "mismatched </{name}>");
            continue;
        }
        count += 1;
        let name = tag.split_whitespace().next().expect("tag name").trim_end_matches('/');
        if !tag.ends_with('/') {
            stack.push(name);
        }
    }
    assert!(stack.is_empty(), "unclosed: {stack:?}");
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(escape(r#"a<b>&"c"'d'"#), "a&lt;b&gt;&amp;&quot;c&quot;'d'");
    }

    #[test]
    fn formats_timestamps() {
        assert_eq!(atom_timestamp(1_409_529_600_000), "2014-09-01T00:00:00.000Z");
        assert_eq!(atom_timestamp(1_521_463_557_739), "2018-03-19T12:45:57.739Z");
        assert_eq!(edm_datetime_text(1_409_529_600_000), "2014-09-01T00:00:00");
        assert_eq!(edm_datetime_text(1_521_463_557_739), "2018-03-19T12:45:57.739");
        assert_eq!(edm_datetime_text(-1), "1969-12-31T23:59:59.999");
    }
}
