//! What each BPMN element becomes: the supported steps, and the exact refusal for the others.

use cpi_bundle::{FlowElement, IntegrationFlowModel, SequenceFlow, property};

use super::table::{TableRow, parse_table};
use super::{CompileError, comma_list, json_to_xml_options, xml_to_json_options};
use crate::condition::Condition;
use crate::convert::{JsonToXmlOptions, XmlToJsonOptions};
use crate::simple::Expression;
use crate::xpath::XPath;

/// A compiled step.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    /// A start event (message start, or the error start of the exception subprocess).
    Start,
    /// A Content Modifier.
    ContentModifier(ContentModifier),
    /// A Router.
    Router(Router),
    /// A Request-Reply over the HTTP receiver adapter.
    RequestReply(HttpReceiver),
    /// The JSON to XML converter.
    JsonToXml(JsonToXmlOptions),
    /// The XML to JSON converter.
    XmlToJson(XmlToJsonOptions),
    /// A message end event: processing completes.
    End,
    /// An error end event: processing fails with the error being handled.
    ErrorEnd,
}

/// A Content Modifier: header rows, then property rows, then the body.
#[derive(Debug, Clone, PartialEq)]
pub struct ContentModifier {
    /// Message header rows.
    pub headers: Vec<ModifierRow>,
    /// Exchange property rows.
    pub properties: Vec<ModifierRow>,
    /// The new body; none keeps the body (an empty body field).
    pub body: Option<Expression>,
}

/// Create or delete.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowAction {
    /// Set the header or property.
    Create,
    /// Remove it (`*` in the name matches any characters).
    Delete,
}

/// Where a created value comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum RowSource {
    /// A constant (externalized parameters already resolved).
    Constant(String),
    /// Another header's value.
    Header(String),
    /// A property's value.
    Property(String),
    /// A Camel Simple expression.
    Expression(Expression),
    /// An XPath over the body.
    XPath(XPath),
}

/// One Content Modifier row.
#[derive(Debug, Clone, PartialEq)]
pub struct ModifierRow {
    /// Create or delete.
    pub action: RowAction,
    /// The header or property name (a pattern for deletes).
    pub name: String,
    /// The value source (unused for deletes).
    pub source: RowSource,
    /// Used when the source yields nothing.
    pub default: Option<String>,
}

/// A Router: conditions in order, then the default route.
#[derive(Debug, Clone, PartialEq)]
pub struct Router {
    /// Routes with a condition.
    pub routes: Vec<Route>,
    /// The default route's target node.
    pub default: Option<usize>,
    /// `throwException`: fail when no route matches and there is no default.
    pub throw_exception: bool,
}

/// A conditional route.
#[derive(Debug, Clone, PartialEq)]
pub struct Route {
    /// Route name.
    pub name: String,
    /// Sequence flow id.
    pub id: String,
    /// The condition.
    pub condition: RouteCondition,
    /// Target node.
    pub target: usize,
}

/// A route condition.
#[derive(Debug, Clone, PartialEq)]
pub enum RouteCondition {
    /// A Camel Simple predicate.
    NonXml(Condition),
    /// An XPath over the body (true if it selects anything or is true).
    Xml(XPath),
}

/// The HTTP receiver of a Request-Reply.
#[derive(Debug, Clone, PartialEq)]
pub struct HttpReceiver {
    /// Channel name.
    pub channel_name: String,
    /// Receiver system (participant) name.
    pub system: String,
    /// `httpAddressWithoutQuery` (may hold expressions).
    pub address: Expression,
    /// `httpAddressQuery` (may hold expressions).
    pub query: Expression,
    /// `httpMethod`, or the evaluated `methodSourceExpression` when it is `Dynamic`.
    pub method: MethodSource,
    /// `authenticationMethod`: none, or Basic with a deployed User Credential's name.
    pub credential: Option<String>,
    /// `httpRequestTimeout` in milliseconds.
    pub timeout_ms: u64,
    /// `allowedRequestHeaders`: message headers sent along.
    pub request_headers: Vec<String>,
    /// `allowedResponseHeaders`: response headers kept as message headers.
    pub response_headers: Vec<String>,
    /// `throwExceptionOnFailure`: a non-2xx reply fails the step.
    pub throw_on_failure: bool,
    /// `httpShouldSendBody` for GET/DELETE/HEAD.
    pub send_body: bool,
}

