//! The `$orderby` grammar: `Path [asc|desc], …`.

use crate::ODataError;

use super::ast::OrderBy;
use super::lexer::property_path;

/// Parses a (percent-decoded) `$orderby`: comma-separated property paths (`A/B`), each optionally
/// followed by whitespace and `asc` or `desc`.
pub fn parse_orderby(text: &str) -> Result<Vec<OrderBy>, ODataError> {
    text.split(',').map(orderby_item).collect()
}

fn orderby_item(item: &str) -> Result<OrderBy, ODataError> {
    let invalid =
        |message: String| ODataError::BadRequest(format!("Invalid $orderby item '{}': {message}", item.trim()));
    let mut words = item.split_whitespace();
    let Some(path) = words.next() else {
        return Err(ODataError::BadRequest("Invalid $orderby: empty item (expected a property path)".to_owned()));
    };
    let path = property_path(path, false).map_err(invalid)?;
    let descending = match words.next() {
        None | Some("asc") => false,
        Some("desc") => true,
        Some(other) => return Err(invalid(format!("expected 'asc' or 'desc' after the property, found '{other}'"))),
    };
    if let Some(extra) = words.next() {
        return Err(invalid(format!("unexpected '{extra}' after '{}'", if descending { "desc" } else { "asc" })));
    }
    Ok(OrderBy { path, descending })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(path: &str, descending: bool) -> OrderBy {
        OrderBy { path: path.split('/').map(str::to_owned).collect(), descending }
    }

    #[test]
    fn examples() {
        assert_eq!(parse_orderby("LogEnd desc").unwrap(), vec![item("LogEnd", true)]);
        assert_eq!(parse_orderby("Status,LogEnd desc").unwrap(), vec![item("Status", false), item("LogEnd", true)]);
        assert_eq!(parse_orderby("Name asc").unwrap(), vec![item("Name", false)]);
        assert_eq!(
            parse_orderby(" IntegrationArtifact/Name   desc , Id ").unwrap(),
            vec![item("IntegrationArtifact/Name", true), item("Id", false)]
        );
    }

    #[test]
    fn errors() {
        for text in ["", "Name,", ",Name", "Name sideways", "Name desc asc", "A//B", "A desc,,B", "'x'", "Name DESC"] {
            let error = parse_orderby(text).unwrap_err();
            assert_eq!(error.status(), 400, "{text}");
        }
        assert_eq!(
            parse_orderby("Name sideways").unwrap_err().to_string(),
            "Invalid $orderby item 'Name sideways': expected 'asc' or 'desc' after the property, found 'sideways'"
        );
    }
}
