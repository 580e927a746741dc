//! Lays the steps of an [`super::IflowBuilder`] flow out as BPMN nodes joined by sequence flows,
//! with unique ids (`CallActivity_N`, `SequenceFlow_N`, …), the receiver channels of its
//! Request-Reply steps, and a grid position per node for the diagram.

use std::collections::BTreeMap;

use super::steps::{FlowStep, Properties, RouteCondition, RouteSpec, StepShape};

/// The event definition child of a start or end event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum EventDefinition {
    /// `<bpmn2:messageEventDefinition/>`.
    Message,
    /// `<bpmn2:errorEventDefinition>` with these properties inside.
    Error(Properties),
}

/// One flow node (event, step or gateway).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Node {
    pub(super) id: String,
    /// BPMN element local name (`startEvent`, `callActivity`, …).
    pub(super) element: &'static str,
    pub(super) name: String,
    pub(super) properties: Properties,
    pub(super) event: Option<EventDefinition>,
    /// The `default` attribute of a gateway.
    pub(super) default_flow: Option<String>,
    pub(super) incoming: Vec<String>,
    pub(super) outgoing: Vec<String>,
    /// Grid column (distance from the start event) and row (branch) for the diagram.
    pub(super) column: usize,
    pub(super) row: usize,
}

/// One sequence flow; router routes carry a name, properties and (except the default) a condition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Edge {
    pub(super) id: String,
    pub(super) name: Option<String>,
    pub(super) source: String,
    pub(super) target: String,
    pub(super) properties: Properties,
    pub(super) condition: Option<String>,
}

/// The nodes and sequence flows of a process or subprocess, in creation order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Container {
    pub(super) nodes: Vec<Node>,
    pub(super) edges: Vec<Edge>,
    /// Number of grid rows used.
    pub(super) rows: usize,
}

/// The receiver channel (message flow) and participant of one Request-Reply step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct ReceiverChannel {
    pub(super) participant_id: String,
    pub(super) system: String,
    pub(super) channel_id: String,
    /// The Request-Reply service task.
    pub(super) source: String,
    pub(super) properties: Properties,
}

/// The exception subprocess of the main process.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Subprocess {
    pub(super) id: String,
    pub(super) body: Container,
}

/// The laid-out flow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct FlowGraph {
    /// The main process; its first node is the message start event.
    pub(super) main: Container,
    pub(super) exception: Option<Subprocess>,
    pub(super) receivers: Vec<ReceiverChannel>,
}

/// Lays out the main process `Start → steps → End` and, if given, the exception subprocess
/// `Error Start → steps → End`.
pub(super) fn lay_out(steps: &[FlowStep], exception: Option<&[FlowStep]>) -> FlowGraph {
    let mut layout = Layout::default();
    let main = layout.process(steps, start_event(false));
    let exception = exception.map(|steps| {
        let id = layout.ids.next("SubProcess");
        Subprocess { id, body: layout.process(steps, start_event(true)) }
    });
    FlowGraph { main, exception, receivers: layout.receivers }
}

