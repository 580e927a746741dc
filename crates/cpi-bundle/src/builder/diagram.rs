//! A minimal `bpmndi:BPMNDiagram` for a laid-out flow: every node on a grid (column = distance
//! from the start event, row = router branch), the exception subprocess below the main flow,
//! receiver participants below their Request-Reply step, and straight edges.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use quick_xml::escape::escape;

use super::graph::{Container, FlowGraph, Node};
use super::iflw_writer::{PROCESS_PARTICIPANT_ID, RECEIVER_PARTICIPANT_ID, SENDER_CHANNEL_ID, SENDER_PARTICIPANT_ID};

const COLUMN_WIDTH: usize = 150;
const ROW_HEIGHT: usize = 120;

/// A shape: top-left corner and size.
#[derive(Debug, Clone, Copy)]
struct Bounds {
    x: usize,
    y: usize,
    width: usize,
    height: usize,
}

impl Bounds {
    /// Bounds of the given size centred on a point.
    fn centred((x, y): (usize, usize), (width, height): (usize, usize)) -> Bounds {
        Bounds { x: x.saturating_sub(width / 2), y: y.saturating_sub(height / 2), width, height }
    }

    fn centre(self) -> (usize, usize) {
        (self.x + self.width / 2, self.y + self.height / 2)
    }

    fn bottom(self) -> usize {
        self.y + self.height
    }
}

/// The diagram section.
pub(super) fn write_diagram(graph: &FlowGraph, has_sender: bool) -> String {
    let shapes = shapes(graph);
    let mut out = String::from(
        "    <bpmndi:BPMNDiagram id=\"BPMNDiagram_1\" name=\"Default Collaboration Diagram\">\n        \
         <bpmndi:BPMNPlane bpmnElement=\"Collaboration_1\" id=\"BPMNPlane_1\">\n",
    );
    for (id, bounds) in &shapes {
        out.push_str(&shape(id, *bounds));
    }
    for (id, source, target) in edges(graph, has_sender) {
        if let (Some(from), Some(to)) = (shapes.get(source), shapes.get(target)) {
            out.push_str(&edge(id, (source, target), (from.centre(), to.centre())));
        }
    }
    out.push_str("        </bpmndi:BPMNPlane>\n    </bpmndi:BPMNDiagram>\n");
    out
}

/// The bounds of every participant, node and subprocess by id.
fn shapes(graph: &FlowGraph) -> BTreeMap<String, Bounds> {
    let mut shapes: BTreeMap<String, Bounds> = BTreeMap::new();
    let columns = columns(&graph.main).max(graph.exception.as_ref().map_or(0, |sub| columns(&sub.body)));
    let mut process_bottom = place_nodes(&graph.main, (300, 160), &mut shapes) + 40;
    if let Some(subprocess) = &graph.exception {
        let sub_bottom = place_nodes(&subprocess.body, (340, process_bottom + 80), &mut shapes);
        let width = COLUMN_WIDTH * columns + 60;
        let bounds = Bounds { x: 280, y: process_bottom, width, height: sub_bottom + 40 - process_bottom };
        shapes.insert(subprocess.id.clone(), bounds);
        process_bottom = bounds.bottom() + 40;
    }
    let process = Bounds { x: 250, y: 60, width: COLUMN_WIDTH * columns + 150, height: process_bottom - 60 };
    shapes.insert(PROCESS_PARTICIPANT_ID.to_owned(), process);
    shapes.insert(SENDER_PARTICIPANT_ID.to_owned(), Bounds { x: 40, y: 100, width: 100, height: 140 });
    let right = process.x + process.width + 100;
    shapes.insert(RECEIVER_PARTICIPANT_ID.to_owned(), Bounds { x: right, y: 100, width: 100, height: 140 });
    for receiver in &graph.receivers {
        let task_x = shapes.get(&receiver.source).map_or(right, |task| task.centre().0);
        let bounds = Bounds::centred((task_x, process.bottom() + 130), (100, 140));
        shapes.insert(receiver.participant_id.clone(), bounds);
    }
    shapes
}

/// Every sequence flow and channel as (id, source, target).
fn edges(graph: &FlowGraph, has_sender: bool) -> Vec<(&str, &str, &str)> {
    let mut edges: Vec<(&str, &str, &str)> = Vec::new();
    for container in std::iter::once(&graph.main).chain(graph.exception.as_ref().map(|sub| &sub.body)) {
        edges.extend(container.edges.iter().map(|e| (e.id.as_str(), e.source.as_str(), e.target.as_str())));
    }
    if has_sender {
        let start = graph.main.nodes.first().map_or("", |node| node.id.as_str());
        edges.push((SENDER_CHANNEL_ID, SENDER_PARTICIPANT_ID, start));
    }
    edges.extend(graph.receivers.iter().map(|r| (r.channel_id.as_str(), r.source.as_str(), r.participant_id.as_str())));
    edges
}

/// Number of grid columns a container uses.
fn columns(container: &Container) -> usize {
    container.nodes.iter().map(|node| node.column + 1).max().unwrap_or(1)
}

/// Places the nodes of a container with the centre of cell (0, 0) at `origin`; returns the
/// lowest y used.
fn place_nodes(container: &Container, (x, y): (usize, usize), shapes: &mut BTreeMap<String, Bounds>) -> usize {
    let mut bottom = y;
    for node in &container.nodes {
        let centre = (x + 16 + COLUMN_WIDTH * node.column, y + ROW_HEIGHT * node.row);
        let bounds = Bounds::centred(centre, node_size(node));
        bottom = bottom.max(bounds.bottom());
        shapes.insert(node.id.clone(), bounds);
    }
    bottom
}

fn node_size(node: &Node) -> (usize, usize) {
    match node.element {
        "startEvent" | "endEvent" => (32, 32),
        "exclusiveGateway" => (40, 40),
        _ => (100, 60),
    }
}

fn shape(id: &str, bounds: Bounds) -> String {
    let id = escape(id);
    format!(
        "            <bpmndi:BPMNShape bpmnElement=\"{id}\" id=\"BPMNShape_{id}\">\n                \
         <dc:Bounds height=\"{}.0\" width=\"{}.0\" x=\"{}.0\" y=\"{}.0\"/>\n            </bpmndi:BPMNShape>\n",
        bounds.height, bounds.width, bounds.x, bounds.y
    )
}

fn edge(id: &str, (source, target): (&str, &str), (from, to): ((usize, usize), (usize, usize))) -> String {
    let (id, source, target) = (escape(id), escape(source), escape(target));
    let mut out = format!(
        "            <bpmndi:BPMNEdge bpmnElement=\"{id}\" id=\"BPMNEdge_{id}\" sourceElement=\"BPMNShape_{source}\" \
         targetElement=\"BPMNShape_{target}\">\n"
    );
    for (x, y) in [from, to] {
        let _ = writeln!(out, "                <di:waypoint x=\"{x}.0\" xsi:type=\"dc:Point\" y=\"{y}.0\"/>");
    }
    out.push_str("            </bpmndi:BPMNEdge>\n");
    out
}
