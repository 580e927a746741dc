//! Reading OData V2 JSON envelopes (`{"d":{"results":[…],"__next":"…","__count":"n"}}` for
//! collections, `{"d":{…}}` for entities) and resolving `__next` links against the client's
//! service root.
//!
//! Entities are read with their `null` properties dropped first, so that the plain `String`
//! fields of the [`types`](super::types) (which default when absent) take SAP's nulls.

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// One page of a collection.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Page<T> {
    /// The entities of this page.
    pub entities: Vec<T>,
    /// The next page's URL (already resolved against the client's service root; pass it to
    /// [`TenantClient::list_page`](super::TenantClient::list_page) as it is), or `None` on the
    /// last page.
    pub next: Option<String>,
    /// `__count` (with `$inlinecount=allpages`).
    pub count: Option<u64>,
}

/// Reads a collection document: `{"d":{"results":[…]}}`, also `{"d":[…]}` (OData V1) and
/// `{"value":[…]}` (V4). `next` is left as the server wrote it.
pub fn decode_page<T: DeserializeOwned>(body: &[u8]) -> Result<Page<T>, String> {
    let mut root: Value = serde_json::from_slice(body).map_err(|e| format!("the body is not JSON: {e}"))?;
    let (results, next, count) = match root.get_mut("d") {
        Some(Value::Array(items)) => (std::mem::take(items), None, None),
        Some(d @ Value::Object(_)) => {
            let next = text(d.get("__next"));
            let count = count_of(d.get("__count"));
            match d.get_mut("results") {
                Some(Value::Array(items)) => (std::mem::take(items), next, count),
                _ => return Err("expected a collection {\"d\":{\"results\":[…]}}".to_owned()),
            }
        }
        _ => match root.get_mut("value") {
            Some(Value::Array(items)) => {
                let items = std::mem::take(items);
                (items, text(root.get("@odata.nextLink")), count_of(root.get("@odata.count")))
            }
            _ => return Err("expected a collection {\"d\":{\"results\":[…]}}".to_owned()),
        },
    };
    let entities = results
        .into_iter()
        .enumerate()
        .map(|(index, item)| from_odata_value(item).map_err(|e| format!("entry {index}: {e}")))
        .collect::<Result<Vec<T>, String>>()?;
    Ok(Page { entities, next: next.filter(|n| !n.is_empty()), count })
}

/// Reads a single-entity document `{"d":{…}}` (a bare object is accepted too).
pub fn decode_entity<T: DeserializeOwned>(body: &[u8]) -> Result<T, String> {
    let mut root: Value = serde_json::from_slice(body).map_err(|e| format!("the body is not JSON: {e}"))?;
    let entity = match root.get_mut("d") {
        Some(d) => d.take(),
        None => root,
    };
    from_odata_value(entity).map_err(|e| e.to_string())
}

/// Reads an entity from OData JSON, dropping `null` properties first (at every depth), so that
/// they read as their field's default. For JSON obtained elsewhere than this client.
pub fn from_odata_value<T: DeserializeOwned>(mut value: Value) -> Result<T, serde_json::Error> {
    drop_nulls(&mut value);
    serde_json::from_value(value)
}

fn drop_nulls(value: &mut Value) {
    match value {
        Value::Object(fields) => {
            fields.retain(|_, field| !field.is_null());
            fields.values_mut().for_each(drop_nulls);
        }
        Value::Array(items) => items.iter_mut().for_each(drop_nulls),
        _ => {}
    }
}

fn text(value: Option<&Value>) -> Option<String> {
    value.and_then(Value::as_str).map(str::to_owned)
}

/// `__count` is a string in OData V2 JSON; a number is accepted too.
fn count_of(value: Option<&Value>) -> Option<u64> {
    match value? {
        Value::String(text) => text.trim().parse().ok(),
        Value::Number(number) => number.as_u64(),
        _ => None,
    }
}

/// The URL to fetch for a `__next` link, given the client's service root `base_url`
/// (e.g. `https://host/api/v1`):
///
/// * relative (`MessageProcessingLogs?$skiptoken=1000`): below the service root;
/// * an absolute path (`/api/v1/MessageProcessingLogs?…`): on the service root's host;
/// * absolute (`https://host:443/api/v1/…`): re-rooted on the service root when its path is
///   below the root's path, so that the token goes where the client was pointed, whatever
///   host name the server believes it has (SAP writes `:443`, a local server may not know the
///   address it is reached at). Other absolute links are followed as they are.
pub fn resolve_next(base_url: &str, next: &str) -> String {
    let base_url = base_url.trim_end_matches('/');
    let (origin, base_path) = split_origin(base_url);
    let path = match split_origin(next) {
        ("", _) if !next.starts_with('/') => return format!("{base_url}/{next}"),
        ("", path) => path,
        (_, path) => path,
    };
    match path.strip_prefix(base_path) {
        Some(rest) if rest.is_empty() || rest.starts_with('/') || rest.starts_with('?') => format!("{base_url}{rest}"),
        _ if next.starts_with('/') => format!("{origin}{next}"),
        _ => next.to_owned(),
    }
}

