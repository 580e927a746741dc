//! The steps an [`super::IflowBuilder`] flow is made of: [`FlowStep`] and the builders of the
//! steps with more structure ([`ContentModifierStep`], [`RouterStep`]).
//!
//! Every step becomes one BPMN element whose `ifl:property` list starts from the defaults of a
//! real export of that step type; `.property(key, value)` replaces a default in place or appends
//! a new key, and any value may hold `{{Parameter}}` placeholders.

use std::fmt::Write as _;

use quick_xml::escape::partial_escape;

use super::receiver::HttpReceiver;

/// Ordered `ifl:property` pairs; setting an existing key replaces its value in place.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Properties(Vec<(String, String)>);

impl Properties {
    /// The pairs in order.
    pub(super) fn of(pairs: &[(&str, &str)]) -> Properties {
        Properties(pairs.iter().map(|(key, value)| ((*key).to_owned(), (*value).to_owned())).collect())
    }

    /// Replaces the value of `key`, or appends the pair.
    pub(super) fn set(&mut self, key: &str, value: &str) {
        match self.0.iter_mut().find(|(candidate, _)| candidate == key) {
            Some((_, existing)) => value.clone_into(existing),
            None => self.0.push((key.to_owned(), value.to_owned())),
        }
    }

    /// Applies every pair of `overrides` with [`Properties::set`].
    pub(super) fn apply(&mut self, overrides: &Properties) {
        for (key, value) in &overrides.0 {
            self.set(key, value);
        }
    }

    /// The value of `key`, if set.
    pub(super) fn get(&self, key: &str) -> Option<&str> {
        self.0.iter().find(|(candidate, _)| candidate == key).map(|(_, value)| value.as_str())
    }

    /// The pairs in order.
    pub(super) fn pairs(&self) -> &[(String, String)] {
        &self.0
    }
}

/// What BPMN element a step becomes, and what else it brings along.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum StepShape {
    /// A `bpmn2:callActivity` (Content Modifier, converters, scripts, mappings, …).
    CallActivity,
    /// A `bpmn2:serviceTask` without a channel.
    ServiceTask,
    /// A `bpmn2:serviceTask` (`ExternalCall`) with a receiver channel and participant.
    RequestReply(HttpReceiver),
    /// A `bpmn2:exclusiveGateway` with its routes.
    Router(Vec<RouteSpec>),
}

/// One route of a router: its sequence flow and the steps on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct RouteSpec {
    /// The route (sequence flow) name.
    pub(super) name: String,
    /// The condition; `None` for the default route.
    pub(super) condition: Option<RouteCondition>,
    /// The steps of the route.
    pub(super) steps: Vec<FlowStep>,
}

/// One step of a flow built with [`super::IflowBuilder::step`].
///
/// ```
/// use cpi_bundle::{FlowStep, HttpReceiver};
/// let call = FlowStep::request_reply("Call backend", HttpReceiver::new("http://127.0.0.1:8080/orders"));
/// let convert = FlowStep::json_to_xml("To XML").property("addXMLRootElement", "true");
/// let unsupported = FlowStep::script("Groovy", "script1.groovy");
/// # let _ = (call, convert, unsupported);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use]
pub struct FlowStep {
    pub(super) name: String,
    pub(super) shape: StepShape,
    pub(super) properties: Properties,
}

impl FlowStep {
    /// A Content Modifier (`callActivity`, activityType `Enricher`); see [`ContentModifierStep`].
    pub fn content_modifier(name: &str) -> ContentModifierStep {
        ContentModifierStep::new(name)
    }

    /// A Router (`exclusiveGateway`); see [`RouterStep`].
    pub fn router(name: &str) -> RouterStep {
        RouterStep::new(name)
    }

    /// A Request-Reply (`serviceTask`, activityType `ExternalCall`) calling `receiver` through an
    /// HTTP receiver channel to its own receiver participant.
    pub fn request_reply(name: &str, receiver: HttpReceiver) -> FlowStep {
        let properties = Properties::of(&[
            ("componentVersion", "1.0"),
            ("activityType", "ExternalCall"),
            ("cmdVariantUri", "ctype::FlowstepVariant/cname::ExternalCall/version::1.0.4"),
        ]);
        FlowStep { name: name.to_owned(), shape: StepShape::RequestReply(receiver), properties }
    }

