//! Feeds arbitrary UTF-8 to the Camel Simple, router-condition and XPath parsers, and evaluates
//! what parses: they must answer `Ok` or an error, never panic, overflow the stack or hang.

#![no_main]

use cpi_flow::Scope;
use cpi_flow::condition::Condition;
use cpi_flow::simple::Expression;
use cpi_flow::xpath::XPath;
use libfuzzer_sys::fuzz_target;
use time::OffsetDateTime;

/// A fixed message for evaluation.
struct FuzzScope;

impl Scope for FuzzScope {
    fn header(&self, name: &str) -> Option<&str> {
        name.contains(['a', 'A']).then_some("Header Value, 42")
    }

    fn property(&self, name: &str) -> Option<&str> {
        name.starts_with('p').then_some(" 10.5 ")
    }

    fn body(&self) -> &[u8] {
        b"<root><a x='1'>2</a>\xff</root>"
    }

    fn exchange_id(&self) -> &str {
        "ID-fuzz"
    }

    fn now(&self) -> OffsetDateTime {
        OffsetDateTime::UNIX_EPOCH
    }

    fn exception_message(&self) -> Option<&str> {
        Some("boom")
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(expression) = Expression::parse(text) {
        let _ = expression.evaluate(&FuzzScope);
    }
    if let Ok(condition) = Condition::parse(text) {
        let _ = condition.evaluate(&FuzzScope);
    }
    let namespaces = [("p".to_owned(), "urn:p".to_owned())];
    if let Ok(xpath) = XPath::parse(text, &namespaces) {
        let _ = xpath.evaluate(b"<root xmlns:p='urn:p'><p:a x='1'>2</p:a><b><c/>text</b></root>");
    }
});
