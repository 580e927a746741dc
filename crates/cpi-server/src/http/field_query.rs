//! Service Manager's `fieldQuery`: `field eq 'value'` terms joined by `and` (the subset our
//! resources need). Values are compared as text against the JSON view of each item.

use serde_json::Value;

/// A parsed `fieldQuery`.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct FieldQuery(Vec<(String, bool, String)>);

impl FieldQuery {
    /// Parses `a eq 'x' and b ne 'y'`.
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut terms = Vec::new();
        let mut rest = text.trim();
        while !rest.is_empty() {
            let (field, after) = rest.split_once(' ').ok_or_else(|| format!("invalid fieldQuery near '{rest}'"))?;
            let after = after.trim_start();
            let (op, after) = after.split_once(' ').ok_or_else(|| format!("invalid fieldQuery near '{after}'"))?;
            let equal = match op {
                "eq" => true,
                "ne" => false,
                other => return Err(format!("unsupported fieldQuery operator '{other}'; use eq or ne")),
            };
            let (value, after) = quoted(after.trim_start())?;
            terms.push((field.to_owned(), equal, value));
            rest = after.trim_start();
            if let Some(next) = rest.strip_prefix("and ") {
                rest = next.trim_start();
            } else if !rest.is_empty() {
                return Err(format!("invalid fieldQuery near '{rest}'"));
            }
        }
        Ok(FieldQuery(terms))
    }

    /// Whether an item matches every term.
    pub fn matches(&self, item: &Value) -> bool {
        self.0.iter().all(|(field, equal, value)| {
            let actual = match &item[field.as_str()] {
                Value::String(s) => s.clone(),
                Value::Null => String::new(),
                other => other.to_string(),
            };
            (actual == *value) == *equal
        })
    }
}

fn quoted(text: &str) -> Result<(String, &str), String> {
    let inner = text.strip_prefix('\'').ok_or_else(|| format!("expected a quoted value near '{text}'"))?;
    let mut value = String::new();
    let mut chars = inner.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '\'' {
            if chars.peek().map(|(_, n)| *n) == Some('\'') {
                value.push('\'');
                chars.next();
            } else {
                return Ok((value, &inner[i + 1..]));
            }
        } else {
            value.push(c);
        }
    }
    Err("unterminated quoted value in fieldQuery".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn parses_and_matches() {
        let q = FieldQuery::parse("name eq 'my-api' and service_plan_id ne 'x'").unwrap();
        assert!(q.matches(&json!({"name":"my-api","service_plan_id":"y"})));
        assert!(!q.matches(&json!({"name":"other","service_plan_id":"y"})));
        assert!(FieldQuery::parse("name like 'x'").is_err());
        assert!(FieldQuery::parse("name eq 'x").is_err());
        assert_eq!(FieldQuery::parse("name eq 'it''s'").unwrap().0[0].2, "it's");
    }
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #[test]
        fn parsing_never_panics(text in ".{0,120}") {
            let _ = FieldQuery::parse(&text);
        }

        #[test]
        fn quoted_values_round_trip(field in "[a-z_]{1,20}", value in "[^']{0,20}(''[^']{0,5})?") {
            let query = FieldQuery::parse(&format!("{field} eq '{value}'")).unwrap();
            prop_assert_eq!(&query.0[0].2, &value.replace("''", "'"));
        }
    }
}
