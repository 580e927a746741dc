//! The binary operators of router conditions and how they compare two values.

use crate::simple::EvalError;
use crate::simple::java_regex::JavaRegex;

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Operator {
    Equal,
    NotEqual,
    EqualIgnoreCase,
    NotEqualIgnoreCase,
    Greater,
    GreaterOrEqual,
    Less,
    LessOrEqual,
    Contains,
    NotContains,
    ContainsIgnoreCase,
    NotContainsIgnoreCase,
    In,
    NotIn,
    Regex,
    NotRegex,
    StartsWith,
    NotStartsWith,
    EndsWith,
    NotEndsWith,
}

/// Operators written as one word.
const ONE_WORD: [(&str, Operator); 24] = [
    ("=", Operator::Equal),
    ("==", Operator::Equal),
    ("!=", Operator::NotEqual),
    ("=~", Operator::EqualIgnoreCase),
    ("!=~", Operator::NotEqualIgnoreCase),
    (">", Operator::Greater),
    (">=", Operator::GreaterOrEqual),
    ("<", Operator::Less),
    ("<=", Operator::LessOrEqual),
    ("contains", Operator::Contains),
    ("!contains", Operator::NotContains),
    ("~~", Operator::ContainsIgnoreCase),
    ("!~~", Operator::NotContainsIgnoreCase),
    ("in", Operator::In),
    ("!in", Operator::NotIn),
    ("regex", Operator::Regex),
    ("!regex", Operator::NotRegex),
    ("startsWith", Operator::StartsWith),
    ("starts_with", Operator::StartsWith),
    ("!startsWith", Operator::NotStartsWith),
    ("endsWith", Operator::EndsWith),
    ("ends_with", Operator::EndsWith),
    ("!endsWith", Operator::NotEndsWith),
    ("<>", Operator::NotEqual),
];

/// Operators written as two words.
const TWO_WORDS: [(&str, &str, Operator); 7] = [
    ("not", "contains", Operator::NotContains),
    ("not", "in", Operator::NotIn),
    ("not", "regex", Operator::NotRegex),
    ("starts", "with", Operator::StartsWith),
    ("ends", "with", Operator::EndsWith),
    ("not", "startsWith", Operator::NotStartsWith),
    ("not", "endsWith", Operator::NotEndsWith),
];

/// Camel operators deliberately not supported, so that they fail clearly.
const UNSUPPORTED: [&str; 4] = ["range", "!range", "is", "!is"];

impl Operator {
    /// The operator starting at `first` (and maybe `second`), with how many words it takes;
    /// `None` if `first` is no operator. Words compare case-insensitively.
    pub(super) fn recognize(first: &str, second: Option<&str>) -> Result<Option<(Operator, usize)>, String> {
        if let Some(second) = second {
            let found =
                TWO_WORDS.iter().find(|(a, b, _)| a.eq_ignore_ascii_case(first) && b.eq_ignore_ascii_case(second));
            if let Some((_, _, operator)) = found {
                return Ok(Some((*operator, 2)));
            }
        }
        if first.eq_ignore_ascii_case("not") {
            return Err("'not' must be followed by contains, in, regex, startsWith or endsWith".to_owned());
        }
        if let Some((_, operator)) = ONE_WORD.iter().find(|(word, _)| word.eq_ignore_ascii_case(first)) {
            return Ok(Some((*operator, 1)));
        }
        if UNSUPPORTED.iter().any(|word| word.eq_ignore_ascii_case(first)) {
            return Err(format!("the operator '{first}' is not supported here"));
        }
        Ok(None)
    }

    /// True for the operators whose right side is a regular expression.
    pub(super) fn takes_regex(self) -> bool {
        matches!(self, Operator::Regex | Operator::NotRegex)
    }

    /// Compares two values (`None`: missing). A missing value counts as the empty text, except
    /// that `<`, `<=`, `>` and `>=` are false when a side is missing.
    pub(super) fn compare(
        self,
        left: Option<&str>,
        right: Option<&str>,
        regex: Option<&JavaRegex>,
    ) -> Result<bool, EvalError> {
        let (l, r) = (left.unwrap_or(""), right.unwrap_or(""));
        Ok(match self {
            Operator::Equal => values_equal(l, r),
            Operator::NotEqual => !values_equal(l, r),
            Operator::EqualIgnoreCase => l.to_lowercase() == r.to_lowercase(),
            Operator::NotEqualIgnoreCase => l.to_lowercase() != r.to_lowercase(),
            Operator::Greater | Operator::GreaterOrEqual | Operator::Less | Operator::LessOrEqual => {
                left.is_some() && right.is_some() && self.order_holds(l, r)
            }
            Operator::Contains => l.contains(r),
            Operator::NotContains => !l.contains(r),
            Operator::ContainsIgnoreCase => l.to_lowercase().contains(&r.to_lowercase()),
            Operator::NotContainsIgnoreCase => !l.to_lowercase().contains(&r.to_lowercase()),
            Operator::In => r.split(',').any(|item| values_equal(l, item.trim())),
            Operator::NotIn => !r.split(',').any(|item| values_equal(l, item.trim())),
            Operator::Regex | Operator::NotRegex => {
                let matched = match regex {
                    Some(regex) => regex.is_match(l),
                    None => JavaRegex::whole(r)
                        .map_err(|reason| EvalError::InvalidRegex { pattern: r.to_owned(), reason })?
                        .is_match(l),
                };
                matched == (self == Operator::Regex)
            }
            Operator::StartsWith => l.starts_with(r),
            Operator::NotStartsWith => !l.starts_with(r),
            Operator::EndsWith => l.ends_with(r),
            Operator::NotEndsWith => !l.ends_with(r),
        })
    }

    fn order_holds(self, left: &str, right: &str) -> bool {
        let ordering = match (parse_number(left), parse_number(right)) {
            (Some(a), Some(b)) => a.partial_cmp(&b),
            _ => Some(left.cmp(right)),
        };
        let Some(ordering) = ordering else { return false };
        match self {
            Operator::Greater => ordering.is_gt(),
            Operator::GreaterOrEqual => ordering.is_ge(),
            Operator::Less => ordering.is_lt(),
            _ => ordering.is_le(),
        }
    }
}

/// Equal as numbers when both are numbers (`1.0` equals `1`), else as texts.
fn values_equal(left: &str, right: &str) -> bool {
    match (parse_number(left), parse_number(right)) {
        (Some(a), Some(b)) => a == b,
        _ => left == right,
    }
}

/// A decimal number: optional sign, digits with an optional fraction (no exponent, no `NaN`),
/// surrounding whitespace allowed.
pub(super) fn parse_number(text: &str) -> Option<f64> {
    let text = text.trim();
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() && fraction.is_empty() || !digits(whole) || !digits(fraction) {
        return None;
    }
    text.parse().ok()
}

#[cfg(test)]
mod tests;
