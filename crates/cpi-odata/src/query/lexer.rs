//! The tokenizer shared by `$filter` and key predicates, and the property-path helper shared by
//! `$orderby`, `$select` and `$expand`.

use crate::ODataError;

use super::ast::Literal;
use super::literal::{parse_datetime, parse_decimal, parse_guid, parse_integer};

/// What a token is.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum TokenKind {
    /// `(`.
    LParen,
    /// `)`.
    RParen,
    /// `,`.
    Comma,
    /// `/`.
    Slash,
    /// `=` (key predicates only).
    Equals,
    /// An identifier: a property, function, operator or keyword (`true`, `null`, …).
    Word(String),
    /// A string, number or typed literal (`datetime'…'`, `guid'…'`).
    Literal(Literal),
}

impl TokenKind {
    /// The token as named in error messages.
    pub(crate) fn describe(&self) -> String {
        match self {
            TokenKind::LParen => "'('".to_owned(),
            TokenKind::RParen => "')'".to_owned(),
            TokenKind::Comma => "','".to_owned(),
            TokenKind::Slash => "'/'".to_owned(),
            TokenKind::Equals => "'='".to_owned(),
            TokenKind::Word(word) => format!("'{word}'"),
            TokenKind::Literal(_) => "a literal".to_owned(),
        }
    }
}

/// A token with its place in the text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Token {
    /// What it is.
    pub kind: TokenKind,
    /// 0-based character offset of its first character.
    pub pos: usize,
    /// Whether whitespace comes right before it.
    pub space_before: bool,
}

/// A tokenizer error: where and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LexError {
    /// 0-based character offset.
    pub pos: usize,
    /// What is wrong.
    pub message: String,
}

impl LexError {
    fn new(pos: usize, message: impl Into<String>) -> Self {
        LexError { pos, message: message.into() }
    }

    /// The 400 for this error in `what` (`$filter`, `key predicate`).
    pub(crate) fn into_odata(self, what: &str) -> ODataError {
        ODataError::BadRequest(format!("Invalid {what} at position {}: {}", self.pos, self.message))
    }
}

/// Whether `c` may start an identifier.
pub(crate) fn is_ident_start(c: char) -> bool {
    c.is_alphabetic() || c == '_'
}

/// Whether `c` may continue an identifier.
pub(crate) fn is_ident_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Whether `text` is an identifier (a property, navigation or entity-set name).
pub(crate) fn is_identifier(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next().is_some_and(is_ident_start) && chars.all(is_ident_char)
}

/// Splits `A/B/C` into its segments; with `allow_star`, the last segment may be `*`.
pub(crate) fn property_path(text: &str, allow_star: bool) -> Result<Vec<String>, String> {
    let segments: Vec<&str> = text.split('/').collect();
    let last = segments.len() - 1;
    for (index, segment) in segments.iter().enumerate() {
        let star = allow_star && index == last && *segment == "*";
        if segment.is_empty() {
            return Err(format!("empty property name in '{text}'"));
        }
        if !star && !is_identifier(segment) {
            return Err(format!("'{segment}' is not a valid property name"));
        }
    }
    Ok(segments.into_iter().map(str::to_owned).collect())
}

/// Splits `text` into tokens.
pub(crate) fn tokenize(text: &str) -> Result<Vec<Token>, LexError> {
    let mut lexer = Lexer { chars: text.chars().collect(), pos: 0 };
    let mut tokens = Vec::new();
    loop {
        let space_before = lexer.skip_whitespace();
        let Some(c) = lexer.peek() else { break };
        let pos = lexer.pos;
        let kind = lexer.token(c)?;
        tokens.push(Token { kind, pos, space_before });
    }
    Ok(tokens)
}

struct Lexer {
    chars: Vec<char>,
    pos: usize,
}

