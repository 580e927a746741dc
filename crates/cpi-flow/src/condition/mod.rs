//! Router conditions of type `NonXML`: Camel Simple predicates as SAP CPI writes them, e.g.
//! `${header.CamelHttpResponseCode} = '404'` or
//! `${header.a} = '1' and ${header.b} = '2' or ${header.c} = '3'`.
//!
//! A condition is `left OPERATOR right`, or a single value (true when it is the text `true`, in
//! any case: `${header.flag}`, `${header.x.contains('a')}`), several of them joined by `and`/`&&`
//! and `or`/`||`. **`and` binds tighter than `or`**: `a or b and c` is `a or (b and c)`;
//! evaluation is left to right and stops as soon as the result is known. Parentheses are not
//! supported (as in Camel Simple).
//!
//! Operands: `${…}` expressions (see [`crate::simple`]), texts in single or double quotes (which
//! may hold `${…}`, evaluated: `'${header.b}'`), numbers, `null`, `true`/`false` and bare words
//! (taken as text). Operands and operators are separated by whitespace.
//!
//! Operators: `=` and `==`, `!=` (and `<>`), `=~`/`!=~` (ignoring case), `>`, `>=`, `<`, `<=`,
//! `contains`, `not contains`/`!contains`, `~~`/`!~~` (contains ignoring case), `in` and
//! `not in`/`!in` (right side a comma-separated list, items trimmed), `regex` and
//! `not regex`/`!regex` (the whole left value must match, Java syntax; see
//! [`crate::simple`] for the regex dialect), `starts with`/`startsWith`, `ends with`/`endsWith`
//! and their `not` forms. Operator words compare case-insensitively. `range` and `is` are
//! rejected as unsupported.
//!
//! Comparisons are numeric when both sides are decimal numbers (`'10' > '9'`, `'1.0' = '1'`),
//! else textual. A missing header or property (`null`) counts as the empty text, so
//! `${header.x} = ''` and `${header.x} = null` are both true for a missing header; the ordering
//! operators (`<`, `<=`, `>`, `>=`) are false when a side is missing.

mod operator;
mod words;

use crate::Scope;
use crate::simple::java_regex::JavaRegex;
use crate::simple::{EvalError, Expression, SimpleError};
use operator::Operator;
use words::{Word, split_words};

/// Why a condition does not parse: where (byte offset) and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid condition at position {position}: {reason}")]
pub struct ConditionError {
    /// Byte offset in the condition text.
    pub position: usize,
    /// What is wrong.
    pub reason: String,
}

impl From<SimpleError> for ConditionError {
    fn from(error: SimpleError) -> Self {
        Self { position: error.position, reason: error.reason }
    }
}

