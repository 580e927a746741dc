//! `$filter` and `$orderby` evaluated over entities in memory, for entity sets whose entries are
//! not rows of a store (the server's own log files). Options are parsed and type-checked
//! ([`crate::typecheck`]) before they get here.
//!
//! The semantics are SQL's, as the SQLite backend applies the same options, so a set answers
//! the same wherever its entries live: comparisons with null are unknown, `and`/`or`/`not` use
//! three-valued logic, only a `null` literal compared with `eq`/`ne` tests for null, and an
//! entity matches only when its filter is true. Text compares by bytes (SQLite's `BINARY`), and
//! nulls sort before every value (so last when descending); `tolower`/`toupper` change ASCII
//! letters only, `trim` removes spaces and `length`/`indexof` count characters, as SQLite's
//! functions do.

use std::cmp::Ordering;

use crate::model::{EdmType, ServiceModel};
use crate::query::{BinaryOp, Expr, Function, Literal, OrderBy};
use crate::value::{Entity, Value};

/// Whether an entity satisfies a (type-checked) `$filter` expression.
pub fn matches(filter: &Expr, entity: &Entity, model: &ServiceModel) -> bool {
    truth(&evaluate(filter, entity, model)) == Some(true)
}

/// Orders two entities by a (type-checked) `$orderby`; `Equal` when every item ties, so a
/// stable sort keeps the set's default order among ties.
pub fn compare(orderby: &[OrderBy], a: &Entity, b: &Entity, model: &ServiceModel) -> Ordering {
    for item in orderby {
        let left = operand_of(property_value(a, &item.path, model));
        let right = operand_of(property_value(b, &item.path, model));
        let order = sort_order(&left, &right);
        let order = if item.descending { order.reverse() } else { order };
        if order != Ordering::Equal {
            return order;
        }
    }
    Ordering::Equal
}

/// Sorts entities by `$orderby`, keeping their current order among ties.
pub fn sort(entities: &mut [Entity], orderby: &[OrderBy], model: &ServiceModel) {
    if !orderby.is_empty() {
        entities.sort_by(|a, b| compare(orderby, a, b, model));
    }
}

/// A value while evaluating: what a property or literal holds, by type class.
#[derive(Debug, Clone, PartialEq)]
enum Operand {
    Null,
    Text(String),
    Integer(i64),
    Decimal(f64),
    Boolean(bool),
    /// Milliseconds since the epoch.
    Time(i64),
    /// Binary and complex values: never comparable (the type check refuses them).
    Opaque,
}

fn truth(operand: &Operand) -> Option<bool> {
    match operand {
        Operand::Boolean(b) => Some(*b),
        _ => None,
    }
}

fn from_truth(truth: Option<bool>) -> Operand {
    truth.map_or(Operand::Null, Operand::Boolean)
}

fn evaluate(expr: &Expr, entity: &Entity, model: &ServiceModel) -> Operand {
    match expr {
        Expr::Literal(literal) => operand_of_literal(literal),
        Expr::Property(path) => operand_of(property_value(entity, path, model)),
        Expr::Not(inner) => from_truth(truth(&evaluate(inner, entity, model)).map(|b| !b)),
        Expr::Binary { op, left, right } => binary(*op, left, right, entity, model),
        Expr::Call { function, args } => {
            let args: Vec<Operand> = args.iter().map(|a| evaluate(a, entity, model)).collect();
            call(*function, &args)
        }
    }
}

/// A property's value by path (`Name` or `Complex/Member`); `None` when it does not exist.
fn property_value<'e>(entity: &'e Entity, path: &[String], model: &ServiceModel) -> Option<&'e Value> {
    let (first, rest) = path.split_first()?;
    let entity_type = entity.entity_type();
    let mut edm = entity_type.property(first)?.edm;
    let mut value = entity.get(first)?;
    for segment in rest {
        let EdmType::Complex(name) = edm else { return None };
        let complex = model.complex_type(name)?;
        let index = complex.properties.iter().position(|p| p.name == segment.as_str())?;
        edm = complex.properties[index].edm;
        value = match value {
            Value::Complex(members) => members.get(index)?,
            _ => return None,
        };
    }
    Some(value)
}

fn operand_of(value: Option<&Value>) -> Operand {
    match value {
        None | Some(Value::Null) => Operand::Null,
        Some(Value::String(s)) => Operand::Text(s.clone()),
        Some(Value::Boolean(b)) => Operand::Boolean(*b),
        Some(Value::Int32(n)) => Operand::Integer(i64::from(*n)),
        Some(Value::Int64(n)) => Operand::Integer(*n),
        Some(Value::DateTime(ms)) => Operand::Time(*ms),
        Some(Value::Binary(_) | Value::Complex(_)) => Operand::Opaque,
    }
}

