//! `/http/<address>`: the HTTPS sender adapter. Authenticates the caller as Cloud Integration
//! does (Basic with an `integration-flow` key's `clientid:clientsecret`, a Bearer token of the
//! subaccount, or Basic of a user), finds the flow, checks the sender's user role, CSRF
//! protection and body size, runs the flow and answers with its message, after its message
//! processing log is durable.
//!
//! A Basic secret in the key-secret format is checked like a token request
//! (`token_service::authenticate_key_basic`: the credential cache, one HMAC, the failed-auth
//! throttle); an `api`-plan key authenticates but holds no runtime roles. Other Basic
//! credentials are IdP users; Bearer tokens go through `principal`.

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::any;

use cpi_domain::{ClientSecret, Plan, Subaccount};
use cpi_flow::engine::{self, RESPONSE_CODE_HEADER, RunContext, RunOutcome, RunStatus};
use cpi_flow::message::Message;
use cpi_xsuaa::parse_basic;
use cpi_xsuaa::scope::roles_in;

use super::adapters::ServerAdapters;
use super::mpl::{CallFacts, message_log};
use super::registry::DeployedFlow;
use crate::http::authz::{CsrfStep, csrf_step, csrf_token_accepted, fetched_token_response};
use crate::principal::{self, AuthFailure};
use crate::state::AppState;

/// The runtime's routes.
pub fn routes() -> Router<AppState> {
    Router::new().route("/http", any(handle)).route("/http/", any(handle)).route("/http/{*path}", any(handle))
}

/// Who called, with the runtime roles that decide what they may call.
#[derive(Debug)]
struct Caller {
    zone: Subaccount,
    roles: Vec<String>,
}

/// Why a call is refused before the flow runs.
#[derive(Debug)]
enum Refusal {
    Unauthenticated,
    NotFound(String),
    MissingRole { role: String, address: String },
    CsrfRequired,
    TooLarge(u64),
    Internal,
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        let text = |status: StatusCode, body: String| {
            (status, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], body).into_response()
        };
        match self {
            Refusal::Unauthenticated => {
                let mut response = text(StatusCode::UNAUTHORIZED, "Unauthorized".to_owned());
                response.headers_mut().insert(
                    header::WWW_AUTHENTICATE,
                    HeaderValue::from_static("Basic realm=\"SAP Cloud Integration\""),
                );
                response
            }
            Refusal::NotFound(path) => {
                text(StatusCode::NOT_FOUND, format!("No integration flow is deployed at the address /http{path}."))
            }
            Refusal::MissingRole { role, address } => text(
                StatusCode::FORBIDDEN,
                format!(
                    "Forbidden: the endpoint /http{address} requires the role '{role}', which the caller does not have."
                ),
            ),
            Refusal::CsrfRequired => {
                let mut response = text(StatusCode::FORBIDDEN, "CSRF token validation failed".to_owned());
                response.headers_mut().insert("x-csrf-token", HeaderValue::from_static("Required"));
                response
            }
            Refusal::TooLarge(limit) => text(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!("The request body is larger than the endpoint's maximum of {} MB.", limit / (1024 * 1024)),
            ),
            Refusal::Internal => text(StatusCode::INTERNAL_SERVER_ERROR, "Internal Server Error".to_owned()),
        }
    }
}

async fn handle(State(state): State<AppState>, request: Request) -> Response {
    match serve(&state, request).await {
        Ok(response) => response,
        Err(refusal) => refusal.into_response(),
    }
}

async fn serve(state: &AppState, request: Request) -> Result<Response, Refusal> {
    let caller = authenticate_sender(state, request.headers()).await?;
    let path = request.uri().path().strip_prefix("/http").unwrap_or("").to_owned();
    let path = if path.is_empty() { "/".to_owned() } else { path };
    let flow = state.runtime.registry.find(caller.zone.id, &path).ok_or_else(|| Refusal::NotFound(path.clone()))?;
    if !caller.roles.iter().any(|role| role == &flow.sender.user_role) {
        return Err(Refusal::MissingRole { role: flow.sender.user_role.clone(), address: flow.sender.address.clone() });
    }
    if flow.sender.csrf_protection
        && let Some(response) = csrf_check(state, request.headers(), request.method())?
    {
        return Ok(response);
    }
    let limit = flow.sender.maximum_body_bytes;
    let declared = request.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    if declared.is_some_and(|length| length > limit) {
        return Err(Refusal::TooLarge(limit));
    }
    let (parts, body) = request.into_parts();
    let limit_usize = usize::try_from(limit).unwrap_or(usize::MAX);
    let body = axum::body::to_bytes(body, limit_usize).await.map_err(|_| Refusal::TooLarge(limit))?;
    let message = inbound_message(&flow, &parts.method, &parts.uri, &parts.headers, &path, body.to_vec());
    run_and_reply(state, &caller, &flow, &parts.headers, message).await
}

