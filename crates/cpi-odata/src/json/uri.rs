//! Entity URIs: key predicates with percent-encoded literals.

use crate::value::{Entity, Value};

/// Percent-encodes every byte outside RFC 3986's unreserved characters (`A-Z a-z 0-9 - . _ ~`).
pub fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A key value as a URI literal: strings quoted (`'` doubled, then percent-encoded), Int32
/// bare, Int64 with `L`.
pub fn key_literal(value: &Value) -> String {
    match value {
        Value::String(s) => format!("'{}'", percent_encode(&s.replace('\'', "''"))),
        Value::Int32(n) => n.to_string(),
        Value::Int64(n) => format!("{n}L"),
        Value::Boolean(b) => b.to_string(),
        Value::DateTime(ms) => format!("datetime'{}'", percent_encode(&crate::atom::edm_datetime_text(*ms))),
        Value::Null => "null".to_owned(),
        Value::Binary(bytes) => format!("binary'{}'", bytes.iter().map(|b| format!("{b:02X}")).collect::<String>()),
        Value::Complex(_) => String::new(),
    }
}

/// The key predicate of an entity: `('v')` for one key, `(Id='x',Version='1.0.0')` for several.
pub fn key_predicate(entity: &Entity) -> String {
    let keys = entity.entity_type().keys;
    let literal = |name: &str| entity.get(name).map_or_else(|| "null".to_owned(), key_literal);
    match keys {
        [single] => format!("({})", literal(single)),
        _ => {
            let parts: Vec<String> = keys.iter().map(|k| format!("{k}={}", literal(k))).collect();
            format!("({})", parts.join(","))
        }
    }
}

/// The entity's path relative to the service root: `Set(key)`.
pub fn entity_path(entity: &Entity) -> String {
    format!("{}{}", entity.set.name, key_predicate(entity))
}

/// The service root without a trailing slash.
pub(crate) fn trimmed_root(service_root: &str) -> &str {
    service_root.trim_end_matches('/')
}

/// The entity's absolute URI: `<root>/Set(key)`.
pub fn entity_uri(service_root: &str, entity: &Entity) -> String {
    format!("{}/{}", trimmed_root(service_root), entity_path(entity))
}
