//! The system query options (`$filter`, `$top`, …) and the custom options of a query string.

use crate::ODataError;

use super::ast::{Format, QueryOptions};
use super::decode::split_query;
use super::filter::parse_filter;
use super::lexer::property_path;
use super::orderby::parse_orderby;

/// The system query options we understand.
const SYSTEM_OPTIONS: [&str; 9] =
    ["$filter", "$orderby", "$top", "$skip", "$skiptoken", "$select", "$expand", "$inlinecount", "$format"];

/// Parses a raw (still percent-encoded) query string, without the `?` (a leading `?` is tolerated).
///
/// Option names and values are percent-decoded (`+` is a space). Options starting with `$` must be
/// known system query options, each given at most once; all others go to
/// [`QueryOptions::custom`] in order, e.g. `Id='x'` as `("Id", "'x'")`.
pub fn parse_query(raw_query: &str) -> Result<QueryOptions, ODataError> {
    let raw_query = raw_query.strip_prefix('?').unwrap_or(raw_query);
    let mut options = QueryOptions::default();
    let mut seen: Vec<String> = Vec::new();
    for (name, value) in split_query(raw_query)? {
        if !name.starts_with('$') {
            options.custom.push((name, value));
            continue;
        }
        if !SYSTEM_OPTIONS.contains(&name.as_str()) {
            return Err(bad(format!("Unknown system query option {name}")));
        }
        if seen.contains(&name) {
            return Err(bad(format!("The system query option {name} is given more than once")));
        }
        apply_system_option(&mut options, &name, &value)?;
        seen.push(name);
    }
    Ok(options)
}

fn bad(message: String) -> ODataError {
    ODataError::BadRequest(message)
}

fn apply_system_option(options: &mut QueryOptions, name: &str, value: &str) -> Result<(), ODataError> {
    match name {
        "$filter" => options.filter = Some(parse_filter(value)?),
        "$orderby" => options.orderby = parse_orderby(value)?,
        "$top" => options.top = Some(non_negative(name, value)?),
        "$skip" => options.skip = Some(non_negative(name, value)?),
        "$skiptoken" => options.skiptoken = Some(non_negative(name, value)?),
        "$select" => options.select = parse_select(value)?,
        "$expand" => options.expand = parse_expand(value)?,
        "$inlinecount" => options.inlinecount = parse_inlinecount(value)?,
        "$format" => options.format = Some(parse_format(value)?),
        _ => return Err(bad(format!("Unknown system query option {name}"))),
    }
    Ok(())
}

/// `$top`, `$skip` and `$skiptoken`: decimal digits only.
fn non_negative(name: &str, value: &str) -> Result<u64, ODataError> {
    let digits = !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit());
    let parsed = if digits { value.parse().ok() } else { None };
    parsed.ok_or_else(|| bad(format!("Invalid value '{value}' of {name}: expected a non-negative integer")))
}

/// Comma-separated paths for `$select`/`$expand`; empty items are errors.
fn path_list(name: &str, value: &str, allow_star: bool) -> Result<Vec<Vec<String>>, ODataError> {
    value
        .split(',')
        .map(|item| {
            let item = item.trim();
            if item.is_empty() {
                return Err(bad(format!("Invalid {name}: empty item (expected a property path)")));
            }
            property_path(item, allow_star).map_err(|message| bad(format!("Invalid {name} item '{item}': {message}")))
        })
        .collect()
}

/// `$select`: `*` (alone or among others) selects everything, which is `None`.
fn parse_select(value: &str) -> Result<Option<Vec<Vec<String>>>, ODataError> {
    let paths = path_list("$select", value, true)?;
    let all = paths.iter().any(|path| path.len() == 1 && path[0] == "*");
    Ok(if all { None } else { Some(paths) })
}

fn parse_expand(value: &str) -> Result<Vec<Vec<String>>, ODataError> {
    path_list("$expand", value, false)
}

fn parse_inlinecount(value: &str) -> Result<bool, ODataError> {
    match value {
        "allpages" => Ok(true),
        "none" => Ok(false),
        _ => Err(bad(format!("Invalid value '{value}' of $inlinecount: expected 'allpages' or 'none'"))),
    }
}

