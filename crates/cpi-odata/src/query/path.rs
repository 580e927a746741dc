//! Resource paths below the service root, and key predicates.

use crate::ODataError;

use super::ast::{KeyPredicate, Literal, PathSuffix, ResourcePath, Segment};
use super::decode::decode_path_segment;
use super::lexer::{Token, TokenKind, is_identifier, tokenize};

/// Parses a raw (still percent-encoded) resource path below the service root, e.g.
/// `IntegrationDesigntimeArtifacts(Id='a%20b',Version='active')/$links/Configurations('x')`.
///
/// A leading and a trailing `/` are tolerated. The path is split on `/` outside quoted key
/// literals (a quote may be written `'` or `%27`), then each segment is decoded and parsed.
pub fn parse_path(raw_path: &str) -> Result<ResourcePath, ODataError> {
    let path = raw_path.strip_prefix('/').unwrap_or(raw_path);
    let path = path.strip_suffix('/').unwrap_or(path);
    if path.is_empty() {
        return Ok(ResourcePath::ServiceDocument);
    }
    let decoded = split_unquoted(path).into_iter().map(decode_path_segment).collect::<Result<Vec<_>, _>>()?;
    match decoded.as_slice() {
        [only] if only == "$metadata" => return Ok(ResourcePath::Metadata),
        [only] if only == "$batch" => return Ok(ResourcePath::Batch),
        _ => {}
    }
    resource(&decoded)
}

/// Splits on `/` outside single quotes (`'` or `%27`; a doubled quote toggles twice).
fn split_unquoted(path: &str) -> Vec<&str> {
    let bytes = path.as_bytes();
    let mut segments = Vec::new();
    let (mut start, mut i, mut quoted) = (0, 0, false);
    while i < bytes.len() {
        if bytes[i] == b'\'' {
            quoted = !quoted;
        } else if bytes[i] == b'%' && bytes.get(i + 1..i + 3).is_some_and(|hex| hex == b"27") {
            quoted = !quoted;
            i += 2;
        } else if bytes[i] == b'/' && !quoted {
            segments.push(&path[start..i]);
            start = i + 1;
        }
        i += 1;
    }
    segments.push(&path[start..]);
    segments
}

fn bad(message: String) -> ODataError {
    ODataError::BadRequest(message)
}

/// `Set(key)/Nav(key)/…` with an optional `$links/Nav(key)` or `$value`/`$count` at the end.
fn resource(decoded: &[String]) -> Result<ResourcePath, ODataError> {
    let mut segments = Vec::new();
    let mut links = None;
    let mut suffix = PathSuffix::None;
    for (index, text) in decoded.iter().enumerate() {
        let last = index + 1 == decoded.len();
        match text.as_str() {
            "$value" | "$count" => {
                if segments.is_empty() || !last {
                    return Err(bad(format!(
                        "Invalid resource path: {text} must be the last segment after a resource"
                    )));
                }
                suffix = if text == "$value" { PathSuffix::Value } else { PathSuffix::Count };
            }
            "$links" => {
                let target = decoded.get(index + 1).filter(|t| !t.starts_with('$'));
                if segments.is_empty() || target.is_none() || index + 2 != decoded.len() {
                    return Err(bad(
                        "Invalid resource path: $links must follow a resource and be followed by exactly one \
                         navigation property"
                            .to_owned(),
                    ));
                }
                links = Some(parse_segment(&decoded[index + 1])?);
                break;
            }
            "" => return Err(bad(format!("Invalid resource path: empty segment at position {}", index + 1))),
            _ if text.starts_with('$') => {
                return Err(bad(format!("Invalid resource path: unexpected segment {text}")));
            }
            _ => segments.push(parse_segment(text)?),
        }
    }
    Ok(ResourcePath::Resource { segments, links, suffix })
}

/// `Name` or `Name(key)`, decoded.
fn parse_segment(text: &str) -> Result<Segment, ODataError> {
    let (name, key) = match text.find('(') {
        Some(open) => (&text[..open], Some(parse_key_predicate(&text[open..])?)),
        None => (text, None),
    };
    if !is_identifier(name) {
        return Err(bad(format!("Invalid resource path: '{name}' is not a valid name (in segment '{text}')")));
    }
    Ok(Segment { name: name.to_owned(), key })
}