/// The HTTP method of a receiver.
#[derive(Debug, Clone, PartialEq)]
pub enum MethodSource {
    /// A fixed method.
    Fixed(String),
    /// Evaluated per message.
    Dynamic(Expression),
}

pub(super) struct StepContext<'a> {
    pub(super) model: &'a IntegrationFlowModel,
    pub(super) resolve: &'a dyn Fn(&str) -> Result<String, CompileError>,
    pub(super) namespaces: &'a [(String, String)],
}

fn unsupported(element: &FlowElement, kind: String) -> CompileError {
    CompileError::UnsupportedStep { id: element.id.clone(), name: element.name.clone(), kind }
}

fn invalid(element: &FlowElement, reason: String) -> CompileError {
    CompileError::InvalidStep { id: element.id.clone(), name: element.name.clone(), reason }
}

/// A readable type name: `activityType (subActivityType)`, or the BPMN element.
fn kind_of(element: &FlowElement) -> String {
    let activity = element.activity_type.clone().unwrap_or_else(|| element.element.clone());
    match element.property("subActivityType").filter(|s| !s.is_empty()) {
        Some(sub) => format!("{activity} ({sub})"),
        None => activity,
    }
}

/// Refuses elements this runtime does not run (before the graph is built, so that every
/// element is checked, connected or not).
pub(super) fn check_supported(element: &FlowElement, context: &StepContext<'_>) -> Result<(), CompileError> {
    let activity = element.activity_type.as_deref().unwrap_or("");
    match element.element.as_str() {
        "startEvent" => match element.event_definition.as_deref() {
            None | Some("messageEventDefinition") | Some("errorEventDefinition") => Ok(()),
            Some(_) => Err(unsupported(element, event_kind(element, "Start Event"))),
        },
        "endEvent" => {
            if let Some(channel) = context.model.channels.iter().find(|c| c.source_ref == element.id) {
                return Err(CompileError::UnsupportedAdapter {
                    id: channel.id.clone(),
                    name: channel.name.clone(),
                    direction: "receiver".to_owned(),
                    adapter: channel.component_type().to_owned(),
                });
            }
            match element.event_definition.as_deref() {
                None | Some("messageEventDefinition") | Some("errorEventDefinition") => Ok(()),
                Some(_) => Err(unsupported(element, event_kind(element, "End Event"))),
            }
        }
        "callActivity" => match activity {
            "Enricher" | "JsonToXmlConverter" | "XmlToJsonConverter" => Ok(()),
            _ => Err(unsupported(element, kind_of(element))),
        },
        "serviceTask" if activity == "ExternalCall" => {
            let channel = context.model.channels.iter().find(|c| c.source_ref == element.id);
            match channel {
                Some(channel) if channel.component_type() == "HTTP" => Ok(()),
                Some(channel) => Err(CompileError::UnsupportedAdapter {
                    id: channel.id.clone(),
                    name: channel.name.clone(),
                    direction: "receiver".to_owned(),
                    adapter: channel.component_type().to_owned(),
                }),
                None => Err(invalid(element, "the Request-Reply has no receiver channel".to_owned())),
            }
        }
        "exclusiveGateway" => Ok(()),
        "subProcess" if activity == "ErrorEventSubProcessTemplate" => Ok(()),
        _ => Err(unsupported(element, kind_of(element))),
    }
}

fn event_kind(element: &FlowElement, what: &str) -> String {
    let definition = element.event_definition.as_deref().unwrap_or("").trim_end_matches("EventDefinition");
    let mut capitalized = definition.to_owned();
    if let Some(first) = capitalized.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    format!("{capitalized} {what}")
}

