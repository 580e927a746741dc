//! The `$filter` grammar of OData V2: comparisons, `and`/`or`/`not`, parentheses, literals,
//! property paths and the string functions.
//!
//! Precedence, tightest first: `not`, relational (`gt ge lt le`), equality (`eq ne`), `and`,
//! `or`; binary operators are left-associative and must be surrounded by whitespace.

use crate::ODataError;

use super::ast::{BinaryOp, Expr, Function, Literal};
use super::lexer::{Token, TokenKind, tokenize};

/// The longest `$filter` accepted, in bytes (after percent-decoding).
pub const MAX_FILTER_LENGTH: usize = 8 * 1024;

/// The deepest nesting of parentheses, `not` and function calls accepted.
pub const MAX_FILTER_DEPTH: usize = 100;

/// The binary operators by precedence level, loosest first.
const LEVELS: [&[BinaryOp]; 4] = [
    &[BinaryOp::Or],
    &[BinaryOp::And],
    &[BinaryOp::Eq, BinaryOp::Ne],
    &[BinaryOp::Gt, BinaryOp::Ge, BinaryOp::Lt, BinaryOp::Le],
];

/// Words that are never property names.
const RESERVED: [&str; 14] =
    ["and", "or", "not", "eq", "ne", "gt", "ge", "lt", "le", "add", "sub", "mul", "div", "mod"];

/// The arithmetic operators of OData V2, which we do not support.
const ARITHMETIC: [&str; 5] = ["add", "sub", "mul", "div", "mod"];

/// Parses a (percent-decoded) `$filter` expression.
///
/// Errors are 400s naming the position (0-based character offset) and what was expected.
pub fn parse_filter(text: &str) -> Result<Expr, ODataError> {
    if text.len() > MAX_FILTER_LENGTH {
        return Err(ODataError::BadRequest(format!(
            "Invalid $filter: it is {} bytes long; at most {MAX_FILTER_LENGTH} are allowed",
            text.len()
        )));
    }
    let tokens = tokenize(text).map_err(|e| e.into_odata("$filter"))?;
    let mut parser = Parser { tokens, pos: 0, depth: 0, end: text.chars().count() };
    let expr = parser.binary(0)?;
    match parser.current() {
        None => Ok(expr),
        Some(Token { kind: TokenKind::RParen, pos, .. }) => Err(parser.error(*pos, "unbalanced ')'")),
        Some(_) => Err(parser.unexpected("an operator such as 'eq', 'and' or 'or'")),
    }
}

/// A binary operator's word.
pub(crate) fn binary_op_name(op: BinaryOp) -> &'static str {
    match op {
        BinaryOp::Eq => "eq",
        BinaryOp::Ne => "ne",
        BinaryOp::Gt => "gt",
        BinaryOp::Ge => "ge",
        BinaryOp::Lt => "lt",
        BinaryOp::Le => "le",
        BinaryOp::And => "and",
        BinaryOp::Or => "or",
    }
}

fn binary_op(word: &str) -> Option<BinaryOp> {
    [BinaryOp::Eq, BinaryOp::Ne, BinaryOp::Gt, BinaryOp::Ge, BinaryOp::Lt, BinaryOp::Le, BinaryOp::And, BinaryOp::Or]
        .into_iter()
        .find(|op| binary_op_name(*op) == word)
}

/// A function's name.
pub(crate) fn function_name(function: Function) -> &'static str {
    match function {
        Function::SubstringOf => "substringof",
        Function::StartsWith => "startswith",
        Function::EndsWith => "endswith",
        Function::ToLower => "tolower",
        Function::ToUpper => "toupper",
        Function::Length => "length",
        Function::Trim => "trim",
        Function::IndexOf => "indexof",
    }
}

/// A function's number of arguments.
pub(crate) fn function_arity(function: Function) -> usize {
    match function {
        Function::SubstringOf | Function::StartsWith | Function::EndsWith | Function::IndexOf => 2,
        Function::ToLower | Function::ToUpper | Function::Length | Function::Trim => 1,
    }
}

