//! A [`Scope`] over a [`Message`] for the tests of the expression modules.

use time::OffsetDateTime;
use time::macros::datetime;

use crate::{Message, Scope};

/// A message, an exchange id, a fixed time and an optional exception.
#[derive(Debug, Clone)]
pub(crate) struct TestScope {
    pub(crate) message: Message,
    pub(crate) exception: Option<String>,
}

impl TestScope {
    /// An empty message.
    pub(crate) fn new() -> Self {
        Self { message: Message::default(), exception: None }
    }

    /// Adds a header.
    pub(crate) fn header(mut self, name: &str, value: &str) -> Self {
        self.message.headers.set(name, value.to_owned());
        self
    }

    /// Adds a property.
    pub(crate) fn property(mut self, name: &str, value: &str) -> Self {
        self.message.properties.set(name, value.to_owned());
        self
    }

    /// Sets the body.
    pub(crate) fn body(mut self, body: &[u8]) -> Self {
        self.message.body = body.to_vec();
        self
    }
}

impl Scope for TestScope {
    fn header(&self, name: &str) -> Option<&str> {
        self.message.headers.get(name)
    }

    fn property(&self, name: &str) -> Option<&str> {
        self.message.properties.get(name)
    }

    fn body(&self) -> &[u8] {
        &self.message.body
    }

    fn exchange_id(&self) -> &str {
        "ID-exchange-1"
    }

    fn now(&self) -> OffsetDateTime {
        datetime!(2024-03-05 14:07:09.045 UTC)
    }

    fn exception_message(&self) -> Option<&str> {
        self.exception.as_deref()
    }
}