/// `json`/`application/json` or `xml`/`atom`/`application/xml`/`application/atom+xml`, case-insensitive,
/// media-type parameters (`;odata=verbose`) ignored.
fn parse_format(value: &str) -> Result<Format, ODataError> {
    let media_type = value.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    match media_type.as_str() {
        "json" | "application/json" => Ok(Format::Json),
        "xml" | "atom" | "application/xml" | "application/atom+xml" => Ok(Format::Xml),
        _ => Err(bad(format!("Unsupported value '{value}' of $format: expected 'json', 'xml' or 'atom'"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::{BinaryOp, Expr, Literal, OrderBy};

    fn message(raw: &str) -> String {
        let error = parse_query(raw).unwrap_err();
        assert_eq!(error.status(), 400, "{raw}");
        error.to_string()
    }

    #[test]
    fn pipers_query() {
        let raw = "$filter=IntegrationArtifact/Id+eq+'flow1'+and+Status+ne+'DISCARDED'&$orderby=LogEnd+desc&$top=1";
        let options = parse_query(raw).unwrap();
        let filter = crate::query::parse_filter("IntegrationArtifact/Id eq 'flow1' and Status ne 'DISCARDED'").unwrap();
        assert_eq!(options.filter, Some(filter));
        assert_eq!(options.orderby, vec![OrderBy { path: vec!["LogEnd".into()], descending: true }]);
        assert_eq!(options.top, Some(1));
        assert_eq!(QueryOptions { filter: None, orderby: vec![], top: None, ..options }, QueryOptions::default());
    }

    #[test]
    fn saps_query() {
        let options = parse_query("$filter=Pid%20eq%20'P'&$format=json").unwrap();
        let expected = Expr::Binary {
            op: BinaryOp::Eq,
            left: Box::new(Expr::Property(vec!["Pid".into()])),
            right: Box::new(Expr::Literal(Literal::String("P".into()))),
        };
        assert_eq!(options.filter, Some(expected));
        assert_eq!(options.format, Some(Format::Json));
    }

    #[test]
    fn every_field() {
        let raw = "%24top=5&$skip=10&$skiptoken=20&$select=Id,Name&$expand=A/B,C&$inlinecount=allpages\
                   &$format=atom&Id='x'&Overwrite=true&$orderby=Name";
        let options = parse_query(raw).unwrap();
        assert_eq!((options.top, options.skip, options.skiptoken), (Some(5), Some(10), Some(20)));
        assert_eq!(options.select, Some(vec![vec!["Id".to_owned()], vec!["Name".to_owned()]]));
        assert_eq!(options.expand, vec![vec!["A".to_owned(), "B".to_owned()], vec!["C".to_owned()]]);
        assert!(options.inlinecount);
        assert_eq!(options.format, Some(Format::Xml));
        assert_eq!(options.custom, vec![("Id".into(), "'x'".into()), ("Overwrite".into(), "true".into())]);
        assert_eq!(options.custom("Id"), Some("'x'"));
        assert_eq!(options.custom("Overwrite"), Some("true"));
        assert_eq!(options.orderby.len(), 1);
    }

    #[test]
    fn empty_query_is_default() {
        assert_eq!(parse_query("").unwrap(), QueryOptions::default());
        assert_eq!(parse_query("?").unwrap(), QueryOptions::default());
        assert_eq!(parse_query("&&").unwrap(), QueryOptions::default());
    }

    #[test]
    fn select_star_is_none() {
        assert_eq!(parse_query("$select=*").unwrap().select, None);
        assert_eq!(parse_query("$select=Id,*").unwrap().select, None);
        assert_eq!(parse_query("$select=Nav/*").unwrap().select, Some(vec![vec!["Nav".to_owned(), "*".to_owned()]]));
    }

    #[test]
    fn formats_and_inlinecount() {
        for (value, format) in [
            ("json", Format::Json),
            ("application/json", Format::Json),
            ("application%2Fjson%3Bodata%3Dverbose", Format::Json),
            ("xml", Format::Xml),
            ("application/xml", Format::Xml),
            ("application/atom%2Bxml", Format::Xml),
        ] {
            assert_eq!(parse_query(&format!("$format={value}")).unwrap().format, Some(format), "{value}");
        }
        assert!(message("$format=csv").contains("$format"));
        assert!(!parse_query("$inlinecount=none").unwrap().inlinecount);
        assert!(message("$inlinecount=all").contains("'allpages' or 'none'"));
    }

    #[test]
    fn errors() {
        assert_eq!(message("$foo=1"), "Unknown system query option $foo");
        assert_eq!(message("$top=1&%24top=2"), "The system query option $top is given more than once");
        for raw in [
            "$top=-1",
            "$top=",
            "$top=1.5",
            "$top=+1",
            "$top=99999999999999999999",
            "$skip=x",
            "$skiptoken=abc",
            "$select=",
            "$select=A,,B",
            "$expand=*",
            "$expand=A//B",
            "$filter=",
            "$orderby=",
            "a=%zz",
            "$Top=1",
        ] {
            message(raw);
        }
        assert!(message("$filter=A+eq").contains("Invalid $filter"));
    }

    #[test]
    fn custom_options_are_decoded_and_repeatable() {
        let options = parse_query("Id=%27a+b%27&Id='c'&x").unwrap();
        let expected: Vec<(String, String)> =
            vec![("Id".into(), "'a b'".into()), ("Id".into(), "'c'".into()), ("x".into(), String::new())];
        assert_eq!(options.custom, expected);
    }
}