fn function(name: &str) -> Option<Function> {
    [
        Function::SubstringOf,
        Function::StartsWith,
        Function::EndsWith,
        Function::ToLower,
        Function::ToUpper,
        Function::Length,
        Function::Trim,
        Function::IndexOf,
    ]
    .into_iter()
    .find(|f| function_name(*f) == name)
}

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
    depth: usize,
    /// The length of the text in characters (the position of "the end of the input").
    end: usize,
}

impl Parser {
    fn current(&self) -> Option<&Token> {
        self.tokens.get(self.pos)
    }

    fn current_kind(&self) -> Option<&TokenKind> {
        self.current().map(|t| &t.kind)
    }

    fn here(&self) -> usize {
        self.current().map_or(self.end, |t| t.pos)
    }

    fn found(&self) -> String {
        self.current_kind().map_or_else(|| "the end of the input".to_owned(), TokenKind::describe)
    }

    fn error(&self, pos: usize, message: impl std::fmt::Display) -> ODataError {
        ODataError::BadRequest(format!("Invalid $filter at position {pos}: {message}"))
    }

    /// "expected X, found Y" at the current token (or a note on unsupported arithmetic).
    fn unexpected(&self, expected: &str) -> ODataError {
        match self.current_kind() {
            Some(TokenKind::Word(word)) if ARITHMETIC.contains(&word.as_str()) => {
                self.error(self.here(), format!("the arithmetic operator '{word}' is not supported"))
            }
            _ => self.error(self.here(), format!("expected {expected}, found {}", self.found())),
        }
    }

    fn expected_operand(&self) -> ODataError {
        let place = match self.pos.checked_sub(1).and_then(|p| self.tokens.get(p)) {
            Some(previous) => format!("after {}", previous.kind.describe()),
            None => "at the start".to_owned(),
        };
        self.error(self.here(), format!("expected a literal or property {place}, found {}", self.found()))
    }

