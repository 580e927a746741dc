//! The [`Scope`] of a running exchange.

use time::OffsetDateTime;

use super::RunContext;
use crate::message::Message;
use crate::scope::Scope;

/// What expressions see during a run: the message, the run's facts and the error being handled.
#[derive(Debug, Clone, Copy)]
pub struct ExchangeScope<'a> {
    message: &'a Message,
    context: &'a RunContext,
    exception: Option<&'a str>,
}

impl<'a> ExchangeScope<'a> {
    /// A scope over a message.
    pub fn new(message: &'a Message, context: &'a RunContext, exception: Option<&'a str>) -> ExchangeScope<'a> {
        ExchangeScope { message, context, exception }
    }

    /// The message.
    pub fn message(&self) -> &'a Message {
        self.message
    }
}

impl Scope for ExchangeScope<'_> {
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
        &self.context.exchange_id
    }

    fn now(&self) -> OffsetDateTime {
        self.context.now
    }

    fn exception_message(&self) -> Option<&str> {
        self.exception
    }
}