/// Per-prefix id counters. Start and end events begin at 2 and participants at 3 (the ids
/// `StartEvent_2`, `EndEvent_2` and `Participant_1`/`_2` of the blank template), message flows
/// at 2 (`MessageFlow_1` is the sender channel).
#[derive(Debug)]
struct IdAllocator(BTreeMap<&'static str, usize>);

impl Default for IdAllocator {
    fn default() -> IdAllocator {
        IdAllocator(BTreeMap::from([("StartEvent", 1), ("EndEvent", 1), ("Participant", 2), ("MessageFlow", 1)]))
    }
}

impl IdAllocator {
    fn next(&mut self, prefix: &'static str) -> String {
        let counter = self.0.entry(prefix).or_insert(0);
        *counter += 1;
        format!("{prefix}_{counter}")
    }
}

/// A sequence flow still to be drawn from node `from` (an index) to the next node created.
#[derive(Debug)]
struct Pending {
    from: usize,
    /// The route, when `from` is a router.
    route: Option<(String, Option<RouteCondition>)>,
    /// The grid row of the branch.
    row: usize,
}

/// What a new node is.
#[derive(Debug)]
struct NodeSpec {
    prefix: &'static str,
    element: &'static str,
    name: String,
    properties: Properties,
    event: Option<EventDefinition>,
}

fn start_event(error: bool) -> NodeSpec {
    if error {
        let inner = Properties::of(&[
            ("cmdVariantUri", "ctype::FlowstepVariant/cname::ErrorStartEvent"),
            ("activityType", "StartErrorEvent"),
        ]);
        return NodeSpec {
            prefix: "StartEvent",
            element: "startEvent",
            name: "Error Start 1".to_owned(),
            properties: Properties::default(),
            event: Some(EventDefinition::Error(inner)),
        };
    }
    NodeSpec {
        prefix: "StartEvent",
        element: "startEvent",
        name: "Start".to_owned(),
        properties: Properties::of(&[
            ("componentVersion", "1.0"),
            ("cmdVariantUri", "ctype::FlowstepVariant/cname::MessageStartEvent/version::1.0"),
        ]),
        event: Some(EventDefinition::Message),
    }
}

#[derive(Debug, Default)]
struct Layout {
    ids: IdAllocator,
    receivers: Vec<ReceiverChannel>,
    end_events: usize,
}

impl Layout {
    fn process(&mut self, steps: &[FlowStep], start: NodeSpec) -> Container {
        let mut container = Container { rows: 1, ..Container::default() };
        let start = self.add_node(&mut container, start, &[]);
        self.list(&mut container, steps, vec![Pending { from: start, route: None, row: 0 }], true);
        container
    }

    /// Adds `steps` after `pending`. When `close`, the list ends in an End event (or in one per
    /// route of a final router) and nothing is returned; otherwise the open ends are returned.
    fn list(
        &mut self,
        container: &mut Container,
        steps: &[FlowStep],
        pending: Vec<Pending>,
        close: bool,
    ) -> Vec<Pending> {
        let mut pending = pending;
        for (position, step) in steps.iter().enumerate() {
            let node = self.add_step(container, step, &pending);
            self.link(container, pending, node);
            let row = container.nodes[node].row;
            pending = match &step.shape {
                StepShape::Router(routes) => {
                    let routes_close = close && position + 1 == steps.len();
                    let open = self.routes(container, node, routes, routes_close);
                    if routes_close {
                        return Vec::new();
                    }
                    open
                }
                _ => vec![Pending { from: node, route: None, row }],
            };
        }
        if !close {
            return pending;
        }
        let end = self.add_end(container, &pending);
        self.link(container, pending, end);
        Vec::new()
    }

    /// Adds the routes of the router `gateway`; the first stays on the router's row.
    fn routes(&mut self, container: &mut Container, gateway: usize, routes: &[RouteSpec], close: bool) -> Vec<Pending> {
        let mut open = Vec::new();
        for (index, route) in routes.iter().enumerate() {
            let row = if index == 0 {
                container.nodes[gateway].row
            } else {
                container.rows += 1;
                container.rows - 1
            };
            let entry = Pending { from: gateway, route: Some((route.name.clone(), route.condition.clone())), row };
            open.extend(self.list(container, &route.steps, vec![entry], close));
        }
        open
    }

    fn add_step(&mut self, container: &mut Container, step: &FlowStep, pending: &[Pending]) -> usize {
        let (prefix, element) = match &step.shape {
            StepShape::CallActivity => ("CallActivity", "callActivity"),
            StepShape::ServiceTask | StepShape::RequestReply(_) => ("ServiceTask", "serviceTask"),
            StepShape::Router(_) => ("ExclusiveGateway", "exclusiveGateway"),
        };
        let spec =
            NodeSpec { prefix, element, name: step.name.clone(), properties: step.properties.clone(), event: None };
        let node = self.add_node(container, spec, pending);
        if let StepShape::RequestReply(receiver) = &step.shape {
            let mut properties = receiver.properties.clone();
            let system = match properties.get("system") {
                Some(system) if !system.is_empty() => system.to_owned(),
                _ => format!("Receiver_{}", self.receivers.len() + 1),
            };
            properties.set("system", &system);
            self.receivers.push(ReceiverChannel {
                participant_id: self.ids.next("Participant"),
                system,
                channel_id: self.ids.next("MessageFlow"),
                source: container.nodes[node].id.clone(),
                properties,
            });
        }
        node
    }

    fn add_end(&mut self, container: &mut Container, pending: &[Pending]) -> usize {
        let name = match self.end_events {
            0 => "End".to_owned(),
            count => format!("End {count}"),
        };
        self.end_events += 1;
        let spec = NodeSpec {
            prefix: "EndEvent",
            element: "endEvent",
            name,
            properties: Properties::of(&[
                ("componentVersion", "1.1"),
                ("cmdVariantUri", "ctype::FlowstepVariant/cname::MessageEndEvent/version::1.1.0"),
            ]),
            event: Some(EventDefinition::Message),
        };
        self.add_node(container, spec, pending)
    }

    /// Adds a node one column right of its furthest predecessor, on the first one's row.
    fn add_node(&mut self, container: &mut Container, spec: NodeSpec, pending: &[Pending]) -> usize {
        let column = pending.iter().map(|edge| container.nodes[edge.from].column + 1).max().unwrap_or(0);
        let row = pending.first().map_or(0, |edge| edge.row);
        container.nodes.push(Node {
            id: self.ids.next(spec.prefix),
            element: spec.element,
            name: spec.name,
            properties: spec.properties,
            event: spec.event,
            default_flow: None,
            incoming: Vec::new(),
            outgoing: Vec::new(),
            column,
            row,
        });
        container.nodes.len() - 1
    }

    /// Draws a sequence flow from every pending end to `target`.
    fn link(&mut self, container: &mut Container, pending: Vec<Pending>, target: usize) {
        let target_id = container.nodes[target].id.clone();
        for edge in pending {
            let id = self.ids.next("SequenceFlow");
            let source = &mut container.nodes[edge.from];
            source.outgoing.push(id.clone());
            let (name, properties, condition) = match edge.route {
                None => (None, Properties::default(), None),
                Some((name, condition)) => {
                    let expression_type = condition.as_ref().map_or("XML", |c| c.expression_type.as_str());
                    let properties = Properties::of(&[
                        ("expressionType", expression_type),
                        ("componentVersion", "1.0"),
                        ("cmdVariantUri", "ctype::FlowstepVariant/cname::GatewayRoute/version::1.0.0"),
                    ]);
                    if condition.is_none() {
                        source.default_flow = Some(id.clone());
                    }
                    (Some(name), properties, condition.map(|c| c.expression))
                }
            };
            let source = source.id.clone();
            container.nodes[target].incoming.push(id.clone());
            container.edges.push(Edge { id, name, source, target: target_id.clone(), properties, condition });
        }
    }
}
