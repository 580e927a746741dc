//! Serde helper for OData integers: the JSON format writes `Edm.Int64` as a string
//! (`"PayloadSize":"26"`) and `Edm.Int32` as a number; both read into `i64` here (`null` and
//! empty text as 0) and are written back as numbers. Use with `#[serde(with = "odata_int")]`.

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serializer};

#[derive(Deserialize)]
#[serde(untagged)]
enum RawInt {
    Number(i64),
    Text(String),
}

/// Writes the number.
pub fn serialize<S: Serializer>(value: &i64, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_i64(*value)
}

/// Reads a number, a number as text, or `null` / empty text (as 0).
pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<i64, D::Error> {
    match Option::<RawInt>::deserialize(deserializer)? {
        None => Ok(0),
        Some(RawInt::Number(n)) => Ok(n),
        Some(RawInt::Text(text)) if text.trim().is_empty() => Ok(0),
        Some(RawInt::Text(text)) => {
            text.trim().parse().map_err(|_| D::Error::custom(format!("'{text}' is not an integer")))
        }
    }
}

#[cfg(test)]
mod tests {
    use serde::{Deserialize, Serialize};

    #[derive(Debug, Default, Serialize, Deserialize)]
    struct Row {
        #[serde(default, with = "super")]
        size: i64,
    }

    #[test]
    fn reads_numbers_and_numbers_as_text() {
        let read = |body: &str| serde_json::from_str::<Row>(body).map(|r| r.size);
        assert_eq!(read(r#"{"size":"26"}"#).unwrap(), 26);
        assert_eq!(read(r#"{"size":2048}"#).unwrap(), 2048);
        assert_eq!(read(r#"{"size":null}"#).unwrap(), 0);
        assert_eq!(read(r#"{"size":""}"#).unwrap(), 0);
        assert_eq!(read("{}").unwrap(), 0);
        assert!(read(r#"{"size":"big"}"#).is_err());
        assert_eq!(serde_json::to_string(&Row { size: 26 }).unwrap(), r#"{"size":26}"#);
    }
}
