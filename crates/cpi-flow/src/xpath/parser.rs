//! Recursive-descent parser for the XPath 1.0 grammar, nesting bounded by [`MAX_NESTING`].

use super::XPathError;
use super::functions::Function;
use super::lexer::{Located, Token, tokenize};
use super::syntax::{Axis, BinaryOp, Expr, LocationPath, NodeTest, Step};

/// Deepest nesting of parentheses, predicates and function arguments.
const MAX_NESTING: usize = 32;

const NODE_TYPES: [&str; 4] = ["text", "node", "comment", "processing-instruction"];

/// Parses an expression; `namespaces` maps prefixes to URIs.
pub(super) fn parse(text: &str, namespaces: &[(String, String)]) -> Result<Expr, XPathError> {
    let tokens = tokenize(text)?;
    if tokens.is_empty() {
        return Err(XPathError::Syntax { position: 0, reason: "the expression is empty".to_owned() });
    }
    let mut parser = Parser { tokens: &tokens, index: 0, depth: 0, namespaces, end: text.len() };
    let expression = parser.expression()?;
    if let Some(extra) = parser.tokens.get(parser.index) {
        return Err(XPathError::Syntax {
            position: extra.position,
            reason: format!("unexpected {}", describe(&extra.token)),
        });
    }
    Ok(expression)
}