impl Lexer {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn peek_at(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.pos + ahead).copied()
    }

    fn skip_whitespace(&mut self) -> bool {
        let start = self.pos;
        while self.peek().is_some_and(|c| c == ' ' || c == '\t') {
            self.pos += 1;
        }
        self.pos > start
    }

    fn text(&self, start: usize) -> String {
        self.chars[start..self.pos].iter().collect()
    }

    fn token(&mut self, c: char) -> Result<TokenKind, LexError> {
        let punctuation = match c {
            '(' => Some(TokenKind::LParen),
            ')' => Some(TokenKind::RParen),
            ',' => Some(TokenKind::Comma),
            '/' => Some(TokenKind::Slash),
            '=' => Some(TokenKind::Equals),
            _ => None,
        };
        if let Some(kind) = punctuation {
            self.pos += 1;
            return Ok(kind);
        }
        match c {
            '\'' => Ok(TokenKind::Literal(Literal::String(self.quoted()?))),
            '-' | '0'..='9' => self.number(),
            c if is_ident_start(c) => self.word(),
            other => Err(LexError::new(self.pos, format!("unexpected character '{other}'"))),
        }
    }

    /// A `'…'` string at the current position, with `''` read as `'`.
    fn quoted(&mut self) -> Result<String, LexError> {
        let start = self.pos;
        self.pos += 1;
        let mut value = String::new();
        loop {
            match self.peek() {
                None => return Err(LexError::new(start, "unterminated string literal: the closing quote is missing")),
                Some('\'') if self.peek_at(1) == Some('\'') => {
                    value.push('\'');
                    self.pos += 2;
                }
                Some('\'') => {
                    self.pos += 1;
                    return Ok(value);
                }
                Some(c) => {
                    value.push(c);
                    self.pos += 1;
                }
            }
        }
    }

    /// An identifier, or a typed literal such as `datetime'…'` when a quote follows at once.
    fn word(&mut self) -> Result<TokenKind, LexError> {
        let start = self.pos;
        while self.peek().is_some_and(is_ident_char) {
            self.pos += 1;
        }
        let word = self.text(start);
        if self.peek() != Some('\'') {
            return Ok(TokenKind::Word(word));
        }
        let body = self.quoted()?;
        let literal = match word.as_str() {
            "datetime" => parse_datetime(&body, false).map(Literal::DateTime),
            "datetimeoffset" => parse_datetime(&body, true).map(Literal::DateTime),
            "guid" => parse_guid(&body).map(Literal::Guid),
            "time" | "binary" | "X" => Err(format!("{word}'…' literals are not supported")),
            _ => Err(format!("unknown literal type '{word}' (expected datetime, datetimeoffset or guid)")),
        };
        literal.map(TokenKind::Literal).map_err(|message| LexError::new(start, message))
    }

    fn take_digits(&mut self) -> usize {
        let start = self.pos;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.pos += 1;
        }
        self.pos - start
    }

    /// `-?digits[.digits][e[+-]digits][L|M|D|F]` (suffix letters in either case).
    fn number(&mut self) -> Result<TokenKind, LexError> {
        let start = self.pos;
        if self.peek() == Some('-') {
            self.pos += 1;
        }
        if self.take_digits() == 0 {
            return Err(LexError::new(start, "expected digits after '-' (negation is not supported)"));
        }
        let mut fractional = false;
        if self.peek() == Some('.') && self.peek_at(1).is_some_and(|c| c.is_ascii_digit()) {
            self.pos += 1;
            self.take_digits();
            fractional = true;
        }
        if matches!(self.peek(), Some('e' | 'E')) {
            let sign = usize::from(matches!(self.peek_at(1), Some('+' | '-')));
            if self.peek_at(1 + sign).is_some_and(|c| c.is_ascii_digit()) {
                self.pos += 1 + sign;
                self.take_digits();
                fractional = true;
            }
        }
        let text = self.text(start);
        let suffix = self.peek().filter(|c| "LlMmDdFf".contains(*c));
        if suffix.is_some() {
            self.pos += 1;
        }
        if let Some(c) = self.peek().filter(|c| is_ident_char(*c)) {
            return Err(LexError::new(start, format!("invalid number: unexpected '{c}' after '{text}'")));
        }
        let literal = match suffix {
            Some('L' | 'l') if fractional => Err(format!("'{text}' is not an integer but has the suffix L")),
            Some('L' | 'l') | None if !fractional => parse_integer(&text).map(Literal::Integer),
            _ => parse_decimal(&text).map(Literal::Decimal),
        };
        literal.map(TokenKind::Literal).map_err(|message| LexError::new(start, message))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<TokenKind> {
        tokenize(text).unwrap().into_iter().map(|t| t.kind).collect()
    }

    #[test]
    fn numbers_take_their_suffixes() {
        assert_eq!(kinds("42"), vec![TokenKind::Literal(Literal::Integer(42))]);
        assert_eq!(kinds("-42L"), vec![TokenKind::Literal(Literal::Integer(-42))]);
        assert_eq!(kinds("1.5M"), vec![TokenKind::Literal(Literal::Decimal(1.5))]);
        assert_eq!(kinds("1.5m"), vec![TokenKind::Literal(Literal::Decimal(1.5))]);
        assert_eq!(kinds("2d"), vec![TokenKind::Literal(Literal::Decimal(2.0))]);
        assert_eq!(kinds("1E+3D"), vec![TokenKind::Literal(Literal::Decimal(1000.0))]);
        assert_eq!(kinds("2.5f"), vec![TokenKind::Literal(Literal::Decimal(2.5))]);
        assert_eq!(kinds("2.5"), vec![TokenKind::Literal(Literal::Decimal(2.5))]);
    }

    #[test]
    fn bad_numbers_are_errors() {
        for text in ["1.5L", "12abc", "-", "- 1", "99999999999999999999", "1e999d"] {
            assert!(tokenize(text).is_err(), "{text}");
        }
    }

    #[test]
    fn strings_unescape_doubled_quotes() {
        assert_eq!(kinds("'it''s'"), vec![TokenKind::Literal(Literal::String("it's".into()))]);
        assert_eq!(kinds("''''"), vec![TokenKind::Literal(Literal::String("'".into()))]);
        let error = tokenize("A eq 'open").unwrap_err();
        assert_eq!(error.pos, 5);
    }

    #[test]
    fn typed_literals() {
        assert_eq!(
            kinds("guid'0A1B2C3D-0000-1111-2222-333344445555'"),
            vec![TokenKind::Literal(Literal::Guid("0a1b2c3d-0000-1111-2222-333344445555".into()))]
        );
        assert!(tokenize("time'PT1H'").is_err());
        assert!(tokenize("foo'x'").is_err());
        assert!(tokenize("guid'nope'").is_err());
    }

    #[test]
    fn whitespace_is_recorded() {
        let tokens = tokenize("A eq(").unwrap();
        assert!(!tokens[0].space_before);
        assert!(tokens[1].space_before);
        assert!(!tokens[2].space_before);
        assert_eq!(tokens[2].pos, 4);
    }

    #[test]
    fn property_paths() {
        assert_eq!(property_path("A/B", false).unwrap(), vec!["A", "B"]);
        assert!(property_path("A/*", false).is_err());
        assert_eq!(property_path("A/*", true).unwrap(), vec!["A", "*"]);
        assert!(property_path("A//B", false).is_err());
        assert!(property_path("", false).is_err());
        assert!(property_path("1A", false).is_err());
    }
}