/// A parsed router condition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Condition {
    /// Alternatives (`or`), each a conjunction (`and`) of predicates.
    any_of: Vec<Vec<Predicate>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Predicate {
    left: Operand,
    comparison: Option<Comparison>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Comparison {
    operator: Operator,
    right: Operand,
    /// The right side compiled ahead, when it is a constant pattern.
    regex: Option<JavaRegex>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Operand {
    Null,
    Value(Expression),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Logical {
    And,
    Or,
}

impl Condition {
    /// Parses a condition.
    pub fn parse(text: &str) -> Result<Condition, ConditionError> {
        let words = split_words(text)?;
        if words.is_empty() {
            return Err(ConditionError { position: 0, reason: "the condition is empty".to_owned() });
        }
        let mut any_of = vec![Vec::new()];
        let mut index = 0;
        loop {
            let (predicate, next) = parse_predicate(&words, index)?;
            if let Some(all_of) = any_of.last_mut() {
                all_of.push(predicate);
            }
            let Some(word) = words.get(next) else { break };
            let logical = logical(word.text).ok_or_else(|| ConditionError {
                position: word.position,
                reason: format!("expected 'and', 'or' or the end of the condition, found '{}'", word.text),
            })?;
            if next + 1 == words.len() {
                return error_at(word, format!("'{}' must be followed by a condition", word.text));
            }
            if logical == Logical::Or {
                any_of.push(Vec::new());
            }
            index = next + 1;
        }
        Ok(Condition { any_of })
    }

    /// Evaluates the condition on a message.
    pub fn evaluate(&self, scope: &dyn Scope) -> Result<bool, EvalError> {
        for all_of in &self.any_of {
            let mut holds = true;
            for predicate in all_of {
                if !predicate.evaluate(scope)? {
                    holds = false;
                    break;
                }
            }
            if holds {
                return Ok(true);
            }
        }
        Ok(false)
    }
}

impl Predicate {
    fn evaluate(&self, scope: &dyn Scope) -> Result<bool, EvalError> {
        let left = self.left.evaluate(scope)?;
        match &self.comparison {
            None => Ok(left.is_some_and(|value| value.trim().eq_ignore_ascii_case("true"))),
            Some(comparison) => {
                let right = comparison.right.evaluate(scope)?;
                comparison.operator.compare(left.as_deref(), right.as_deref(), comparison.regex.as_ref())
            }
        }
    }
}

impl Operand {
    fn evaluate(&self, scope: &dyn Scope) -> Result<Option<String>, EvalError> {
        match self {
            Operand::Null => Ok(None),
            Operand::Value(expression) => expression.evaluate_optional(scope),
        }
    }
}

fn logical(word: &str) -> Option<Logical> {
    match word {
        "&&" => Some(Logical::And),
        "||" => Some(Logical::Or),
        _ if word.eq_ignore_ascii_case("and") => Some(Logical::And),
        _ if word.eq_ignore_ascii_case("or") => Some(Logical::Or),
        _ => None,
    }
}

fn error_at<T>(word: &Word<'_>, reason: String) -> Result<T, ConditionError> {
    Err(ConditionError { position: word.position, reason })
}

/// One predicate starting at `words[index]`, and the index after it.
fn parse_predicate(words: &[Word<'_>], index: usize) -> Result<(Predicate, usize), ConditionError> {
    let first = &words[index];
    if logical(first.text).is_some() || Operator::recognize(first.text, None).ok().flatten().is_some() {
        return error_at(first, format!("expected a value, found '{}'", first.text));
    }
    let left = parse_operand(first)?;
    let Some(word) = words.get(index + 1).filter(|word| logical(word.text).is_none()) else {
        return Ok((Predicate { left, comparison: None }, index + 1));
    };
    let second = words.get(index + 2).map(|word| word.text);
    let (operator, length) = match Operator::recognize(word.text, second) {
        Ok(Some(found)) => found,
        Ok(None) => {
            return error_at(word, format!("expected an operator after '{}', found '{}'", first.text, word.text));
        }
        Err(reason) => return error_at(word, reason),
    };
    let operator_text = words[index + 1..index + 1 + length].iter().map(|w| w.text).collect::<Vec<_>>().join(" ");
    let Some(right_word) = words.get(index + 1 + length).filter(|word| logical(word.text).is_none()) else {
        return error_at(word, format!("the operator '{operator_text}' must be followed by a value"));
    };
    let right = parse_operand(right_word)?;
    let regex = match (&right, operator.takes_regex()) {
        (Operand::Value(expression), true) => match expression.constant_text() {
            Some(pattern) => Some(JavaRegex::whole(&pattern).or_else(|reason| {
                error_at(right_word, format!("'{pattern}' is not a valid regular expression: {reason}"))
            })?),
            None => None,
        },
        _ => None,
    };
    Ok((Predicate { left, comparison: Some(Comparison { operator, right, regex }) }, index + 2 + length))
}

fn parse_operand(word: &Word<'_>) -> Result<Operand, ConditionError> {
    let (text, offset) = match word.quoted() {
        Some(inner) => (inner, word.position + 1),
        None if word.text == "null" => return Ok(Operand::Null),
        None if word.text.starts_with('(') || word.text.ends_with(')') => {
            return error_at(word, "parentheses are not supported in conditions".to_owned());
        }
        None => (word.text, word.position),
    };
    Expression::parse(text)
        .map(Operand::Value)
        .map_err(|error| ConditionError { position: offset + error.position, reason: error.reason })
}

#[cfg(test)]
mod tests;