struct Parser<'a> {
    tokens: &'a [Located],
    index: usize,
    depth: usize,
    namespaces: &'a [(String, String)],
    end: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.index).map(|located| &located.token)
    }

    fn peek_at(&self, offset: usize) -> Option<&Token> {
        self.tokens.get(self.index + offset).map(|located| &located.token)
    }

    fn position(&self) -> usize {
        self.tokens.get(self.index).map_or(self.end, |located| located.position)
    }

    fn error<T>(&self, reason: String) -> Result<T, XPathError> {
        Err(XPathError::Syntax { position: self.position(), reason })
    }

    fn eat(&mut self, token: &Token) -> bool {
        let found = self.peek() == Some(token);
        if found {
            self.index += 1;
        }
        found
    }

    fn expect(&mut self, token: &Token) -> Result<(), XPathError> {
        if self.eat(token) {
            return Ok(());
        }
        let found = self.peek().map_or_else(|| "the end".to_owned(), describe);
        self.error(format!("expected {}, found {found}", describe(token)))
    }

    fn expression(&mut self) -> Result<Expr, XPathError> {
        if self.depth >= MAX_NESTING {
            return self.error(format!("the expression is nested deeper than {MAX_NESTING} levels"));
        }
        self.depth += 1;
        let result = self.or_expression();
        self.depth -= 1;
        result
    }

    fn chain(
        &mut self,
        operators: &[(Token, BinaryOp)],
        next: impl Fn(&mut Self) -> Result<Expr, XPathError>,
    ) -> Result<Expr, XPathError> {
        let first = next(self)?;
        let mut rest = Vec::new();
        while let Some(operator) = operators.iter().find(|(token, _)| self.peek() == Some(token)).map(|(_, op)| *op) {
            self.index += 1;
            rest.push((operator, next(self)?));
        }
        Ok(if rest.is_empty() { first } else { Expr::Chain(Box::new(first), rest) })
    }

    fn or_expression(&mut self) -> Result<Expr, XPathError> {
        self.chain(&[(Token::Or, BinaryOp::Or)], Self::and_expression)
    }

    fn and_expression(&mut self) -> Result<Expr, XPathError> {
        self.chain(&[(Token::And, BinaryOp::And)], Self::equality)
    }

    fn equality(&mut self) -> Result<Expr, XPathError> {
        self.chain(&[(Token::Equal, BinaryOp::Equal), (Token::NotEqual, BinaryOp::NotEqual)], Self::relational)
    }

    fn relational(&mut self) -> Result<Expr, XPathError> {
        let operators = [
            (Token::Less, BinaryOp::Less),
            (Token::LessOrEqual, BinaryOp::LessOrEqual),
            (Token::Greater, BinaryOp::Greater),
            (Token::GreaterOrEqual, BinaryOp::GreaterOrEqual),
        ];
        self.chain(&operators, Self::additive)
    }

    fn additive(&mut self) -> Result<Expr, XPathError> {
        self.chain(&[(Token::Plus, BinaryOp::Add), (Token::Minus, BinaryOp::Subtract)], Self::multiplicative)
    }

    fn multiplicative(&mut self) -> Result<Expr, XPathError> {
        let operators =
            [(Token::Multiply, BinaryOp::Multiply), (Token::Div, BinaryOp::Divide), (Token::Mod, BinaryOp::Modulo)];
        self.chain(&operators, Self::unary)
    }

    fn unary(&mut self) -> Result<Expr, XPathError> {
        let mut minus = 0usize;
        while self.eat(&Token::Minus) {
            minus += 1;
        }
        let operand = self.union()?;
        Ok(match minus {
            0 => operand,
            odd if odd % 2 == 1 => Expr::Negate(Box::new(operand)),
            _ => Expr::Negate(Box::new(Expr::Negate(Box::new(operand)))),
        })
    }

    fn union(&mut self) -> Result<Expr, XPathError> {
        let mut paths = vec![self.path()?];
        while self.eat(&Token::Pipe) {
            paths.push(self.path()?);
        }
        Ok(if paths.len() == 1 { paths.remove(0) } else { Expr::Union(paths) })
    }

    fn path(&mut self) -> Result<Expr, XPathError> {
        match self.peek() {
            Some(Token::Slash) => {
                self.index += 1;
                let steps = if self.starts_step() { self.relative_steps()? } else { Vec::new() };
                Ok(Expr::Path(LocationPath { absolute: true, steps }))
            }
            Some(Token::DoubleSlash) => {
                self.index += 1;
                let mut steps = vec![Step::descendant_or_self()];
                steps.extend(self.relative_steps()?);
                Ok(Expr::Path(LocationPath { absolute: true, steps }))
            }
            Some(Token::Literal(_) | Token::Number(_) | Token::LeftParen) => self.filter(),
            Some(Token::Name(name))
                if self.peek_at(1) == Some(&Token::LeftParen) && !NODE_TYPES.contains(&name.as_str()) =>
            {
                self.filter()
            }
            _ if self.starts_step() => Ok(Expr::Path(LocationPath { absolute: false, steps: self.relative_steps()? })),
            other => {
                let found = other.map_or_else(|| "the end".to_owned(), describe);
                self.error(format!("expected a value, found {found}"))
            }
        }
    }

    fn starts_step(&self) -> bool {
        matches!(self.peek(), Some(Token::Name(_) | Token::Star | Token::At | Token::Dot | Token::DoubleDot))
    }

    fn filter(&mut self) -> Result<Expr, XPathError> {
        let primary = self.primary()?;
        let predicates = self.predicates()?;
        let mut steps = Vec::new();
        if matches!(self.peek(), Some(Token::Slash | Token::DoubleSlash)) {
            if self.eat(&Token::DoubleSlash) {
                steps.push(Step::descendant_or_self());
            } else {
                self.index += 1;
            }
            steps.extend(self.relative_steps()?);
        }
        if predicates.is_empty() && steps.is_empty() {
            return Ok(primary);
        }
        Ok(Expr::Filter { primary: Box::new(primary), predicates, steps })
    }

    fn primary(&mut self) -> Result<Expr, XPathError> {
        let Some(token) = self.peek().cloned() else { return self.error("expected a value, found the end".to_owned()) };
        self.index += 1;
        match token {
            Token::Literal(text) => Ok(Expr::Literal(text)),
            Token::Number(number) => Ok(Expr::Number(number)),
            Token::LeftParen => {
                let inner = self.expression()?;
                self.expect(&Token::RightParen)?;
                Ok(inner)
            }
            Token::Name(name) => self.call(&name),
            other => {
                self.index -= 1;
                self.error(format!("expected a value, found {}", describe(&other)))
            }
        }
    }

    fn call(&mut self, name: &str) -> Result<Expr, XPathError> {
        let position = self.tokens[self.index - 1].position;
        self.expect(&Token::LeftParen)?;
        let mut arguments = Vec::new();
        if !self.eat(&Token::RightParen) {
            loop {
                arguments.push(self.expression()?);
                if self.eat(&Token::RightParen) {
                    break;
                }
                if !self.eat(&Token::Comma) {
                    let found = self.peek().map_or_else(|| "the end".to_owned(), describe);
                    return self.error(format!("expected ',' or ')' in the arguments of {name}(), found {found}"));
                }
            }
        }
        let function =
            Function::resolve(name, arguments.len()).map_err(|reason| XPathError::Syntax { position, reason })?;
        Ok(Expr::Call(function, arguments))
    }

    fn relative_steps(&mut self) -> Result<Vec<Step>, XPathError> {
        let mut steps = vec![self.step()?];
        loop {
            if self.eat(&Token::DoubleSlash) {
                steps.push(Step::descendant_or_self());
            } else if !self.eat(&Token::Slash) {
                return Ok(steps);
            }
            steps.push(self.step()?);
        }
    }

    fn step(&mut self) -> Result<Step, XPathError> {
        if self.eat(&Token::Dot) {
            return Ok(Step { axis: Axis::SelfNode, test: NodeTest::AnyNode, predicates: Vec::new() });
        }
        if self.eat(&Token::DoubleDot) {
            return Ok(Step { axis: Axis::Parent, test: NodeTest::AnyNode, predicates: Vec::new() });
        }
        let axis = if self.eat(&Token::At) {
            Axis::Attribute
        } else if let (Some(Token::Name(name)), Some(Token::DoubleColon)) = (self.peek(), self.peek_at(1)) {
            let axis = Axis::from_name(name).ok_or_else(|| format!("the axis '{name}' is not supported"));
            let axis = axis.or_else(|reason| self.error(reason))?;
            self.index += 2;
            axis
        } else {
            Axis::Child
        };
        let test = self.node_test()?;
        Ok(Step { axis, test, predicates: self.predicates()? })
    }

    fn node_test(&mut self) -> Result<NodeTest, XPathError> {
        let Some(token) = self.peek().cloned() else { return self.error("expected a name, found the end".to_owned()) };
        let name = match token {
            Token::Star => {
                self.index += 1;
                return Ok(NodeTest::AnyName);
            }
            Token::Name(name) => name,
            other => return self.error(format!("expected a name, found {}", describe(&other))),
        };
        if NODE_TYPES.contains(&name.as_str()) && self.peek_at(1) == Some(&Token::LeftParen) {
            self.index += 2;
            if name == "processing-instruction" && matches!(self.peek(), Some(Token::Literal(_))) {
                self.index += 1;
            }
            self.expect(&Token::RightParen)?;
            return Ok(match name.as_str() {
                "text" => NodeTest::Text,
                "node" => NodeTest::AnyNode,
                _ => NodeTest::Nothing,
            });
        }
        if self.peek_at(1) == Some(&Token::LeftParen) {
            return self.error(match Function::resolve(&name, 0) {
                Err(reason) if !Function::is_known(&name) => reason,
                _ => format!("the function {name}() cannot be used as a location step"),
            });
        }
        let test = match name.split_once(':') {
            Some((prefix, "*")) => NodeTest::AnyInNamespace(self.namespace(prefix)?),
            Some((prefix, local)) => {
                NodeTest::Name { namespace: Some(self.namespace(prefix)?), local: local.to_owned() }
            }
            None => NodeTest::Name { namespace: None, local: name.clone() },
        };
        self.index += 1;
        Ok(test)
    }

    fn namespace(&self, prefix: &str) -> Result<String, XPathError> {
        match self.namespaces.iter().find(|(candidate, _)| candidate == prefix) {
            Some((_, uri)) => Ok(uri.clone()),
            None => self.error(format!("the namespace prefix '{prefix}' is not in the namespace mapping")),
        }
    }

    fn predicates(&mut self) -> Result<Vec<Expr>, XPathError> {
        let mut predicates = Vec::new();
        while self.eat(&Token::LeftBracket) {
            predicates.push(self.expression()?);
            self.expect(&Token::RightBracket)?;
        }
        Ok(predicates)
    }
}

fn describe(token: &Token) -> String {
    let text = match token {
        Token::Slash => "/",
        Token::DoubleSlash => "//",
        Token::LeftParen => "(",
        Token::RightParen => ")",
        Token::LeftBracket => "[",
        Token::RightBracket => "]",
        Token::Dot => ".",
        Token::DoubleDot => "..",
        Token::At => "@",
        Token::Comma => ",",
        Token::DoubleColon => "::",
        Token::Pipe => "|",
        Token::Plus => "+",
        Token::Minus => "-",
        Token::Equal => "=",
        Token::NotEqual => "!=",
        Token::Less => "<",
        Token::LessOrEqual => "<=",
        Token::Greater => ">",
        Token::GreaterOrEqual => ">=",
        Token::Star | Token::Multiply => "*",
        Token::And => "and",
        Token::Or => "or",
        Token::Div => "div",
        Token::Mod => "mod",
        Token::Literal(text) => return format!("the string '{text}'"),
        Token::Number(number) => return format!("the number {number}"),
        Token::Name(name) => return format!("'{name}'"),
    };
    format!("'{text}'")
}

#[cfg(test)]
mod tests;