    /// A JSON to XML Converter (activityType `JsonToXmlConverter`). Defaults: no namespaces, no
    /// added root element (`addXMLRootElement=false`, `additionalRootElementName=root`).
    pub fn json_to_xml(name: &str) -> FlowStep {
        FlowStep::call_activity_with(
            name,
            &[
                ("additionalRootElementName", "root"),
                ("jsonNamespaceMapping", ""),
                ("componentVersion", "1.1"),
                ("activityType", "JsonToXmlConverter"),
                ("cmdVariantUri", "ctype::FlowstepVariant/cname::JsonToXmlConverter/version::1.1.1"),
                ("useNamespaces", "false"),
                ("addXMLRootElement", "false"),
                ("additionalRootElementNamespace", ""),
                ("jsonNamespaceSeparator", ":"),
            ],
        )
    }

    /// An XML to JSON Converter (activityType `XmlToJsonConverter`). Defaults: all elements, root
    /// element kept, no namespaces, no streaming.
    pub fn xml_to_json(name: &str) -> FlowStep {
        FlowStep::call_activity_with(
            name,
            &[
                ("xmlJsonUseStreaming", "false"),
                ("xmlJsonSuppressRootElement", "false"),
                ("xmlJsonPathTable", ""),
                ("jsonOutputEncoding", "UTF-8"),
                ("jsonNamespaceMapping", ""),
                ("componentVersion", "1.0"),
                ("xmlJsonConvertAllElements", "all"),
                ("activityType", "XmlToJsonConverter"),
                ("cmdVariantUri", "ctype::FlowstepVariant/cname::XmlToJsonConverter/version::1.0.8"),
                ("useNamespaces", "false"),
                ("jsonNamespaceSeparator", ":"),
            ],
        )
    }

    /// A Groovy Script step (activityType `Script`, subActivityType `GroovyScript`) running
    /// `script_file` from `src/main/resources/script/`.
    pub fn script(name: &str, script_file: &str) -> FlowStep {
        FlowStep::call_activity_with(
            name,
            &[
                ("scriptFunction", ""),
                ("scriptBundleId", ""),
                ("componentVersion", "1.1"),
                ("activityType", "Script"),
                ("cmdVariantUri", "ctype::FlowstepVariant/cname::GroovyScript/version::1.1.2"),
                ("subActivityType", "GroovyScript"),
                ("script", script_file),
            ],
        )
    }

    /// Any other `callActivity` step: `componentVersion=1.0`, the `activityType` and a
    /// `cmdVariantUri` named after it; add the rest with [`FlowStep::property`].
    pub fn call_activity(name: &str, activity_type: &str) -> FlowStep {
        FlowStep { shape: StepShape::CallActivity, ..FlowStep::generic(name, activity_type) }
    }

    /// Any other `serviceTask` step without a channel (e.g. activityType `Send`), like
    /// [`FlowStep::call_activity`].
    pub fn service_task(name: &str, activity_type: &str) -> FlowStep {
        FlowStep { shape: StepShape::ServiceTask, ..FlowStep::generic(name, activity_type) }
    }

    /// Sets a step property (replacing a default in place, or appending it).
    pub fn property(mut self, key: &str, value: &str) -> FlowStep {
        self.properties.set(key, value);
        self
    }

    fn generic(name: &str, activity_type: &str) -> FlowStep {
        let variant = format!("ctype::FlowstepVariant/cname::{activity_type}/version::1.0.0");
        FlowStep::call_activity_with(
            name,
            &[("componentVersion", "1.0"), ("activityType", activity_type), ("cmdVariantUri", &variant)],
        )
    }

    fn call_activity_with(name: &str, properties: &[(&str, &str)]) -> FlowStep {
        FlowStep { name: name.to_owned(), shape: StepShape::CallActivity, properties: Properties::of(properties) }
    }
}

/// One row of a Content Modifier header or property table (cells `Action`, `Type`, `Value`,
/// `Default`, `Name`, `Datatype`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[must_use]
pub struct ModifierRow {
    /// `Create` or `Delete`.
    pub action: String,
    /// The source type: `constant`, `expression`, `header`, `property`, `xpath`, …
    pub source_type: String,
    /// The value (its meaning depends on the source type).
    pub value: String,
    /// The default used when the source is missing.
    pub default: String,
    /// The header or property name (a pattern for `Delete`).
    pub name: String,
    /// The Java type, e.g. `java.lang.String`; may be empty.
    pub datatype: String,
}