/// Parses a (decoded) key predicate, parentheses included: `('v')`, `(42)`, `(42L)` or
/// `(Id='x',Version='active')`, with `''` read as `'` and spaces around `=` and `,` tolerated.
pub fn parse_key_predicate(text: &str) -> Result<KeyPredicate, ODataError> {
    let tokens = tokenize(text).map_err(|e| e.into_odata("key predicate"))?;
    let mut keys = KeyParser { tokens: &tokens, pos: 0, end: text.chars().count() };
    keys.expect(&TokenKind::LParen, "'('")?;
    let predicate = match (keys.kind(0), keys.kind(1)) {
        (Some(TokenKind::RParen), _) => return Err(keys.error("empty key predicate '()'")),
        (Some(TokenKind::Word(_)), Some(TokenKind::Equals)) => KeyPredicate::Named(keys.named()?),
        _ => KeyPredicate::Single(keys.value()?),
    };
    keys.expect(&TokenKind::RParen, "')'")?;
    if keys.pos < tokens.len() {
        return Err(keys.error(format!("unexpected {} after the closing ')'", keys.found())));
    }
    Ok(predicate)
}

struct KeyParser<'a> {
    tokens: &'a [Token],
    pos: usize,
    end: usize,
}

impl KeyParser<'_> {
    fn kind(&self, ahead: usize) -> Option<&TokenKind> {
        self.tokens.get(self.pos + ahead).map(|t| &t.kind)
    }

    fn found(&self) -> String {
        self.kind(0).map_or_else(|| "the end of the input".to_owned(), TokenKind::describe)
    }

    fn error(&self, message: impl std::fmt::Display) -> ODataError {
        let pos = self.tokens.get(self.pos).map_or(self.end, |t| t.pos);
        bad(format!("Invalid key predicate at position {pos}: {message}"))
    }

    fn expect(&mut self, kind: &TokenKind, what: &str) -> Result<(), ODataError> {
        if self.kind(0) != Some(kind) {
            return Err(self.error(format!("expected {what}, found {}", self.found())));
        }
        self.pos += 1;
        Ok(())
    }

    /// A key value: a literal other than `null`, or `true`/`false`.
    fn value(&mut self) -> Result<Literal, ODataError> {
        let literal = match self.kind(0) {
            Some(TokenKind::Literal(literal)) => literal.clone(),
            Some(TokenKind::Word(word)) if word == "true" || word == "false" => Literal::Boolean(word == "true"),
            _ => return Err(self.error(format!("expected a key value such as 'text' or 42, found {}", self.found()))),
        };
        self.pos += 1;
        Ok(literal)
    }

    /// `Name=value, …` up to (not including) the `)`.
    fn named(&mut self) -> Result<Vec<(String, Literal)>, ODataError> {
        let mut keys: Vec<(String, Literal)> = Vec::new();
        loop {
            let Some(TokenKind::Word(name)) = self.kind(0).cloned() else {
                return Err(self.error(format!("expected a key property name, found {}", self.found())));
            };
            if keys.iter().any(|(existing, _)| *existing == name) {
                return Err(self.error(format!("the key property '{name}' is given more than once")));
            }
            self.pos += 1;
            self.expect(&TokenKind::Equals, "'='")?;
            keys.push((name, self.value()?));
            if self.kind(0) != Some(&TokenKind::Comma) {
                return Ok(keys);
            }
            self.pos += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn string(value: &str) -> Literal {
        Literal::String(value.to_owned())
    }

    fn segment(name: &str, key: Option<KeyPredicate>) -> Segment {
        Segment { name: name.to_owned(), key }
    }

    fn message(raw: &str) -> String {
        let error = parse_path(raw).unwrap_err();
        assert_eq!(error.status(), 400, "{raw}");
        error.to_string()
    }

    #[test]
    fn special_paths() {
        for raw in ["", "/", "//"] {
            assert_eq!(parse_path(raw).unwrap(), ResourcePath::ServiceDocument, "{raw}");
        }
        assert_eq!(parse_path("$metadata").unwrap(), ResourcePath::Metadata);
        assert_eq!(parse_path("/%24metadata/").unwrap(), ResourcePath::Metadata);
        assert_eq!(parse_path("$batch").unwrap(), ResourcePath::Batch);
        assert!(message("$metadata/x").contains("unexpected segment $metadata"));
    }

    #[test]
    fn links_with_named_and_single_keys() {
        let raw =
            "IntegrationDesigntimeArtifacts(Id='a%20b',Version='active')/$links/Configurations('Sender%20Endpoint')";
        let key = KeyPredicate::Named(vec![("Id".into(), string("a b")), ("Version".into(), string("active"))]);
        let expected = ResourcePath::Resource {
            segments: vec![segment("IntegrationDesigntimeArtifacts", Some(key))],
            links: Some(segment("Configurations", Some(KeyPredicate::Single(string("Sender Endpoint"))))),
            suffix: PathSuffix::None,
        };
        assert_eq!(parse_path(raw).unwrap(), expected);
    }

    #[test]
    fn navigation_value_count_and_function_imports() {
        let raw = "/IntegrationPackages('P')/IntegrationDesigntimeArtifacts/$count/";
        let expected = ResourcePath::Resource {
            segments: vec![
                segment("IntegrationPackages", Some(KeyPredicate::Single(string("P")))),
                segment("IntegrationDesigntimeArtifacts", None),
            ],
            links: None,
            suffix: PathSuffix::Count,
        };
        assert_eq!(parse_path(raw).unwrap(), expected);
        let ResourcePath::Resource { suffix, .. } = parse_path("MessageStoreEntries('x')/$value").unwrap() else {
            panic!("not a resource")
        };
        assert_eq!(suffix, PathSuffix::Value);
        let expected = ResourcePath::Resource {
            segments: vec![segment("DeployIntegrationDesigntimeArtifact", None)],
            links: None,
            suffix: PathSuffix::None,
        };
        assert_eq!(parse_path("DeployIntegrationDesigntimeArtifact").unwrap(), expected);
    }

    #[test]
    fn quoted_slashes_do_not_split() {
        for raw in ["Set('a/b')/Nav", "Set('a%2Fb')/Nav", "Set(%27a/b%27)/Nav", "Set('it''s/x')/Nav"] {
            let ResourcePath::Resource { segments, .. } = parse_path(raw).unwrap() else { panic!("{raw}") };
            assert_eq!(segments.len(), 2, "{raw}");
            assert_eq!(segments[1], segment("Nav", None));
        }
        let ResourcePath::Resource { segments, .. } = parse_path("Set('(a,b)=c/%27%27')").unwrap() else { panic!() };
        assert_eq!(segments[0].key, Some(KeyPredicate::Single(string("(a,b)=c/'"))));
    }

    #[test]
    fn path_errors() {
        assert!(message("Set/$value/x").contains("$value must be the last segment"));
        assert!(message("$count").contains("$count must be the last segment after a resource"));
        assert!(message("Set('a')/$links").contains("$links"));
        assert!(message("Set('a')/$links/A/B").contains("$links"));
        assert!(message("Set('a')/$links/$count").contains("$links"));
        assert!(message("Set//Nav").contains("empty segment"));
        assert!(message("Set/$foo").contains("unexpected segment $foo"));
        assert!(message("Set('a')x").contains("after the closing ')'"));
        assert!(message("Se t").contains("not a valid name"));
        assert!(message("Set('a'").contains("expected ')'"));
        assert!(message("Set('a)").contains("unterminated string literal"));
        assert!(message("Set(%zz)").contains("percent-encoding"));
        assert!(message("Set%2FNav").contains("not a valid name"));
    }

    #[test]
    fn key_predicates() {
        let single = |text: &str| parse_key_predicate(text).unwrap();
        assert_eq!(single("('v')"), KeyPredicate::Single(string("v")));
        assert_eq!(single("('it''s')"), KeyPredicate::Single(string("it's")));
        assert_eq!(single("(42)"), KeyPredicate::Single(Literal::Integer(42)));
        assert_eq!(single("(42L)"), KeyPredicate::Single(Literal::Integer(42)));
        assert_eq!(single("( 'v' )"), KeyPredicate::Single(string("v")));
        let named = KeyPredicate::Named(vec![("Id".into(), string("x")), ("Version".into(), string("active"))]);
        assert_eq!(single("(Id='x',Version='active')"), named);
        assert_eq!(single("(Id = 'x' , Version= 'active')"), named);
        assert_eq!(single("(Id='x')"), KeyPredicate::Named(vec![("Id".into(), string("x"))]));
    }

    #[test]
    fn key_predicate_errors() {
        let error = |text: &str| {
            let error = parse_key_predicate(text).unwrap_err();
            assert_eq!(error.status(), 400, "{text}");
            error.to_string()
        };
        assert!(error("()").contains("empty key predicate"));
        assert!(error("('open)").contains("unterminated string literal"));
        assert!(error("(null)").contains("expected a key value"));
        assert!(error("(Id)").contains("expected a key value"));
        assert!(error("(Id='x',Id='y')").contains("more than once"));
        assert!(error("(Id='x',)").contains("expected a key property name"));
        assert!(error("(Id='x' Version='y')").contains("expected ')'"));
        assert!(error("'x'").contains("expected '('"));
        assert!(error("").contains("expected '('"));
        assert!(error("(Id=)").contains("expected a key value"));
    }
}
