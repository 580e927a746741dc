//! XPath 1.0 tokens, with the specification's rule for `*` and operator names: after a token
//! that can end an operand, `*` is multiplication and `and`, `or`, `div`, `mod` are operators.

use super::XPathError;

/// A token.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Token {
    Slash,
    DoubleSlash,
    LeftParen,
    RightParen,
    LeftBracket,
    RightBracket,
    Dot,
    DoubleDot,
    At,
    Comma,
    DoubleColon,
    Pipe,
    Plus,
    Minus,
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    /// `*` as a name test.
    Star,
    Multiply,
    And,
    Or,
    Div,
    Mod,
    Literal(String),
    Number(f64),
    /// A name as written: `a`, `p:a` or `p:*`.
    Name(String),
}

impl Token {
    /// True if a `*` or a name after this token is an operator (the operand has ended).
    fn ends_operand(&self) -> bool {
        matches!(
            self,
            Token::RightParen
                | Token::RightBracket
                | Token::Dot
                | Token::DoubleDot
                | Token::Star
                | Token::Literal(_)
                | Token::Number(_)
                | Token::Name(_)
        )
    }
}

/// A token and its byte offset.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Located {
    pub(super) token: Token,
    pub(super) position: usize,
}

/// Splits an expression into tokens.
pub(super) fn tokenize(text: &str) -> Result<Vec<Located>, XPathError> {
    let mut tokens: Vec<Located> = Vec::new();
    let mut at = 0;
    while let Some(character) = text[at..].chars().next() {
        if character.is_whitespace() {
            at += character.len_utf8();
            continue;
        }
        let operand_ended = tokens.last().is_some_and(|last| last.token.ends_operand());
        let (token, length) =
            next_token(&text[at..], operand_ended).map_err(|reason| XPathError::Syntax { position: at, reason })?;
        tokens.push(Located { token, position: at });
        at += length;
    }
    Ok(tokens)
}

/// The token at the start of `rest` and its length in bytes.
fn next_token(rest: &str, operand_ended: bool) -> Result<(Token, usize), String> {
    if let Some(found) = punctuation(rest, operand_ended) {
        return Ok(found);
    }
    let Some(first) = rest.chars().next() else { return Err("unexpected end".to_owned()) };
    if first == '\'' || first == '"' {
        let end = rest[1..].find(first).ok_or("a string literal is not closed")?;
        return Ok((Token::Literal(rest[1..1 + end].to_owned()), end + 2));
    }
    if first.is_ascii_digit() || (first == '.' && rest[1..].starts_with(|c: char| c.is_ascii_digit())) {
        let length = rest.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(rest.len());
        let number = rest[..length].parse().map_err(|_| format!("'{}' is not a number", &rest[..length]))?;
        return Ok((Token::Number(number), length));
    }
    if first == '.' {
        return Ok((Token::Dot, 1));
    }
    if is_name_start(first) {
        let length = qualified_name_length(rest);
        let name = &rest[..length];
        if operand_ended {
            let operator = match name {
                "and" => Token::And,
                "or" => Token::Or,
                "div" => Token::Div,
                "mod" => Token::Mod,
                _ => return Err(format!("expected an operator, found '{name}'")),
            };
            return Ok((operator, length));
        }
        return Ok((Token::Name(name.to_owned()), length));
    }
    Err(format!("unexpected character '{first}'"))
}

