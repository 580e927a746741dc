//! How sqlx errors become [`StoreError`]s: unique violations are conflicts that name what
//! exists, foreign-key violations mean a referenced record is missing, the rest is the backend's.

use cpi_store::StoreError;

/// A uniqueness rule of a table: the `table.column` SQLite names when the rule is violated, and
/// the text of the conflict (what already exists).
#[derive(Debug)]
pub(crate) struct Unique {
    column: &'static str,
    exists: String,
}

impl Unique {
    /// A rule whose violation SQLite reports with `column` (`table.column`).
    pub(crate) fn new(column: &'static str, exists: String) -> Self {
        Unique { column, exists }
    }
}

/// Maps the error of a write. The first rule whose column SQLite names is the conflict; if
/// none is named, the first rule is.
pub(crate) fn write_error(err: sqlx::Error, rules: Vec<Unique>) -> StoreError {
    if let sqlx::Error::Database(db) = &err {
        if db.is_unique_violation() {
            let message = db.message();
            let named = rules.iter().position(|rule| message.contains(rule.column)).unwrap_or(0);
            return match rules.into_iter().nth(named) {
                Some(rule) => StoreError::Conflict(rule.exists),
                None => StoreError::Conflict(message.to_owned()),
            };
        }
        if db.is_foreign_key_violation() {
            return StoreError::NotFound;
        }
    }
    backend(err)
}

/// Maps the error of a read or of a write without uniqueness rules.
pub(crate) fn backend(err: sqlx::Error) -> StoreError {
    match err {
        sqlx::Error::RowNotFound => StoreError::NotFound,
        other => {
            tracing::warn!(error = %other, "sqlite store error");
            StoreError::Backend(other.to_string())
        }
    }
}

/// A stored value that cannot be read back into its type.
pub(crate) fn corrupt(what: &str, detail: impl std::fmt::Display) -> StoreError {
    tracing::error!(what, %detail, "unreadable value in the sqlite store");
    StoreError::Backend(format!("unreadable {what} in the database: {detail}"))
}

/// `NotFound` unless a write touched a row.
pub(crate) fn touched(rows: u64) -> Result<(), StoreError> {
    if rows == 0 { Err(StoreError::NotFound) } else { Ok(()) }
}
