//! Request-Reply over the HTTP receiver adapter.

use std::time::Duration;

use super::{Adapters, ExchangeScope, HttpCall, RESPONSE_CODE_HEADER, RunContext, StepFailure};
use crate::compile::{HttpReceiver, MethodSource, header_listed};
use crate::message::Message;

const HTTP_FAILURE: &str = "org.apache.camel.component.ahc.AhcOperationFailedException";
const SIMPLE_EXCEPTION: &str = "org.apache.camel.language.simple.types.SimpleIllegalSyntaxException";

/// Calls the receiver and puts its reply into the message.
pub(super) async fn call(
    receiver: &HttpReceiver,
    message: &mut Message,
    context: &RunContext,
    exception: Option<&str>,
    adapters: &dyn Adapters,
    step_id: &str,
) -> Result<(), StepFailure> {
    let request = build_call(receiver, message, context, exception, step_id)?;
    let request = with_credentials(request, receiver, adapters, step_id).await?;
    let url = request.url.clone();
    let reply = adapters.http_call(request).await.map_err(|e| StepFailure {
        step_id: step_id.to_owned(),
        exception: String::new(),
        message: e.to_string(),
    })?;
    if !(200..300).contains(&reply.status) && receiver.throw_on_failure {
        let text = format!("HTTP operation failed invoking {url} with statusCode: {}", reply.status);
        return Err(StepFailure::at(step_id, HTTP_FAILURE, text));
    }
    message.body = reply.body;
    message.headers.set(RESPONSE_CODE_HEADER, reply.status.to_string());
    for (name, value) in reply.headers {
        if name.eq_ignore_ascii_case("content-type") || header_listed(&receiver.response_headers, &name) {
            message.headers.set(&name, value);
        }
    }
    Ok(())
}

fn build_call(
    receiver: &HttpReceiver,
    message: &Message,
    context: &RunContext,
    exception: Option<&str>,
    step_id: &str,
) -> Result<HttpCall, StepFailure> {
    let scope = ExchangeScope::new(message, context, exception);
    let evaluate = |expression: &crate::simple::Expression| {
        expression.evaluate(&scope).map_err(|e| StepFailure::at(step_id, SIMPLE_EXCEPTION, e.to_string()))
    };
    let address = evaluate(&receiver.address)?;
    let query = evaluate(&receiver.query)?;
    let url = if query.trim().is_empty() { address } else { format!("{address}?{}", query.trim()) };
    let method = match &receiver.method {
        MethodSource::Fixed(method) => method.clone(),
        MethodSource::Dynamic(expression) => evaluate(expression)?.trim().to_ascii_uppercase(),
    };
    let sends_body = matches!(method.as_str(), "POST" | "PUT" | "PATCH") || receiver.send_body;
    let headers = message
        .headers
        .iter()
        .filter(|(name, _)| name.eq_ignore_ascii_case("content-type") || header_listed(&receiver.request_headers, name))
        .filter(|(name, _)| !is_camel_header(name))
        .map(|(name, value)| (name.to_owned(), value.to_owned()))
        .collect();
    Ok(HttpCall {
        method,
        url,
        headers,
        body: sends_body.then(|| message.body.clone()),
        basic: None,
        timeout: Duration::from_millis(receiver.timeout_ms),
    })
}

/// Camel's and SAP's internal headers never go out on the wire.
fn is_camel_header(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.starts_with("camel") || lower.starts_with("sap_") || lower == "host" || lower == "content-length"
}

async fn with_credentials(
    mut request: HttpCall,
    receiver: &HttpReceiver,
    adapters: &dyn Adapters,
    step_id: &str,
) -> Result<HttpCall, StepFailure> {
    let Some(name) = &receiver.credential else { return Ok(request) };
    let credential = adapters.user_credential(name).await.map_err(|e| StepFailure {
        step_id: step_id.to_owned(),
        exception: String::new(),
        message: e.to_string(),
    })?;
    let credential = credential.ok_or_else(|| {
        StepFailure::at(
            step_id,
            "com.sap.it.rt.adapter.http.api.exception.HttpResponseException",
            format!("The User Credential '{name}' is not deployed."),
        )
    })?;
    request.basic = Some((credential.user, credential.password));
    Ok(request)
}