/// Compiles one (supported) element.
pub(super) fn compile_step(
    element: &FlowElement,
    outgoing: &[&SequenceFlow],
    index_of: &dyn Fn(&str) -> Option<usize>,
    context: &StepContext<'_>,
) -> Result<Step, CompileError> {
    let activity = element.activity_type.as_deref().unwrap_or("");
    Ok(match (element.element.as_str(), activity) {
        ("startEvent", _) => Step::Start,
        ("endEvent", _) if element.event_definition.as_deref() == Some("errorEventDefinition") => Step::ErrorEnd,
        ("endEvent", _) => Step::End,
        ("callActivity", "Enricher") => Step::ContentModifier(content_modifier(element, context)?),
        ("callActivity", "JsonToXmlConverter") => {
            Step::JsonToXml(json_to_xml_options(element, context.resolve, context.namespaces)?)
        }
        ("callActivity", "XmlToJsonConverter") => Step::XmlToJson(xml_to_json_options(element, context.resolve)?),
        ("serviceTask", _) => Step::RequestReply(http_receiver(element, context)?),
        ("exclusiveGateway", _) => Step::Router(router(element, outgoing, index_of, context)?),
        _ => return Err(unsupported(element, kind_of(element))),
    })
}

fn content_modifier(element: &FlowElement, context: &StepContext<'_>) -> Result<ContentModifier, CompileError> {
    let table = |key: &str| -> Result<Vec<ModifierRow>, CompileError> {
        let rows = parse_table(element.property(key).unwrap_or("")).map_err(|e| invalid(element, e))?;
        rows.into_iter().map(|row| modifier_row(element, row, context)).collect()
    };
    let headers = table("headerTable")?;
    let properties = table("propertyTable")?;
    let body_text = (context.resolve)(element.property("wrapContent").unwrap_or(""))?;
    let body_type = (context.resolve)(element.property("bodyType").unwrap_or(""))?;
    let body = if body_text.is_empty() {
        None
    } else if body_type.is_empty() || body_type == "constant" || body_type == "expression" {
        // Cloud Integration evaluates `${…}` in the body field whatever its type.
        Some(Expression::parse(&body_text).map_err(|e| invalid(element, format!("the body expression: {e}")))?)
    } else {
        return Err(unsupported(element, format!("Enricher (body of type '{body_type}')")));
    };
    Ok(ContentModifier { headers, properties, body })
}

fn modifier_row(element: &FlowElement, row: TableRow, context: &StepContext<'_>) -> Result<ModifierRow, CompileError> {
    let name = (context.resolve)(&row.name)?;
    let value = (context.resolve)(&row.value)?;
    let action = match row.action.as_str() {
        "Create" | "" => RowAction::Create,
        "Delete" => RowAction::Delete,
        other => return Err(invalid(element, format!("the row '{name}' has the action '{other}'"))),
    };
    let source = if action == RowAction::Delete {
        RowSource::Constant(String::new())
    } else {
        match row.kind.as_str() {
            "constant" | "external parameter" | "" => RowSource::Constant(value),
            "header" => RowSource::Header(value),
            "property" => RowSource::Property(value),
            "expression" => RowSource::Expression(
                Expression::parse(&value).map_err(|e| invalid(element, format!("the row '{name}': {e}")))?,
            ),
            "xpath" => RowSource::XPath(
                XPath::parse(&value, context.namespaces)
                    .map_err(|e| invalid(element, format!("the row '{name}': {e}")))?,
            ),
            other => return Err(unsupported(element, format!("Enricher (a row of type '{other}')"))),
        }
    };
    let default = (context.resolve)(&row.default)?;
    Ok(ModifierRow { action, name, source, default: (!default.is_empty()).then_some(default) })
}