impl ModifierRow {
    /// A `Create` row.
    pub fn create(name: &str, source_type: &str, value: &str) -> ModifierRow {
        ModifierRow {
            action: "Create".to_owned(),
            source_type: source_type.to_owned(),
            value: value.to_owned(),
            name: name.to_owned(),
            ..ModifierRow::default()
        }
    }

    /// A `Delete` row (the other cells empty).
    pub fn delete(name: &str) -> ModifierRow {
        ModifierRow { action: "Delete".to_owned(), name: name.to_owned(), ..ModifierRow::default() }
    }

    /// Sets the `Datatype` cell.
    pub fn datatype(mut self, datatype: &str) -> ModifierRow {
        datatype.clone_into(&mut self.datatype);
        self
    }

    /// Sets the `Default` cell.
    pub fn default_value(mut self, default: &str) -> ModifierRow {
        default.clone_into(&mut self.default);
        self
    }

    /// The `<row>` element as real exports write it (cell text escaped, cells in the order
    /// Action, Type, Value, Default, Name, Datatype).
    fn render(&self) -> String {
        let cells = [
            ("Action", &self.action),
            ("Type", &self.source_type),
            ("Value", &self.value),
            ("Default", &self.default),
            ("Name", &self.name),
            ("Datatype", &self.datatype),
        ];
        let mut row = String::from("<row>");
        for (id, text) in cells {
            let _ = write!(row, "<cell id='{id}'>{}</cell>", partial_escape(text.as_str()));
        }
        row.push_str("</row>");
        row
    }
}

/// A Content Modifier step: header and property tables and an optional body.
///
/// ```
/// use cpi_bundle::FlowStep;
/// let step = FlowStep::content_modifier("Set headers")
///     .create_header("Content-Type", "constant", "application/json", "")
///     .create_property("orderId", "xpath", "/order/id", "java.lang.String")
///     .delete_header("Authorization")
///     .body("Order ${property.orderId}", "expression");
/// # let _ = step;
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use]
pub struct ContentModifierStep {
    name: String,
    headers: Vec<ModifierRow>,
    exchange_properties: Vec<ModifierRow>,
    body: Option<(String, String)>,
    overrides: Properties,
}

impl ContentModifierStep {
    fn new(name: &str) -> ContentModifierStep {
        ContentModifierStep {
            name: name.to_owned(),
            headers: Vec::new(),
            exchange_properties: Vec::new(),
            body: None,
            overrides: Properties::default(),
        }
    }

    /// Adds a `Create` header row.
    pub fn create_header(self, name: &str, source_type: &str, value: &str, datatype: &str) -> ContentModifierStep {
        self.header(ModifierRow::create(name, source_type, value).datatype(datatype))
    }

    /// Adds a `Create` exchange property row.
    pub fn create_property(self, name: &str, source_type: &str, value: &str, datatype: &str) -> ContentModifierStep {
        self.exchange_property(ModifierRow::create(name, source_type, value).datatype(datatype))
    }

    /// Adds a `Delete` header row.
    pub fn delete_header(self, name: &str) -> ContentModifierStep {
        self.header(ModifierRow::delete(name))
    }

    /// Adds a `Delete` exchange property row.
    pub fn delete_property(self, name: &str) -> ContentModifierStep {
        self.exchange_property(ModifierRow::delete(name))
    }

    /// Adds any header table row.
    pub fn header(mut self, row: ModifierRow) -> ContentModifierStep {
        self.headers.push(row);
        self
    }

    /// Adds any property table row.
    pub fn exchange_property(mut self, row: ModifierRow) -> ContentModifierStep {
        self.exchange_properties.push(row);
        self
    }

    /// Sets the body (`wrapContent`) and its `bodyType` (`constant` or `expression`).
    pub fn body(mut self, text: &str, body_type: &str) -> ContentModifierStep {
        self.body = Some((text.to_owned(), body_type.to_owned()));
        self
    }

