//! Percent-decoding of path segments and query strings.

use crate::ODataError;

/// Decodes the percent-escapes of one path segment (`+` stays `+`).
///
/// Malformed escapes and escapes that do not decode to UTF-8 are a 400.
pub fn decode_path_segment(raw: &str) -> Result<String, ODataError> {
    percent_decode(raw, false, "path segment")
}

/// Decodes one name or value of a query string: percent-escapes, and `+` as a space.
///
/// Malformed escapes and escapes that do not decode to UTF-8 are a 400.
pub fn decode_query_component(raw: &str) -> Result<String, ODataError> {
    percent_decode(raw, true, "query string")
}

/// Splits a raw query string (without `?`) on `&` into decoded `(name, value)` pairs, in order.
///
/// Empty pieces (`a=1&&b=2`, a trailing `&`) are skipped; a piece without `=` has the value `""`.
pub fn split_query(raw_query: &str) -> Result<Vec<(String, String)>, ODataError> {
    raw_query
        .split('&')
        .filter(|piece| !piece.is_empty())
        .map(|piece| {
            let (name, value) = piece.split_once('=').unwrap_or((piece, ""));
            Ok((decode_query_component(name)?, decode_query_component(value)?))
        })
        .collect()
}

fn hex_value(byte: u8) -> Option<u8> {
    match byte {
        b'0'..=b'9' => Some(byte - b'0'),
        b'a'..=b'f' => Some(byte - b'a' + 10),
        b'A'..=b'F' => Some(byte - b'A' + 10),
        _ => None,
    }
}

fn percent_decode(raw: &str, plus_is_space: bool, what: &str) -> Result<String, ODataError> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let high = bytes.get(i + 1).copied().and_then(hex_value);
                let low = bytes.get(i + 2).copied().and_then(hex_value);
                let (Some(high), Some(low)) = (high, low) else {
                    return Err(ODataError::BadRequest(format!(
                        "Invalid percent-encoding in the {what} at position {i}: \
                         '%' must be followed by two hexadecimal digits"
                    )));
                };
                out.push(high << 4 | low);
                i += 3;
            }
            b'+' if plus_is_space => {
                out.push(b' ');
                i += 1;
            }
            byte => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8(out).map_err(|e| {
        ODataError::BadRequest(format!(
            "Invalid percent-encoding in the {what}: the bytes decoded from '{raw}' are not valid UTF-8 \
             (at decoded byte {})",
            e.utf8_error().valid_up_to()
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_components_decode_plus_and_escapes() {
        assert_eq!(decode_query_component("a+b%20c").unwrap(), "a b c");
        assert_eq!(decode_query_component("%24top").unwrap(), "$top");
        assert_eq!(decode_query_component("%2b%2B").unwrap(), "++");
        assert_eq!(decode_query_component("%C3%A4").unwrap(), "ä");
        assert_eq!(decode_query_component("ä").unwrap(), "ä");
    }

    #[test]
    fn path_segments_keep_plus() {
        assert_eq!(decode_path_segment("a+b%20c%2F").unwrap(), "a+b c/");
    }

    #[test]
    fn malformed_escapes_are_400() {
        for raw in ["%", "%2", "%2G", "%G2", "abc%", "%C3", "%FF", "%C3%28"] {
            let error = decode_query_component(raw).unwrap_err();
            assert_eq!(error.status(), 400, "{raw}");
            assert!(decode_path_segment(raw).is_err(), "{raw}");
        }
        let message = decode_path_segment("ab%zz").unwrap_err().to_string();
        assert!(message.contains("position 2"), "{message}");
    }

    #[test]
    fn query_strings_split_into_decoded_pairs() {
        let pairs = split_query("%24top=1&&Id=%27x%27&flag&a=b=c&").unwrap();
        let expected = [("$top", "1"), ("Id", "'x'"), ("flag", ""), ("a", "b=c")];
        let expected: Vec<(String, String)> = expected.iter().map(|(n, v)| ((*n).into(), (*v).into())).collect();
        assert_eq!(pairs, expected);
        assert!(split_query("").unwrap().is_empty());
        assert!(split_query("a=%").is_err());
    }
}
