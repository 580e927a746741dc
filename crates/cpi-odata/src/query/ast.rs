//! The parsed forms of paths and query options.

/// A literal in a `$filter` expression or a key predicate.
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    /// `null`.
    Null,
    /// `'text'` (with `''` already unescaped).
    String(String),
    /// `true` / `false`.
    Boolean(bool),
    /// An integer: `42`, `42L`.
    Integer(i64),
    /// A decimal: `1.5`, `1.5M`, `1.5d`.
    Decimal(f64),
    /// `datetime'2014-09-01T00:00:00'` (read as UTC) or `datetimeoffset'…'`, in ms since the epoch.
    DateTime(i64),
    /// `guid'…'`, lower-cased.
    Guid(String),
}

/// A binary operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinaryOp {
    /// `eq`.
    Eq,
    /// `ne`.
    Ne,
    /// `gt`.
    Gt,
    /// `ge`.
    Ge,
    /// `lt`.
    Lt,
    /// `le`.
    Le,
    /// `and`.
    And,
    /// `or`.
    Or,
}

/// A function of `$filter`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Function {
    /// `substringof(needle, haystack)`: bool.
    SubstringOf,
    /// `startswith(text, prefix)`: bool.
    StartsWith,
    /// `endswith(text, suffix)`: bool.
    EndsWith,
    /// `tolower(text)`.
    ToLower,
    /// `toupper(text)`.
    ToUpper,
    /// `length(text)`.
    Length,
    /// `trim(text)`.
    Trim,
    /// `indexof(text, needle)`: 0-based, -1 if absent.
    IndexOf,
}

/// A `$filter` expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// A literal.
    Literal(Literal),
    /// A property path: `Status` or `IntegrationArtifact/Id` (segments).
    Property(Vec<String>),
    /// `left op right`.
    Binary {
        /// Operator.
        op: BinaryOp,
        /// Left operand.
        left: Box<Expr>,
        /// Right operand.
        right: Box<Expr>,
    },
    /// `not expr`.
    Not(Box<Expr>),
    /// A function call.
    Call {
        /// The function.
        function: Function,
        /// Its arguments (arity checked by the parser).
        args: Vec<Expr>,
    },
}

/// One `$orderby` item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderBy {
    /// Property path segments.
    pub path: Vec<String>,
    /// `desc`.
    pub descending: bool,
}

/// `$format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `json`.
    Json,
    /// `xml` / `atom`.
    Xml,
}

/// The system query options of a request, plus its custom options.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct QueryOptions {
    /// `$filter`.
    pub filter: Option<Expr>,
    /// `$orderby`, in priority order.
    pub orderby: Vec<OrderBy>,
    /// `$top`.
    pub top: Option<u64>,
    /// `$skip`.
    pub skip: Option<u64>,
    /// `$skiptoken` (server paging; ours is the offset).
    pub skiptoken: Option<u64>,
    /// `$select`: property paths; `None` = all. `*` selects all.
    pub select: Option<Vec<Vec<String>>>,
    /// `$expand`: navigation paths.
    pub expand: Vec<Vec<String>>,
    /// `$inlinecount=allpages`.
    pub inlinecount: bool,
    /// `$format`.
    pub format: Option<Format>,
    /// Non-`$` options, decoded, in order (function-import parameters, `Overwrite`, …).
    pub custom: Vec<(String, String)>,
}

impl QueryOptions {
    /// A custom option's value by name.
    pub fn custom(&self, name: &str) -> Option<&str> {
        self.custom.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

/// A key predicate: `('v')`, `(42)`, `(42L)` or `(A='x',B='y')`.
#[derive(Debug, Clone, PartialEq)]
pub enum KeyPredicate {
    /// A single unnamed value.
    Single(Literal),
    /// Named values, in the order written.
    Named(Vec<(String, Literal)>),
}

/// One segment after the entity set (or after another navigation).
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    /// Entity set, navigation property or function import name.
    pub name: String,
    /// Its key predicate, if any.
    pub key: Option<KeyPredicate>,
}

/// What the path ends with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathSuffix {
    /// Nothing: the entity/collection itself.
    None,
    /// `/$value`.
    Value,
    /// `/$count`.
    Count,
}

/// A resource path below the service root.
#[derive(Debug, Clone, PartialEq)]
pub enum ResourcePath {
    /// `/` or empty: the service document.
    ServiceDocument,
    /// `/$metadata`.
    Metadata,
    /// `/$batch`.
    Batch,
    /// `Set(key)/Nav(key)/…[/$value|/$count]`, or a function import (one segment, no key).
    Resource {
        /// The segments, first the entity set or function import.
        segments: Vec<Segment>,
        /// `$links/<Nav>(key)` after the segments, if present.
        links: Option<Segment>,
        /// `$value` / `$count`.
        suffix: PathSuffix,
    },
}