fn router(
    element: &FlowElement,
    outgoing: &[&SequenceFlow],
    index_of: &dyn Fn(&str) -> Option<usize>,
    context: &StepContext<'_>,
) -> Result<Router, CompileError> {
    let target = |flow: &SequenceFlow| {
        index_of(&flow.target_ref)
            .ok_or_else(|| invalid(element, format!("the route {} leads to an unknown element", flow.id)))
    };
    let mut routes = Vec::new();
    let mut default = None;
    let mut kinds = Vec::new();
    for flow in outgoing {
        if element.default_flow.as_deref() == Some(flow.id.as_str()) {
            default = Some(target(flow)?);
            continue;
        }
        let text = (context.resolve)(flow.condition.as_deref().unwrap_or(""))?;
        if text.trim().is_empty() {
            return Err(invalid(element, format!("the route '{}' has no condition", flow.name)));
        }
        let xml = property(&flow.properties, "expressionType").is_some_and(|t| t == "XML");
        let route_error = |e: String| invalid(element, format!("the condition of route '{}': {e}", flow.name));
        let condition = if xml {
            RouteCondition::Xml(XPath::parse(text.trim(), context.namespaces).map_err(|e| route_error(e.to_string()))?)
        } else {
            RouteCondition::NonXml(Condition::parse(text.trim()).map_err(|e| route_error(e.to_string()))?)
        };
        kinds.push(xml);
        routes.push(Route { name: flow.name.clone(), id: flow.id.clone(), condition, target: target(flow)? });
    }
    if kinds.windows(2).any(|pair| pair[0] != pair[1]) {
        return Err(invalid(element, "a Router cannot mix XML and Non-XML conditions".to_owned()));
    }
    let throw_exception = element.property("throwException").is_some_and(|v| v.eq_ignore_ascii_case("true"));
    Ok(Router { routes, default, throw_exception })
}

fn http_receiver(element: &FlowElement, context: &StepContext<'_>) -> Result<HttpReceiver, CompileError> {
    let channel = context
        .model
        .channels
        .iter()
        .find(|c| c.source_ref == element.id)
        .ok_or_else(|| invalid(element, "the Request-Reply has no receiver channel".to_owned()))?;
    let get = |key: &str| -> Result<String, CompileError> {
        (context.resolve)(property(&channel.properties, key).unwrap_or(""))
    };
    let expression = |key: &str| -> Result<Expression, CompileError> {
        Expression::parse(get(key)?.trim())
            .map_err(|e| invalid(element, format!("{key} of channel '{}': {e}", channel.name)))
    };
    let method = get("httpMethod")?.trim().to_ascii_uppercase();
    let method = if method == "DYNAMIC" {
        MethodSource::Dynamic(expression("methodSourceExpression")?)
    } else {
        MethodSource::Fixed(if method.is_empty() { "POST".to_owned() } else { method })
    };
    let credential = match get("authenticationMethod")?.trim() {
        "" | "None" => None,
        "Basic" => Some(get("credentialName")?.trim().to_owned()),
        other => {
            return Err(unsupported(element, format!("ExternalCall (HTTP receiver with authentication '{other}')")));
        }
    };
    let timeout = get("httpRequestTimeout")?;
    let timeout_ms = if timeout.trim().is_empty() {
        60_000
    } else {
        timeout
            .trim()
            .parse()
            .map_err(|_| invalid(element, format!("httpRequestTimeout '{timeout}' is not a number")))?
    };
    let system = context.model.participants.iter().find(|p| p.id == channel.target_ref).map(|p| p.name.clone());
    Ok(HttpReceiver {
        channel_name: channel.name.clone(),
        system: system.unwrap_or_default(),
        address: expression("httpAddressWithoutQuery")?,
        query: expression("httpAddressQuery")?,
        method,
        credential,
        timeout_ms,
        request_headers: comma_list(&get("allowedRequestHeaders")?),
        response_headers: comma_list(&get("allowedResponseHeaders")?),
        throw_on_failure: !get("throwExceptionOnFailure")?.trim().eq_ignore_ascii_case("false"),
        send_body: get("httpShouldSendBody")?.trim().eq_ignore_ascii_case("true"),
    })
}