fn operand_of_literal(literal: &Literal) -> Operand {
    match literal {
        Literal::Null => Operand::Null,
        Literal::String(s) | Literal::Guid(s) => Operand::Text(s.clone()),
        Literal::Boolean(b) => Operand::Boolean(*b),
        Literal::Integer(n) => Operand::Integer(*n),
        Literal::Decimal(x) => Operand::Decimal(*x),
        Literal::DateTime(ms) => Operand::Time(*ms),
    }
}

fn binary(op: BinaryOp, left: &Expr, right: &Expr, entity: &Entity, model: &ServiceModel) -> Operand {
    let is_null = |e: &Expr| matches!(e, Expr::Literal(Literal::Null));
    if matches!(op, BinaryOp::Eq | BinaryOp::Ne) && (is_null(left) || is_null(right)) {
        // `x eq null` is SQL's `x IS NULL`.
        let other = if is_null(left) { right } else { left };
        let null = evaluate(other, entity, model) == Operand::Null;
        return Operand::Boolean(if op == BinaryOp::Eq { null } else { !null });
    }
    let (l, r) = (evaluate(left, entity, model), evaluate(right, entity, model));
    match op {
        BinaryOp::And => from_truth(match (truth(&l), truth(&r)) {
            (Some(false), _) | (_, Some(false)) => Some(false),
            (Some(true), Some(true)) => Some(true),
            _ => None,
        }),
        BinaryOp::Or => from_truth(match (truth(&l), truth(&r)) {
            (Some(true), _) | (_, Some(true)) => Some(true),
            (Some(false), Some(false)) => Some(false),
            _ => None,
        }),
        comparison => from_truth(compare_operands(&l, &r).map(|order| holds(comparison, order))),
    }
}

fn holds(op: BinaryOp, order: Ordering) -> bool {
    match op {
        BinaryOp::Eq => order == Ordering::Equal,
        BinaryOp::Ne => order != Ordering::Equal,
        BinaryOp::Gt => order == Ordering::Greater,
        BinaryOp::Ge => order != Ordering::Less,
        BinaryOp::Lt => order == Ordering::Less,
        BinaryOp::Le => order != Ordering::Greater,
        BinaryOp::And | BinaryOp::Or => false,
    }
}

/// Compares two non-null operands of comparable classes; `None` (unknown) otherwise. Times are
/// integers of milliseconds, as the store keeps them.
fn compare_operands(left: &Operand, right: &Operand) -> Option<Ordering> {
    use Operand::{Boolean, Decimal, Integer, Text, Time};
    match (left, right) {
        (Text(a), Text(b)) => Some(a.as_bytes().cmp(b.as_bytes())),
        (Integer(a) | Time(a), Integer(b) | Time(b)) => Some(a.cmp(b)),
        (Decimal(a), Decimal(b)) => a.partial_cmp(b),
        (Integer(a) | Time(a), Decimal(b)) => (*a as f64).partial_cmp(b),
        (Decimal(a), Integer(b) | Time(b)) => a.partial_cmp(&(*b as f64)),
        (Boolean(a), Boolean(b)) => Some(a.cmp(b)),
        _ => None,
    }
}

/// The `$orderby` order of two values: nulls (and values that do not compare) first.
fn sort_order(left: &Operand, right: &Operand) -> Ordering {
    let rank = |o: &Operand| u8::from(!matches!(o, Operand::Null | Operand::Opaque));
    compare_operands(left, right).unwrap_or_else(|| rank(left).cmp(&rank(right)))
}

fn call(function: Function, args: &[Operand]) -> Operand {
    let mut texts = Vec::with_capacity(args.len());
    for arg in args {
        match arg {
            Operand::Text(text) => texts.push(text.as_str()),
            // A null argument makes the result null, as in SQL.
            _ => return Operand::Null,
        }
    }
    match (function, texts.as_slice()) {
        (Function::SubstringOf, [needle, haystack]) => Operand::Boolean(haystack.contains(needle)),
        (Function::StartsWith, [text, prefix]) => Operand::Boolean(text.starts_with(prefix)),
        (Function::EndsWith, [text, suffix]) => Operand::Boolean(text.ends_with(suffix)),
        (Function::ToLower, [text]) => Operand::Text(text.to_ascii_lowercase()),
        (Function::ToUpper, [text]) => Operand::Text(text.to_ascii_uppercase()),
        (Function::Length, [text]) => Operand::Integer(count_chars(text)),
        // SQL's trim() removes spaces only.
        (Function::Trim, [text]) => Operand::Text(text.trim_matches(' ').to_owned()),
        (Function::IndexOf, [text, needle]) => {
            Operand::Integer(text.find(needle).map_or(-1, |byte| count_chars(&text[..byte])))
        }
        // The parser checks arity; anything else has no value.
        _ => Operand::Null,
    }
}

/// Characters, as SQL's `length()` counts them.
fn count_chars(text: &str) -> i64 {
    i64::try_from(text.chars().count()).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests;