/// Operators and punctuation: two-character ones first.
fn punctuation(rest: &str, operand_ended: bool) -> Option<(Token, usize)> {
    let double = match rest.get(..2).unwrap_or("") {
        "//" => Some(Token::DoubleSlash),
        ".." => Some(Token::DoubleDot),
        "::" => Some(Token::DoubleColon),
        "!=" => Some(Token::NotEqual),
        "<=" => Some(Token::LessOrEqual),
        ">=" => Some(Token::GreaterOrEqual),
        _ => None,
    };
    if let Some(token) = double {
        return Some((token, 2));
    }
    let single = match rest.chars().next()? {
        '/' => Token::Slash,
        '(' => Token::LeftParen,
        ')' => Token::RightParen,
        '[' => Token::LeftBracket,
        ']' => Token::RightBracket,
        '@' => Token::At,
        ',' => Token::Comma,
        '|' => Token::Pipe,
        '+' => Token::Plus,
        '-' => Token::Minus,
        '=' => Token::Equal,
        '<' => Token::Less,
        '>' => Token::Greater,
        '*' if operand_ended => Token::Multiply,
        '*' => Token::Star,
        _ => return None,
    };
    Some((single, 1))
}

fn is_name_start(character: char) -> bool {
    character == '_' || character.is_alphabetic()
}

fn is_name_char(character: char) -> bool {
    is_name_start(character) || character.is_numeric() || character == '-' || character == '.'
}

fn name_length(text: &str) -> usize {
    text.find(|c: char| !is_name_char(c)).unwrap_or(text.len())
}

/// `NCName`, `NCName:NCName` or `NCName:*` (a `::` after the name is an axis, not a prefix).
fn qualified_name_length(text: &str) -> usize {
    let first = name_length(text);
    let rest = &text[first..];
    if rest.starts_with(':') && !rest.starts_with("::") {
        let after = &rest[1..];
        if after.starts_with('*') {
            return first + 2;
        }
        if after.starts_with(is_name_start) {
            return first + 1 + name_length(after);
        }
    }
    first
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str) -> Vec<Token> {
        tokenize(text).unwrap().into_iter().map(|located| located.token).collect()
    }

    #[test]
    fn paths_and_names() {
        assert_eq!(
            tokens("//ns0:order/@id"),
            vec![
                Token::DoubleSlash,
                Token::Name("ns0:order".into()),
                Token::Slash,
                Token::At,
                Token::Name("id".into())
            ]
        );
        assert_eq!(tokens("p:*"), vec![Token::Name("p:*".into())]);
        assert_eq!(
            tokens("child::a-b.c"),
            vec![Token::Name("child".into()), Token::DoubleColon, Token::Name("a-b.c".into())]
        );
        assert_eq!(tokens("../."), vec![Token::DoubleDot, Token::Slash, Token::Dot]);
    }

    #[test]
    fn star_and_operator_names_depend_on_what_precedes() {
        assert_eq!(tokens("* * *"), vec![Token::Star, Token::Multiply, Token::Star]);
        assert_eq!(tokens("and and and"), vec![Token::Name("and".into()), Token::And, Token::Name("and".into())]);
        assert_eq!(tokens("div div 2"), vec![Token::Name("div".into()), Token::Div, Token::Number(2.0)]);
        assert_eq!(
            tokens("a[1] mod 2"),
            vec![
                Token::Name("a".into()),
                Token::LeftBracket,
                Token::Number(1.0),
                Token::RightBracket,
                Token::Mod,
                Token::Number(2.0)
            ]
        );
    }

    #[test]
    fn literals_numbers_and_comparisons() {
        assert_eq!(
            tokens("'a b'!=\"c\" <= .5 >= 10.25"),
            vec![
                Token::Literal("a b".into()),
                Token::NotEqual,
                Token::Literal("c".into()),
                Token::LessOrEqual,
                Token::Number(0.5),
                Token::GreaterOrEqual,
                Token::Number(10.25)
            ]
        );
    }

    #[test]
    fn errors_have_positions() {
        let error = tokenize("a = 'open").unwrap_err();
        assert_eq!(error, XPathError::Syntax { position: 4, reason: "a string literal is not closed".into() });
        assert!(matches!(tokenize("a # b"), Err(XPathError::Syntax { position: 2, .. })));
        assert!(matches!(tokenize("1.2.3"), Err(XPathError::Syntax { position: 0, .. })));
        assert!(matches!(tokenize("a b"), Err(XPathError::Syntax { position: 2, .. })));
    }
}