/// Basic key credentials, Basic user credentials or a Bearer token → the caller's roles.
async fn authenticate_sender(state: &AppState, headers: &HeaderMap) -> Result<Caller, Refusal> {
    let header = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).ok_or(Refusal::Unauthenticated)?;
    let (scheme, _) = header.trim().split_once(' ').ok_or(Refusal::Unauthenticated)?;
    let from_failure = |failure: AuthFailure| match failure {
        AuthFailure::Internal(e) => {
            tracing::error!(error = %e, "runtime authentication failed");
            Refusal::Internal
        }
        AuthFailure::Missing | AuthFailure::InvalidToken(_) | AuthFailure::BadBasic => Refusal::Unauthenticated,
    };
    if scheme.eq_ignore_ascii_case("basic") {
        let credentials = parse_basic(header).ok_or(Refusal::Unauthenticated)?;
        if ClientSecret::key_id_of(&credentials.client_secret).is_some() {
            let entry =
                crate::token_service::authenticate_key_basic(state, &credentials.client_id, &credentials.client_secret)
                    .await
                    .map_err(|_| Refusal::Internal)?
                    .ok_or(Refusal::Unauthenticated)?;
            let roles = match entry.instance.plan {
                Plan::IntegrationFlow => roles_in(&entry.zone.runtime_xsappname(), &entry.scopes),
                Plan::Api => Vec::new(),
            };
            return Ok(Caller { zone: entry.zone.clone(), roles });
        }
        let user = principal::basic(state, header).await.map_err(from_failure)?;
        return Ok(Caller { zone: user.zone, roles: user.runtime_roles });
    }
    if scheme.eq_ignore_ascii_case("bearer") {
        let principal = principal::authenticate(state, headers).await.map_err(from_failure)?;
        return Ok(Caller { zone: principal.zone, roles: principal.runtime_roles });
    }
    Err(Refusal::Unauthenticated)
}

/// A CSRF-protected endpoint: `Fetch` on a read gets a token without running the flow; every
/// write (Bearer ones too: the flow asks for it) needs a valid token.
fn csrf_check(state: &AppState, headers: &HeaderMap, method: &Method) -> Result<Option<Response>, Refusal> {
    match csrf_step(method, headers) {
        CsrfStep::Fetch => Ok(Some(fetched_token_response(state, headers))),
        CsrfStep::Read => Ok(None),
        CsrfStep::Write if csrf_token_accepted(state, headers) => Ok(None),
        CsrfStep::Write => Err(Refusal::CsrfRequired),
    }
}

/// The message the sender adapter hands to the flow: the body, `Content-Type`, the headers the
/// flow allows, and Camel's request headers.
fn inbound_message(
    flow: &DeployedFlow,
    method: &Method,
    uri: &axum::http::Uri,
    headers: &HeaderMap,
    path: &str,
    body: Vec<u8>,
) -> Message {
    let mut message = Message { body, ..Message::default() };
    for (name, value) in headers {
        let Ok(value) = value.to_str() else { continue };
        if name == header::CONTENT_TYPE || (name != header::AUTHORIZATION && flow.flow.header_allowed(name.as_str())) {
            message.headers.set(name.as_str(), value.to_owned());
        }
    }
    message.headers.set("CamelHttpMethod", method.as_str().to_owned());
    message.headers.set("CamelHttpUri", format!("/http{path}"));
    message.headers.set("CamelHttpUrl", format!("/http{path}"));
    message.headers.set("CamelServletContextPath", path.to_owned());
    if let Some(query) = uri.query() {
        message.headers.set("CamelHttpQuery", query.to_owned());
        for (name, value) in url_pairs(query) {
            if flow.flow.header_allowed(&name) {
                message.headers.set(&name, value);
            }
        }
    }
    message
}

fn url_pairs(query: &str) -> Vec<(String, String)> {
    serde_urlencoded::from_str::<Vec<(String, String)>>(query).unwrap_or_default()
}

