//! Feeds arbitrary UTF-8 to the URL parsers of the OData engine: they must answer `Ok` or a 400,
//! never panic, overflow the stack or hang.

#![no_main]

use cpi_odata::query::{parse_filter, parse_key_predicate, parse_orderby, parse_path, parse_query};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let results = [
            parse_filter(text).map(drop),
            parse_query(text).map(drop),
            parse_path(text).map(drop),
            parse_key_predicate(text).map(drop),
            parse_orderby(text).map(drop),
        ];
        for error in results.into_iter().filter_map(Result::err) {
            assert_eq!(error.status(), 400, "{error}");
        }
    }
});
