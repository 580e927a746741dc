//! URL parsing: the resource path (entity set, key predicate, navigation, `$value`, `$count`,
//! `$links`, function imports) and the system query options with the `$filter` and `$orderby`
//! grammars. All parsers are pure functions over already-split URL parts; they decode
//! percent-escapes themselves (`+` means space in the query string).

mod ast;
mod decode;
mod filter;
mod lexer;
mod literal;
mod options;
mod orderby;
mod path;
#[cfg(test)]
mod tests;

pub use ast::*;
pub use decode::{decode_path_segment, decode_query_component, split_query};
pub use filter::{MAX_FILTER_DEPTH, MAX_FILTER_LENGTH, parse_filter};
pub use options::parse_query;
pub use orderby::parse_orderby;
pub use path::{parse_key_predicate, parse_path};
