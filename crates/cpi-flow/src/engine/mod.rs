//! Runs a [`CompiledFlow`] over a message: from the start event along the compiled graph, one
//! step at a time, until an end event. An error in a step hands the message as it was before
//! that step to the exception subprocess, if there is one, with `${exception.message}` set.
//! Receivers and credentials are reached through [`Adapters`], so this stays free of I/O.

mod http_step;
mod modifier;
mod scope;

use std::time::Duration;

use async_trait::async_trait;
use time::OffsetDateTime;

use crate::compile::{CompiledFlow, ProcessGraph, RouteCondition, Router, Step};
use crate::convert::{json_to_xml, xml_to_json};
use crate::message::Message;

pub use scope::ExchangeScope;

/// Steps one run may execute before it is stopped (a loop in the model).
pub const MAX_STEPS_PER_RUN: usize = 10_000;
/// The property carrying the message processing log id.
pub const MPL_ID_PROPERTY: &str = "SAP_MessageProcessingLogID";
/// The header whose value becomes the reply's status code.
pub const RESPONSE_CODE_HEADER: &str = "CamelHttpResponseCode";

/// An outbound HTTP call of a Request-Reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpCall {
    /// Method, upper case.
    pub method: String,
    /// Full URL with query.
    pub url: String,
    /// Request headers.
    pub headers: Vec<(String, String)>,
    /// Request body, if one is sent.
    pub body: Option<Vec<u8>>,
    /// Basic credentials (user, password).
    pub basic: Option<(String, String)>,
    /// How long to wait for the whole exchange.
    pub timeout: Duration,
}

/// The reply to an [`HttpCall`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpReply {
    /// Status code.
    pub status: u16,
    /// Response headers.
    pub headers: Vec<(String, String)>,
    /// Response body.
    pub body: Vec<u8>,
}

/// Why an outbound call failed before a reply.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AdapterError {
    /// The connection could not be made.
    #[error("java.net.ConnectException: Connection refused: {0}")]
    Connect(String),
    /// No reply within the timeout.
    #[error("java.net.SocketTimeoutException: Read timed out after {0} ms")]
    Timeout(u64),
    /// The URL is not usable.
    #[error("java.lang.IllegalArgumentException: Invalid URI: {0}")]
    InvalidUrl(String),
    /// Anything else (the text is shown in the MPL).
    #[error("java.io.IOException: {0}")]
    Other(String),
}

/// A deployed User Credential.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserCredential {
    /// User name.
    pub user: String,
    /// Password.
    pub password: String,
}

/// What a run reaches outside itself.
#[async_trait]
pub trait Adapters: Send + Sync {
    /// Performs an HTTP call.
    async fn http_call(&self, call: HttpCall) -> Result<HttpReply, AdapterError>;
    /// The deployed User Credential of this name, if any.
    async fn user_credential(&self, name: &str) -> Result<Option<UserCredential>, AdapterError>;
}

/// The fixed facts of one run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunContext {
    /// The exchange id.
    pub exchange_id: String,
    /// The message processing log id.
    pub mpl_id: String,
    /// The time of the run.
    pub now: OffsetDateTime,
    /// Record each step's message (trace log level).
    pub trace: bool,
}

/// An error raised by a step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepFailure {
    /// The model step id (`CallActivity_3`).
    pub step_id: String,
    /// The exception's class as Cloud Integration shows it (may be empty).
    pub exception: String,
    /// The exception's message (`${exception.message}`).
    pub message: String,
}

impl StepFailure {
    /// The text an MPL shows: `<class>: <message>`.
    pub fn text(&self) -> String {
        if self.exception.is_empty() { self.message.clone() } else { format!("{}: {}", self.exception, self.message) }
    }

    fn at(step_id: &str, exception: &str, message: String) -> StepFailure {
        StepFailure { step_id: step_id.to_owned(), exception: exception.to_owned(), message }
    }
}

/// The message after one step, at trace level.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TraceRecord {
    /// Model step id.
    pub step_id: String,
    /// Step name.
    pub step_name: String,
    /// The message after the step.
    pub message: Message,
}

/// How a run ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunStatus {
    /// An end event was reached (possibly in the exception subprocess).
    Completed,
    /// An error was not handled, or the exception subprocess ended in an error end event.
    Failed(StepFailure),
}

/// The result of a run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunOutcome {
    /// The final message.
    pub message: Message,
    /// How it ended.
    pub status: RunStatus,
    /// The error the exception subprocess handled, if it ran.
    pub handled: Option<StepFailure>,
    /// Receiver systems called.
    pub receivers: Vec<String>,
    /// Each step's message, when tracing.
    pub trace: Vec<TraceRecord>,
}

struct Run<'a> {
    context: &'a RunContext,
    adapters: &'a dyn Adapters,
    receivers: Vec<String>,
    trace: Vec<TraceRecord>,
    steps: usize,
}