    fn enter(&mut self) -> Result<(), ODataError> {
        self.depth += 1;
        if self.depth > MAX_FILTER_DEPTH {
            return Err(self.error(
                self.here(),
                format!("the expression is nested too deeply (more than {MAX_FILTER_DEPTH} levels)"),
            ));
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.depth -= 1;
    }

    /// The binary operators of `LEVELS[level]` and tighter, left-associative.
    fn binary(&mut self, level: usize) -> Result<Expr, ODataError> {
        let Some(ops) = LEVELS.get(level) else { return self.unary() };
        let mut left = self.binary(level + 1)?;
        while let Some(op) = self.operator_in(ops) {
            self.consume_operator(op)?;
            let right = self.binary(level + 1)?;
            left = Expr::Binary { op, left: Box::new(left), right: Box::new(right) };
        }
        Ok(left)
    }

    fn operator_in(&self, ops: &[BinaryOp]) -> Option<BinaryOp> {
        let Some(TokenKind::Word(word)) = self.current_kind() else { return None };
        binary_op(word).filter(|op| ops.contains(op))
    }

    /// Skips the operator at the current token, checking the whitespace around it.
    fn consume_operator(&mut self, op: BinaryOp) -> Result<(), ODataError> {
        let name = binary_op_name(op);
        if !self.current().is_some_and(|t| t.space_before) {
            return Err(self.error(self.here(), format!("the operator '{name}' must be preceded by a space")));
        }
        self.pos += 1;
        if self.current().is_some_and(|t| !t.space_before) {
            return Err(self.error(self.here(), format!("the operator '{name}' must be followed by a space")));
        }
        Ok(())
    }

    /// `not` operand, or a primary.
    fn unary(&mut self) -> Result<Expr, ODataError> {
        if !matches!(self.current_kind(), Some(TokenKind::Word(word)) if word == "not") {
            return self.primary();
        }
        self.pos += 1;
        if let Some(next) = self.current().filter(|n| !n.space_before && n.kind != TokenKind::LParen) {
            return Err(self.error(next.pos, "'not' must be followed by a space or '('"));
        }
        self.enter()?;
        let operand = self.unary()?;
        self.leave();
        Ok(Expr::Not(Box::new(operand)))
    }

    fn primary(&mut self) -> Result<Expr, ODataError> {
        let Some(token) = self.current() else { return Err(self.expected_operand()) };
        match &token.kind {
            TokenKind::LParen => self.parenthesized(),
            TokenKind::Literal(literal) => {
                let literal = literal.clone();
                self.pos += 1;
                Ok(Expr::Literal(literal))
            }
            TokenKind::Word(word) => {
                let word = word.clone();
                self.word_operand(word)
            }
            _ => Err(self.expected_operand()),
        }
    }

    fn parenthesized(&mut self) -> Result<Expr, ODataError> {
        let open = self.here();
        self.enter()?;
        self.pos += 1;
        let inner = self.binary(0)?;
        if self.current_kind() != Some(&TokenKind::RParen) {
            return Err(self.unexpected(&format!("')' to close the '(' at position {open}")));
        }
        self.pos += 1;
        self.leave();
        Ok(inner)
    }

    /// A function call, `true`/`false`/`null`, or a property path; `word` is the current token.
    fn word_operand(&mut self, word: String) -> Result<Expr, ODataError> {
        let next = self.tokens.get(self.pos + 1);
        let call = next.is_some_and(|n| n.kind == TokenKind::LParen && (!n.space_before || function(&word).is_some()));
        if call {
            return self.call(&word);
        }
        let literal = match word.as_str() {
            "true" => Literal::Boolean(true),
            "false" => Literal::Boolean(false),
            "null" => Literal::Null,
            w if RESERVED.contains(&w) => return Err(self.expected_operand()),
            _ => return self.property_path(word),
        };
        self.pos += 1;
        Ok(Expr::Literal(literal))
    }

    fn property_path(&mut self, first: String) -> Result<Expr, ODataError> {
        let mut segments = vec![first];
        self.pos += 1;
        while let Some(slash) = self.current().filter(|t| t.kind == TokenKind::Slash) {
            if slash.space_before {
                return Err(self.error(slash.pos, "unexpected space before '/' in a property path"));
            }
            self.pos += 1;
            match self.current() {
                Some(Token { kind: TokenKind::Word(name), space_before: false, .. }) => {
                    segments.push(name.clone());
                    self.pos += 1;
                }
                _ => return Err(self.unexpected("a property name right after '/'")),
            }
        }
        Ok(Expr::Property(segments))
    }

    /// `name(arg, …)` with the current token at `name`.
    fn call(&mut self, name: &str) -> Result<Expr, ODataError> {
        let at = self.here();
        let function = function(name).ok_or_else(|| self.error(at, format!("unknown function '{name}'")))?;
        self.enter()?;
        self.pos += 2;
        let mut args = Vec::new();
        if self.current_kind() == Some(&TokenKind::RParen) {
            self.pos += 1;
        } else {
            loop {
                args.push(self.binary(0)?);
                match self.current_kind() {
                    Some(TokenKind::Comma) => self.pos += 1,
                    Some(TokenKind::RParen) => {
                        self.pos += 1;
                        break;
                    }
                    _ => return Err(self.unexpected(&format!("',' or ')' in the arguments of '{name}'"))),
                }
            }
        }
        self.leave();
        let arity = function_arity(function);
        if args.len() != arity {
            let plural = if arity == 1 { "" } else { "s" };
            return Err(self.error(at, format!("'{name}' takes {arity} argument{plural}, not {}", args.len())));
        }
        Ok(Expr::Call { function, args })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prop(path: &str) -> Expr {
        Expr::Property(path.split('/').map(str::to_owned).collect())
    }

    fn string(value: &str) -> Expr {
        Expr::Literal(Literal::String(value.to_owned()))
    }

    fn bin(op: BinaryOp, left: Expr, right: Expr) -> Expr {
        Expr::Binary { op, left: Box::new(left), right: Box::new(right) }
    }

    fn message(text: &str) -> String {
        let error = parse_filter(text).unwrap_err();
        assert_eq!(error.status(), 400);
        error.to_string()
    }

    #[test]
    fn piper_filter() {
        let expr = parse_filter("IntegrationArtifact/Id eq 'flow1' and Status ne 'DISCARDED'").unwrap();
        let expected = bin(
            BinaryOp::And,
            bin(BinaryOp::Eq, prop("IntegrationArtifact/Id"), string("flow1")),
            bin(BinaryOp::Ne, prop("Status"), string("DISCARDED")),
        );
        assert_eq!(expr, expected);
    }

    #[test]
    fn substringof_eq_true() {
        let expr = parse_filter("substringof('Receiver_',ParameterKey) eq true").unwrap();
        let call =
            Expr::Call { function: Function::SubstringOf, args: vec![string("Receiver_"), prop("ParameterKey")] };
        assert_eq!(expr, bin(BinaryOp::Eq, call, Expr::Literal(Literal::Boolean(true))));
    }

    #[test]
    fn datetime_comparison() {
        let expr = parse_filter("LogEnd gt datetime'2014-09-01T00:00:00'").unwrap();
        assert_eq!(expr, bin(BinaryOp::Gt, prop("LogEnd"), Expr::Literal(Literal::DateTime(1_409_529_600_000))));
        assert!(parse_filter("LogEnd gt datetime'2014-09-01T00:00:00.5Z'").is_ok());
        assert!(message("LogEnd gt datetime'2014-09-01T00:00:00+01:00'").contains("datetimeoffset"));
        let expr = parse_filter("LogEnd gt datetimeoffset'2014-09-01T01:00:00+01:00'").unwrap();
        assert_eq!(expr, bin(BinaryOp::Gt, prop("LogEnd"), Expr::Literal(Literal::DateTime(1_409_529_600_000))));
    }

    #[test]
    fn not_binds_tighter_than_and() {
        let expr = parse_filter("not (A eq 'x' or B eq 'y') and C ne null").unwrap();
        let or =
            bin(BinaryOp::Or, bin(BinaryOp::Eq, prop("A"), string("x")), bin(BinaryOp::Eq, prop("B"), string("y")));
        let expected =
            bin(BinaryOp::And, Expr::Not(Box::new(or)), bin(BinaryOp::Ne, prop("C"), Expr::Literal(Literal::Null)));
        assert_eq!(expr, expected);
        assert_eq!(parse_filter("not(A)").unwrap(), Expr::Not(Box::new(prop("A"))));
    }

    #[test]
    fn precedence_and_associativity() {
        let a = || bin(BinaryOp::Eq, prop("A"), Expr::Literal(Literal::Integer(1)));
        let b = || bin(BinaryOp::Lt, prop("B"), Expr::Literal(Literal::Integer(2)));
        let c = || bin(BinaryOp::Ge, prop("C"), Expr::Literal(Literal::Integer(3)));
        let expr = parse_filter("A eq 1 or B lt 2 and C ge 3").unwrap();
        assert_eq!(expr, bin(BinaryOp::Or, a(), bin(BinaryOp::And, b(), c())));
        let expr = parse_filter("A eq 1 and B lt 2 or C ge 3").unwrap();
        assert_eq!(expr, bin(BinaryOp::Or, bin(BinaryOp::And, a(), b()), c()));
        let expr = parse_filter("(A eq 1 or B lt 2)  and  C ge 3").unwrap();
        assert_eq!(expr, bin(BinaryOp::And, bin(BinaryOp::Or, a(), b()), c()));
        let expr = parse_filter("A eq B gt C").unwrap();
        assert_eq!(expr, bin(BinaryOp::Eq, prop("A"), bin(BinaryOp::Gt, prop("B"), prop("C"))));
        let expr = parse_filter("A eq B ne C").unwrap();
        assert_eq!(expr, bin(BinaryOp::Ne, bin(BinaryOp::Eq, prop("A"), prop("B")), prop("C")));
    }

    #[test]
    fn literals() {
        let cases = [
            ("'it''s'", Literal::String("it's".into())),
            ("42", Literal::Integer(42)),
            ("42L", Literal::Integer(42)),
            ("-7", Literal::Integer(-7)),
            ("1.5M", Literal::Decimal(1.5)),
            ("1.5d", Literal::Decimal(1.5)),
            ("false", Literal::Boolean(false)),
            ("null", Literal::Null),
            (
                "guid'12345678-ABCD-1234-abcd-1234567890AB'",
                Literal::Guid("12345678-abcd-1234-abcd-1234567890ab".into()),
            ),
        ];
        for (text, literal) in cases {
            let expr = parse_filter(&format!("X eq {text}")).unwrap();
            assert_eq!(expr, bin(BinaryOp::Eq, prop("X"), Expr::Literal(literal)), "{text}");
        }
    }

    #[test]
    fn functions_check_arity() {
        for (name, function) in [
            ("tolower", Function::ToLower),
            ("toupper", Function::ToUpper),
            ("length", Function::Length),
            ("trim", Function::Trim),
        ] {
            let expr = parse_filter(&format!("{name}(Name) eq 'x'")).unwrap();
            let call = Expr::Call { function, args: vec![prop("Name")] };
            assert_eq!(expr, bin(BinaryOp::Eq, call, string("x")));
            assert!(message(&format!("{name}(Name, 'x') eq 'x'")).contains("takes 1 argument,"));
        }
        for (name, function) in
            [("startswith", Function::StartsWith), ("endswith", Function::EndsWith), ("indexof", Function::IndexOf)]
        {
            let expr = parse_filter(&format!("{name}( Name , 'x' )")).unwrap();
            assert_eq!(expr, Expr::Call { function, args: vec![prop("Name"), string("x")] });
            assert!(message(&format!("{name}(Name)")).contains("takes 2 arguments, not 1"));
        }
        assert!(message("substringof()").contains("takes 2 arguments, not 0"));
        assert!(message("concat(A,B) eq 'x'").contains("unknown function 'concat'"));
        assert!(message("SubstringOf('a',B)").contains("unknown function 'SubstringOf'"));
    }

    #[test]
    fn error_messages_name_the_place() {
        assert_eq!(
            message("Status eq and"),
            "Invalid $filter at position 10: expected a literal or property after 'eq', found 'and'"
        );
        assert!(message("Status eq").contains("found the end of the input"));
        assert!(message("").contains("at the start"));
        assert!(message("A eq 'x')").contains("unbalanced ')'"));
        assert!(message("(A eq 'x'").contains("expected ')' to close the '(' at position 0"));
        assert!(message("A eq 1 add 2").contains("arithmetic operator 'add'"));
        assert!(message("A Eq 1").contains("expected an operator"));
        assert!(message("A eq'x'").contains("unknown literal type 'eq'"));
        assert!(message("A eq(1)").contains("must be followed by a space"));
        assert!(message("(A)eq 1").contains("must be preceded by a space"));
        assert!(message("notA eq 1 x").contains("expected an operator"));
        assert!(message("not-1 eq 1").contains("'not' must be followed"));
        assert!(message("A/ eq 1").contains("property name right after '/'"));
        assert!(message("A /B eq 1").contains("space before '/'"));
        assert!(message("A eq 'x").contains("unterminated string literal"));
        assert!(message("A eq 1 and").contains("after 'and'"));
        assert!(message("A eq #").contains("unexpected character '#'"));
    }

    #[test]
    fn nesting_and_length_limits() {
        let ok = format!("{}A{}", "(".repeat(MAX_FILTER_DEPTH), ")".repeat(MAX_FILTER_DEPTH));
        assert_eq!(parse_filter(&ok).unwrap(), prop("A"));
        let deep = format!("{}A{}", "(".repeat(MAX_FILTER_DEPTH + 1), ")".repeat(MAX_FILTER_DEPTH + 1));
        assert!(message(&deep).contains("nested too deeply"));
        assert!(message(&"(".repeat(8000)).contains("nested too deeply"));
        assert!(message(&"not ".repeat(2000)).contains("nested too deeply"));
        assert!(message(&"tolower(".repeat(1000)).contains("nested too deeply"));
        assert!(message(&"(".repeat(100_000)).contains("at most 8192"));
        let long_chain = vec!["A eq 1"; 700].join(" and ");
        assert!(parse_filter(&long_chain).is_ok());
    }
}
