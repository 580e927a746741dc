//! `$filter` and `$orderby` as SQL: property paths become the source's column expressions and
//! every literal a bound parameter.

use cpi_odata::query::{BinaryOp, Expr, Function, Literal, OrderBy};
use cpi_store::StoreResult;

use super::sources::SourceSql;
use super::unsupported;

/// A bound value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Bind {
    /// TEXT.
    Text(String),
    /// INTEGER (booleans are 0/1, times unix milliseconds).
    Integer(i64),
    /// REAL.
    Real(f64),
}

/// Builds the `WHERE` and `ORDER BY` of one read; binds accumulate in placeholder order.
#[derive(Debug)]
pub(crate) struct SqlBuilder<'s> {
    source: &'s SourceSql,
    binds: Vec<Bind>,
}

impl<'s> SqlBuilder<'s> {
    /// Starts with the source's scope binds.
    pub fn new(source: &'s SourceSql) -> Self {
        SqlBuilder { source, binds: source.scope_binds.clone() }
    }

    /// The binds so far.
    pub fn binds(&self) -> &[Bind] {
        &self.binds
    }

    /// `scope [AND (filter)]`.
    pub fn condition(&mut self, filter: Option<&Expr>) -> StoreResult<String> {
        let mut sql = format!("({})", self.source.scope);
        if let Some(expr) = filter {
            sql.push_str(" AND (");
            self.expr(expr, &mut sql)?;
            sql.push(')');
        }
        Ok(sql)
    }

    /// The `ORDER BY` list: the requested items, then the source's default order (which ends with
    /// a unique key) without the columns already ordered by: a repeated column orders nothing
    /// more but keeps SQLite from reading the order off an index. Properties the source does not
    /// store read as null, so ordering by them orders nothing and is left out.
    pub fn order(&self, orderby: &[OrderBy]) -> StoreResult<String> {
        let mut items = Vec::with_capacity(orderby.len() + 2);
        let mut ordered = Vec::with_capacity(orderby.len());
        for item in orderby {
            if let Some(column) = self.source.column(&item.path.join("/")) {
                items.push(format!("{column} {}", if item.descending { "DESC" } else { "ASC" }));
                ordered.push(column);
            }
        }
        for default in self.source.default_order.split(", ") {
            let column = default.split(' ').next().unwrap_or(default);
            if !ordered.contains(&column) {
                items.push(default.to_owned());
            }
        }
        Ok(items.join(", "))
    }

    fn expr(&mut self, expr: &Expr, sql: &mut String) -> StoreResult<()> {
        match expr {
            Expr::Literal(literal) => self.literal(literal, sql),
            Expr::Property(path) => {
                let path = path.join("/");
                // Properties the source does not store are null, as they read.
                sql.push_str(self.source.column(&path).unwrap_or("NULL"));
                Ok(())
            }
            Expr::Not(inner) => {
                sql.push_str("NOT (");
                self.expr(inner, sql)?;
                sql.push(')');
                Ok(())
            }
            Expr::Binary { op, left, right } => self.binary(*op, left, right, sql),
            Expr::Call { function, args } => self.call(*function, args, sql),
        }
    }

    fn literal(&mut self, literal: &Literal, sql: &mut String) -> StoreResult<()> {
        let bind = match literal {
            Literal::Null => {
                sql.push_str("NULL");
                return Ok(());
            }
            Literal::String(text) | Literal::Guid(text) => Bind::Text(text.clone()),
            Literal::Boolean(b) => Bind::Integer(i64::from(*b)),
            Literal::Integer(n) | Literal::DateTime(n) => Bind::Integer(*n),
            Literal::Decimal(x) => Bind::Real(*x),
        };
        self.binds.push(bind);
        sql.push('?');
        Ok(())
    }

    fn binary(&mut self, op: BinaryOp, left: &Expr, right: &Expr, sql: &mut String) -> StoreResult<()> {
        let is_null = |e: &Expr| matches!(e, Expr::Literal(Literal::Null));
        if matches!(op, BinaryOp::Eq | BinaryOp::Ne) && (is_null(left) || is_null(right)) {
            let other = if is_null(left) { right } else { left };
            sql.push('(');
            self.expr(other, sql)?;
            sql.push_str(if op == BinaryOp::Eq { " IS NULL)" } else { " IS NOT NULL)" });
            return Ok(());
        }
        let operator = match op {
            BinaryOp::Eq => " = ",
            BinaryOp::Ne => " <> ",
            BinaryOp::Gt => " > ",
            BinaryOp::Ge => " >= ",
            BinaryOp::Lt => " < ",
            BinaryOp::Le => " <= ",
            BinaryOp::And => " AND ",
            BinaryOp::Or => " OR ",
        };
        sql.push('(');
        self.expr(left, sql)?;
        sql.push_str(operator);
        self.expr(right, sql)?;
        sql.push(')');
        Ok(())
    }

    fn call(&mut self, function: Function, args: &[Expr], sql: &mut String) -> StoreResult<()> {
        let (template, arity): (&[&str], usize) = match function {
            // substringof(needle, haystack)
            Function::SubstringOf => (&["(instr(", ", ", ") > 0)"], 2),
            Function::StartsWith => (&["(substr(", ", 1, length(", ")) = ", ")"], 2),
            Function::EndsWith => (&["(length(", ") = 0 OR substr(", ", -length(", ")) = ", ")"], 2),
            Function::ToLower => (&["lower(", ")"], 1),
            Function::ToUpper => (&["upper(", ")"], 1),
            Function::Length => (&["length(", ")"], 1),
            Function::Trim => (&["trim(", ")"], 1),
            Function::IndexOf => (&["(instr(", ", ", ") - 1)"], 2),
        };
        if args.len() != arity {
            return Err(unsupported(format!("{function:?} with {} arguments", args.len())));
        }
        // Which argument fills each gap of the template.
        let order: &[usize] = match function {
            Function::SubstringOf => &[1, 0],
            Function::StartsWith => &[0, 1, 1],
            Function::EndsWith => &[1, 0, 1, 1],
            _ if arity == 1 => &[0],
            _ => &[0, 1],
        };
        sql.push_str(template[0]);
        for (gap, &arg) in order.iter().enumerate() {
            self.expr(&args[arg], sql)?;
            sql.push_str(template[gap + 1]);
        }
        Ok(())
    }
}