/// `("https://host:1", "/path?query")` of an absolute URL, `("", text)` of anything else.
fn split_origin(url: &str) -> (&str, &str) {
    let Some(scheme_end) = url.find("://") else { return ("", url) };
    if !url[..scheme_end].chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')) {
        return ("", url);
    }
    let authority_start = scheme_end + 3;
    let path_start = url[authority_start..].find(['/', '?', '#']).map_or(url.len(), |i| authority_start + i);
    (&url[..path_start], &url[path_start..])
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;

    #[derive(Debug, Default, PartialEq, Deserialize)]
    #[serde(rename_all = "PascalCase", default)]
    struct Row {
        id: String,
    }

    #[test]
    fn reads_verbose_collections() {
        let body =
            br#"{"d":{"__count":"3","results":[{"__metadata":{},"Id":"a"},{"Id":"b"}],"__next":"X?$skiptoken=2"}}"#;
        let page: Page<Row> = decode_page(body).unwrap();
        assert_eq!(page.entities, vec![Row { id: "a".into() }, Row { id: "b".into() }]);
        assert_eq!(page.next.as_deref(), Some("X?$skiptoken=2"));
        assert_eq!(page.count, Some(3));
    }

    #[test]
    fn reads_other_collection_shapes() {
        let v1: Page<Row> = decode_page(br#"{"d":[{"Id":"a"}]}"#).unwrap();
        assert_eq!(v1.entities.len(), 1);
        let v4: Page<Row> = decode_page(br#"{"value":[{"Id":"a"}],"@odata.nextLink":"n"}"#).unwrap();
        assert_eq!(v4.next.as_deref(), Some("n"));
        let empty: Page<Row> = decode_page(br#"{"d":{"results":[],"__next":""}}"#).unwrap();
        assert_eq!(empty, Page { entities: vec![], next: None, count: None });
    }

    #[test]
    fn collection_errors_say_what_was_wrong() {
        assert!(decode_page::<Row>(b"<feed/>").unwrap_err().contains("not JSON"));
        assert!(decode_page::<Row>(br#"{"d":{"Id":"a"}}"#).unwrap_err().contains("expected a collection"));
        let bad = decode_page::<Row>(br#"{"d":{"results":[{"Id":"a"},{"Id":1}]}}"#).unwrap_err();
        assert!(bad.starts_with("entry 1:"), "{bad}");
    }

    #[test]
    fn nulls_read_as_defaults() {
        let rows: Page<Row> = decode_page(br#"{"d":{"results":[{"Id":null}]}}"#).unwrap();
        assert_eq!(rows.entities, vec![Row { id: String::new() }]);
        let mut nested = serde_json::json!({"a": null, "b": [{"c": null, "d": 1}], "e": {"f": null}});
        drop_nulls(&mut nested);
        assert_eq!(nested, serde_json::json!({"b": [{"d": 1}], "e": {}}));
    }

    #[test]
    fn reads_entities() {
        assert_eq!(decode_entity::<Row>(br#"{"d":{"Id":"a"}}"#).unwrap(), Row { id: "a".into() });
        assert_eq!(decode_entity::<Row>(br#"{"Id":"b"}"#).unwrap(), Row { id: "b".into() });
        assert!(decode_entity::<Row>(br#"{"d":null}"#).is_err());
    }

    #[test]
    fn resolves_next_links() {
        let base = "http://127.0.0.1:8080/api/v1";
        let cases = [
            (
                "MessageProcessingLogs?$skiptoken=1000",
                "http://127.0.0.1:8080/api/v1/MessageProcessingLogs?$skiptoken=1000",
            ),
            ("/api/v1/Partners?$skiptoken=2", "http://127.0.0.1:8080/api/v1/Partners?$skiptoken=2"),
            ("/other/X?a=1", "http://127.0.0.1:8080/other/X?a=1"),
            ("https://tenant.example:443/api/v1/X?$skiptoken=5", "http://127.0.0.1:8080/api/v1/X?$skiptoken=5"),
            ("http://127.0.0.1:8080/api/v1/X?$skiptoken=5", "http://127.0.0.1:8080/api/v1/X?$skiptoken=5"),
            ("https://elsewhere/feed?page=2", "https://elsewhere/feed?page=2"),
            ("https://elsewhere/api/v10/X", "https://elsewhere/api/v10/X"),
        ];
        for (next, expected) in cases {
            assert_eq!(resolve_next(base, next), expected, "{next}");
        }
        assert_eq!(resolve_next("http://h/", "http://other:1/X?$skiptoken=1"), "http://h/X?$skiptoken=1");
        assert_eq!(resolve_next("http://h", "X?$skiptoken=1"), "http://h/X?$skiptoken=1");
    }
}