async fn run_and_reply(
    state: &AppState,
    caller: &Caller,
    flow: &DeployedFlow,
    request_headers: &HeaderMap,
    message: Message,
) -> Result<Response, Refusal> {
    let start = state.clock.now();
    let facts_id = new_ids(state, request_headers, start);
    let level = state.runtime.registry.log_level(flow.zone, &flow.artifact_id, start);
    let context = RunContext {
        exchange_id: facts_id.exchange_id,
        mpl_id: facts_id.message_guid.clone(),
        now: start,
        trace: level == cpi_domain::monitoring::MplLogLevel::Trace,
    };
    let adapters = ServerAdapters { state, zone: flow.zone };
    let outcome = engine::run(&flow.flow, message, &context, &adapters).await;
    let facts = CallFacts {
        message_guid: facts_id.message_guid,
        correlation_id: facts_id.correlation_id,
        transaction_id: facts_id.transaction_id,
        run_id: facts_id.run_id,
        start,
        end: state.clock.now(),
        component: format!("CPI_{}", caller.zone.subdomain),
        level,
    };
    let log = message_log(flow, &facts, &outcome);
    if let Err(e) = state.runtime.mpl.write(flow.zone, log).await {
        tracing::error!(error = %e, flow = %flow.artifact_id, "a message processing log could not be written");
        return Err(Refusal::Internal);
    }
    Ok(reply(flow, &facts.message_guid, outcome))
}

struct NewIds {
    exchange_id: String,
    message_guid: String,
    correlation_id: String,
    transaction_id: String,
    run_id: String,
}

fn new_ids(state: &AppState, headers: &HeaderMap, start: time::OffsetDateTime) -> NewIds {
    let guid = |state: &AppState| {
        let mut random = [0u8; cpi_domain::monitoring::MESSAGE_GUID_RANDOM_BYTES];
        state.random.fill(&mut random);
        cpi_domain::monitoring::message_guid(start, random)
    };
    let message_guid = guid(state);
    let correlation_id = headers
        .get("SAP_MplCorrelationId")
        .and_then(|v| v.to_str().ok())
        .filter(|v| !v.is_empty() && v.len() <= 128)
        .map_or_else(|| guid(state), str::to_owned);
    NewIds {
        exchange_id: state.random.uuid().hyphenated().to_string().to_ascii_uppercase(),
        message_guid,
        correlation_id,
        transaction_id: state.random.uuid().simple().to_string(),
        run_id: guid(state),
    }
}

/// The reply: the final body with its content type and allowed headers, the status a step set
/// in `CamelHttpResponseCode` (else 200), or 500 with Cloud Integration's error text.
fn reply(flow: &DeployedFlow, message_guid: &str, outcome: RunOutcome) -> Response {
    let mut response = match outcome.status {
        RunStatus::Failed(failure) => {
            let body = if flow.flow.return_exception_to_sender {
                format!(
                    "An internal server error occured: {}.\nThe MPL ID for the failed message is : {message_guid}",
                    failure.text()
                )
            } else {
                format!("An internal server error occured: The MPL ID for the failed message is : {message_guid}")
            };
            (StatusCode::INTERNAL_SERVER_ERROR, [(header::CONTENT_TYPE, "text/plain")], body).into_response()
        }
        RunStatus::Completed => completed_reply(flow, outcome.message),
    };
    if let Ok(value) = HeaderValue::from_str(message_guid) {
        response.headers_mut().insert("SAP_MessageProcessingLogID", value);
    }
    response
}

fn completed_reply(flow: &DeployedFlow, message: Message) -> Response {
    let status = message
        .headers
        .get(RESPONSE_CODE_HEADER)
        .and_then(|code| code.trim().parse::<u16>().ok())
        .and_then(|code| StatusCode::from_u16(code).ok())
        .unwrap_or(StatusCode::OK);
    let mut response = Response::new(Body::from(message.body));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    for (name, value) in message.headers.iter() {
        let allowed = name.eq_ignore_ascii_case("content-type") || flow.flow.header_allowed(name);
        if !allowed || name.to_ascii_lowercase().starts_with("camel") {
            continue;
        }
        if let (Ok(name), Ok(value)) = (HeaderName::from_bytes(name.as_bytes()), HeaderValue::from_str(value)) {
            headers.insert(name, value);
        }
    }
    response
}