/// Runs the flow over `message`.
pub async fn run(
    flow: &CompiledFlow,
    mut message: Message,
    context: &RunContext,
    adapters: &dyn Adapters,
) -> RunOutcome {
    message.properties.set(MPL_ID_PROPERTY, context.mpl_id.clone());
    let mut run = Run { context, adapters, receivers: Vec::new(), trace: Vec::new(), steps: 0 };
    let (status, handled, message) = match run.process(&flow.main, message, None).await {
        Ok(message) => (RunStatus::Completed, None, message),
        Err((failure, before)) => match &flow.exception {
            None => (RunStatus::Failed(failure), None, before),
            Some(exception) => match run.process(exception, before, Some(&failure)).await {
                Ok(message) => (RunStatus::Completed, Some(failure), message),
                Err((second, message)) => (RunStatus::Failed(second), Some(failure), message),
            },
        },
    };
    RunOutcome { message, status, handled, receivers: run.receivers, trace: run.trace }
}

impl Run<'_> {
    /// Walks one graph. On failure returns the error and the message as it was before the
    /// failing step.
    async fn process(
        &mut self,
        graph: &ProcessGraph,
        mut message: Message,
        handling: Option<&StepFailure>,
    ) -> Result<Message, (StepFailure, Message)> {
        let mut current = graph.start;
        loop {
            self.steps += 1;
            let node = &graph.nodes[current];
            if self.steps > MAX_STEPS_PER_RUN {
                let text = format!("the run exceeded {MAX_STEPS_PER_RUN} steps (a loop in the flow?)");
                return Err((StepFailure::at(&node.id, "java.lang.IllegalStateException", text), message));
            }
            let before = message.clone();
            let exception = handling.map(|f| f.message.as_str());
            let next = match self.step(&node.step, &node.id, &mut message, exception).await {
                Ok(StepResult::Next) => node.next,
                Ok(StepResult::Jump(target)) => Some(target),
                Ok(StepResult::End) => None,
                Ok(StepResult::Fail) => {
                    let failure = handling.cloned().unwrap_or_else(|| {
                        StepFailure::at(&node.id, "", "The message ended in an error end event.".to_owned())
                    });
                    return Err((failure, message));
                }
                Err(failure) => return Err((failure, before)),
            };
            if self.context.trace && !matches!(node.step, Step::Start) {
                self.trace.push(TraceRecord {
                    step_id: node.id.clone(),
                    step_name: node.name.clone(),
                    message: message.clone(),
                });
            }
            match next {
                Some(target) => current = target,
                None => return Ok(message),
            }
        }
    }

    async fn step(
        &mut self,
        step: &Step,
        step_id: &str,
        message: &mut Message,
        exception: Option<&str>,
    ) -> Result<StepResult, StepFailure> {
        match step {
            Step::Start => Ok(StepResult::Next),
            Step::End => Ok(StepResult::End),
            Step::ErrorEnd => Ok(StepResult::Fail),
            Step::ContentModifier(modifier) => {
                modifier::apply(modifier, message, self.context, exception, step_id)?;
                Ok(StepResult::Next)
            }
            Step::Router(router) => {
                route(router, &ExchangeScope::new(message, self.context, exception), step_id).map(StepResult::Jump)
            }
            Step::RequestReply(receiver) => {
                http_step::call(receiver, message, self.context, exception, self.adapters, step_id).await?;
                if !self.receivers.contains(&receiver.system) {
                    self.receivers.push(receiver.system.clone());
                }
                Ok(StepResult::Next)
            }
            Step::JsonToXml(options) => {
                message.body = json_to_xml(&message.body, options).map_err(|e| {
                    StepFailure::at(step_id, "com.sap.it.rt.adapter.json.JsonToXmlConversionException", e.to_string())
                })?;
                message.headers.set("Content-Type", "application/xml".to_owned());
                Ok(StepResult::Next)
            }
            Step::XmlToJson(options) => {
                message.body = xml_to_json(&message.body, options).map_err(|e| {
                    StepFailure::at(step_id, "com.sap.it.rt.adapter.json.XmlToJsonConversionException", e.to_string())
                })?;
                message.headers.set("Content-Type", "application/json".to_owned());
                Ok(StepResult::Next)
            }
        }
    }
}

enum StepResult {
    Next,
    Jump(usize),
    End,
    Fail,
}

/// The target of the first route whose condition holds, else the default route.
fn route(router: &Router, scope: &ExchangeScope<'_>, step_id: &str) -> Result<usize, StepFailure> {
    for route in &router.routes {
        let holds = match &route.condition {
            RouteCondition::NonXml(condition) => condition.evaluate(scope).map_err(|e| {
                StepFailure::at(
                    step_id,
                    "org.apache.camel.language.simple.types.SimpleIllegalSyntaxException",
                    e.to_string(),
                )
            })?,
            RouteCondition::Xml(xpath) => xpath
                .evaluate(&scope.message().body)
                .map_err(|e| StepFailure::at(step_id, "net.sf.saxon.trans.XPathException", e.to_string()))?
                .to_boolean(),
        };
        if holds {
            return Ok(route.target);
        }
    }
    router.default.ok_or_else(|| {
        StepFailure::at(
            step_id,
            "com.sap.it.rt.camel.processor.RouterException",
            "No condition of the Router is met and no default route is defined.".to_owned(),
        )
    })
}

#[cfg(test)]
mod tests;