    /// Sets any step property (replacing a default or a table in place, or appending it).
    pub fn property(mut self, key: &str, value: &str) -> ContentModifierStep {
        self.overrides.set(key, value);
        self
    }
}

impl From<ContentModifierStep> for FlowStep {
    fn from(step: ContentModifierStep) -> FlowStep {
        let table = |rows: &[ModifierRow]| rows.iter().map(ModifierRow::render).collect::<String>();
        let (body, body_type) = step.body.unwrap_or_else(|| (String::new(), "expression".to_owned()));
        let mut properties = Properties::of(&[
            ("bodyType", &body_type),
            ("propertyTable", &table(&step.exchange_properties)),
            ("headerTable", &table(&step.headers)),
            ("wrapContent", &body),
            ("componentVersion", "1.5"),
            ("activityType", "Enricher"),
            ("cmdVariantUri", "ctype::FlowstepVariant/cname::Enricher/version::1.5.1"),
        ]);
        properties.apply(&step.overrides);
        FlowStep { name: step.name, shape: StepShape::CallActivity, properties }
    }
}

/// The condition of a router route: its `expressionType` and `conditionExpression`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteCondition {
    pub(super) expression_type: String,
    pub(super) expression: String,
}

impl RouteCondition {
    /// An XPath condition (`expressionType=XML`), e.g. `/order/status = 'OPEN'`.
    pub fn xml(xpath: &str) -> RouteCondition {
        RouteCondition { expression_type: "XML".to_owned(), expression: xpath.to_owned() }
    }

    /// A Camel Simple condition (`expressionType=NonXML`), e.g. `${header.type} = 'ORDER'`.
    pub fn non_xml(expression: &str) -> RouteCondition {
        RouteCondition { expression_type: "NonXML".to_owned(), expression: expression.to_owned() }
    }
}

/// A Router step: routes with conditions and steps, and an optional default route.
///
/// Each route runs its steps and then continues with what follows the router: the next step of
/// the same list (all routes join there), or, when the router is the last step of a list that
/// ends, an End event of its own per route.
///
/// ```
/// use cpi_bundle::{FlowStep, RouteCondition};
/// let router = FlowStep::router("Route by type")
///     .route("Orders", RouteCondition::non_xml("${header.type} = 'ORDER'"), vec![
///         FlowStep::content_modifier("Order body").body("order", "constant").into(),
///     ])
///     .route("Open", RouteCondition::xml("/order/status = 'OPEN'"), vec![])
///     .default_route("Other", vec![FlowStep::xml_to_json("To JSON")]);
/// # let _ = router;
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use]
pub struct RouterStep {
    name: String,
    routes: Vec<RouteSpec>,
    overrides: Properties,
}

impl RouterStep {
    fn new(name: &str) -> RouterStep {
        RouterStep { name: name.to_owned(), routes: Vec::new(), overrides: Properties::default() }
    }

    /// Adds a route with a condition, taken in the order added.
    pub fn route(mut self, name: &str, condition: RouteCondition, steps: Vec<FlowStep>) -> RouterStep {
        self.routes.push(RouteSpec { name: name.to_owned(), condition: Some(condition), steps });
        self
    }

    /// Sets the default route (the gateway's `default` flow, without a condition), replacing an
    /// earlier one.
    pub fn default_route(mut self, name: &str, steps: Vec<FlowStep>) -> RouterStep {
        self.routes.retain(|route| route.condition.is_some());
        self.routes.push(RouteSpec { name: name.to_owned(), condition: None, steps });
        self
    }

    /// Sets a gateway property (e.g. `throwException`).
    pub fn property(mut self, key: &str, value: &str) -> RouterStep {
        self.overrides.set(key, value);
        self
    }
}

impl From<RouterStep> for FlowStep {
    fn from(step: RouterStep) -> FlowStep {
        let mut properties = Properties::of(&[
            ("componentVersion", "1.1"),
            ("activityType", "ExclusiveGateway"),
            ("cmdVariantUri", "ctype::FlowstepVariant/cname::ExclusiveGateway/version::1.1.2"),
            ("throwException", "false"),
        ]);
        properties.apply(&step.overrides);
        FlowStep { name: step.name, shape: StepShape::Router(step.routes), properties }
    }
}
