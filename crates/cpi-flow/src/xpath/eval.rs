//! Evaluates a parsed expression over a [`Document`], with XPath 1.0 semantics for node-set
//! comparisons, positions in predicates and document order.

use std::cell::Cell;

use super::XPathError;
use super::document::{Document, NodeId, NodeKind};
use super::functions::{Call, call};
use super::syntax::{Axis, BinaryOp, Expr, LocationPath, NodeTest, Step};
use super::value::Value;

/// The context of an evaluation: the node, its position and the size of its node-set.
#[derive(Debug, Clone, Copy)]
pub(super) struct Context {
    pub(super) node: NodeId,
    pub(super) position: usize,
    pub(super) size: usize,
}

/// How many nodes one evaluation may visit (against pathological expressions like
/// `//*/following::*` on a large document).
const NODE_VISIT_BUDGET: usize = 50_000_000;

/// Evaluates expressions over one document.
#[derive(Debug)]
pub(super) struct Evaluator<'d> {
    document: &'d Document,
    /// Node visits left.
    budget: Cell<usize>,
}

impl<'d> Evaluator<'d> {
    /// An evaluator with a fresh budget.
    pub(super) fn new(document: &'d Document) -> Self {
        Self::with_budget(document, NODE_VISIT_BUDGET)
    }

    fn with_budget(document: &'d Document, budget: usize) -> Self {
        Self { document, budget: Cell::new(budget) }
    }

    fn spend(&self, visits: usize) -> Result<(), XPathError> {
        let left = self.budget.get().checked_sub(visits).ok_or_else(|| {
            XPathError::Evaluation(format!("the expression visits more than {NODE_VISIT_BUDGET} nodes"))
        })?;
        self.budget.set(left);
        Ok(())
    }

    /// The value of `expression` in `context`.
    pub(super) fn evaluate(&self, expression: &Expr, context: Context) -> Result<Value, XPathError> {
        match expression {
            Expr::Number(number) => Ok(Value::Number(*number)),
            Expr::Literal(text) => Ok(Value::Text(text.clone())),
            Expr::Call(function, arguments) => {
                let arguments =
                    arguments.iter().map(|argument| self.evaluate(argument, context)).collect::<Result<Vec<_>, _>>()?;
                let document = self.document;
                call(
                    *function,
                    &Call { document, node: context.node, position: context.position, size: context.size, arguments },
                )
            }
            Expr::Chain(first, rest) => self.chain(first, rest, context),
            Expr::Negate(operand) => Ok(Value::Number(-self.evaluate(operand, context)?.to_number(self.document))),
            Expr::Union(parts) => {
                let mut nodes = Vec::new();
                for part in parts {
                    nodes.extend(self.node_set(part, context, "the operands of '|'")?);
                }
                Ok(Value::Nodes(sorted(nodes)))
            }
            Expr::Path(path) => self.path(path, context).map(Value::Nodes),
            Expr::Filter { primary, predicates, steps } => {
                let mut nodes = self.node_set(primary, context, "a value with predicates or steps")?;
                for predicate in predicates {
                    nodes = self.filter(nodes, predicate)?;
                }
                self.steps(nodes, steps).map(Value::Nodes)
            }
        }
    }

    fn node_set(&self, expression: &Expr, context: Context, what: &str) -> Result<Vec<NodeId>, XPathError> {
        match self.evaluate(expression, context)? {
            Value::Nodes(nodes) => Ok(nodes),
            _ => Err(XPathError::Evaluation(format!("{what} must be node-sets"))),
        }
    }

    fn chain(&self, first: &Expr, rest: &[(BinaryOp, Expr)], context: Context) -> Result<Value, XPathError> {
        let mut value = self.evaluate(first, context)?;
        for (operator, operand) in rest {
            value = match operator {
                BinaryOp::Or if value.to_boolean() => Value::Boolean(true),
                BinaryOp::And if !value.to_boolean() => Value::Boolean(false),
                BinaryOp::Or | BinaryOp::And => Value::Boolean(self.evaluate(operand, context)?.to_boolean()),
                _ => {
                    let right = self.evaluate(operand, context)?;
                    if let (Value::Nodes(left_nodes), Value::Nodes(right_nodes)) = (&value, &right) {
                        self.spend(left_nodes.len().saturating_mul(right_nodes.len()))?;
                    }
                    self.binary(*operator, &value, &right)
                }
            };
        }
        Ok(value)
    }

    fn binary(&self, operator: BinaryOp, left: &Value, right: &Value) -> Value {
        let number = |value: &Value| value.to_number(self.document);
        match operator {
            BinaryOp::Add => Value::Number(number(left) + number(right)),
            BinaryOp::Subtract => Value::Number(number(left) - number(right)),
            BinaryOp::Multiply => Value::Number(number(left) * number(right)),
            BinaryOp::Divide => Value::Number(number(left) / number(right)),
            BinaryOp::Modulo => Value::Number(number(left) % number(right)),
            comparison => Value::Boolean(self.compare(comparison, left, right)),
        }
    }

    /// XPath 1.0 comparison: a node-set compares true if any of its nodes does.
    fn compare(&self, operator: BinaryOp, left: &Value, right: &Value) -> bool {
        let texts =
            |nodes: &[NodeId]| nodes.iter().map(|&id| Value::Text(self.document.string_value(id))).collect::<Vec<_>>();
        match (left, right) {
            (Value::Nodes(nodes), Value::Boolean(_)) => {
                self.compare_atomic(operator, &Value::Boolean(!nodes.is_empty()), right)
            }
            (Value::Boolean(_), Value::Nodes(nodes)) => {
                self.compare_atomic(operator, left, &Value::Boolean(!nodes.is_empty()))
            }
            (Value::Nodes(left_nodes), Value::Nodes(right_nodes)) => {
                let right_texts = texts(right_nodes);
                texts(left_nodes).iter().any(|l| right_texts.iter().any(|r| self.compare_atomic(operator, l, r)))
            }
            (Value::Nodes(nodes), other) => texts(nodes).iter().any(|text| self.compare_atomic(operator, text, other)),
            (other, Value::Nodes(nodes)) => texts(nodes).iter().any(|text| self.compare_atomic(operator, other, text)),
            _ => self.compare_atomic(operator, left, right),
        }
    }

    fn compare_atomic(&self, operator: BinaryOp, left: &Value, right: &Value) -> bool {
        let document = self.document;
        let equal = || match (left, right) {
            (Value::Boolean(_), _) | (_, Value::Boolean(_)) => left.to_boolean() == right.to_boolean(),
            (Value::Number(_), _) | (_, Value::Number(_)) => left.to_number(document) == right.to_number(document),
            _ => left.to_text(document) == right.to_text(document),
        };
        let (l, r) = (left.to_number(document), right.to_number(document));
        match operator {
            BinaryOp::Equal => equal(),
            BinaryOp::NotEqual => !equal(),
            BinaryOp::Less => l < r,
            BinaryOp::LessOrEqual => l <= r,
            BinaryOp::Greater => l > r,
            BinaryOp::GreaterOrEqual => l >= r,
            _ => false,
        }
    }

    fn path(&self, path: &LocationPath, context: Context) -> Result<Vec<NodeId>, XPathError> {
        let start = if path.absolute { self.document.root() } else { context.node };
        self.steps(vec![start], &path.steps)
    }

    fn steps(&self, mut nodes: Vec<NodeId>, steps: &[Step]) -> Result<Vec<NodeId>, XPathError> {
        for step in steps {
            let mut next = Vec::new();
            for &node in &nodes {
                let axis = self.axis(node, step.axis);
                self.spend(axis.len())?;
                let mut candidates: Vec<NodeId> =
                    axis.into_iter().filter(|&id| self.matches(id, step.axis, &step.test)).collect();
                for predicate in &step.predicates {
                    candidates = self.filter(candidates, predicate)?;
                }
                next.extend(candidates);
            }
            nodes = sorted(next);
        }
        Ok(nodes)
    }

    /// Keeps the nodes for which the predicate holds; a number is compared with the position.
    fn filter(&self, nodes: Vec<NodeId>, predicate: &Expr) -> Result<Vec<NodeId>, XPathError> {
        let size = nodes.len();
        let mut kept = Vec::new();
        for (index, node) in nodes.into_iter().enumerate() {
            let context = Context { node, position: index + 1, size };
            let keep = match self.evaluate(predicate, context)? {
                Value::Number(number) => number == (index + 1) as f64,
                other => other.to_boolean(),
            };
            if keep {
                kept.push(node);
            }
        }
        Ok(kept)
    }

    /// The nodes of an axis, in axis order (reverse axes nearest first).
    fn axis(&self, id: NodeId, axis: Axis) -> Vec<NodeId> {
        let node = self.document.node(id);
        match axis {
            Axis::Child => node.children.clone(),
            Axis::Attribute => node.attributes.clone(),
            Axis::SelfNode => vec![id],
            Axis::Parent => node.parent.into_iter().collect(),
            Axis::Descendant => self.descendants(id),
            Axis::DescendantOrSelf => std::iter::once(id).chain(self.descendants(id)).collect(),
            Axis::Ancestor => self.ancestors(id),
            Axis::AncestorOrSelf => std::iter::once(id).chain(self.ancestors(id)).collect(),
            Axis::FollowingSibling | Axis::PrecedingSibling => {
                if matches!(node.kind, NodeKind::Attribute(..)) {
                    return Vec::new();
                }
                let siblings = node.parent.map(|parent| self.document.node(parent).children.as_slice()).unwrap_or(&[]);
                let at = siblings.iter().position(|&sibling| sibling == id).unwrap_or(0);
                if axis == Axis::FollowingSibling {
                    siblings[at + 1..].to_vec()
                } else {
                    siblings[..at].iter().rev().copied().collect()
                }
            }
            Axis::Following => {
                let end = self.subtree_end(id);
                (end + 1..self.document.node_count()).filter(|&other| !self.is_attribute(other)).collect()
            }
            Axis::Preceding => {
                let ancestors = self.ancestors(id);
                (1..id).rev().filter(|other| !ancestors.contains(other) && !self.is_attribute(*other)).collect()
            }
        }
    }

    fn is_attribute(&self, id: NodeId) -> bool {
        matches!(self.document.node(id).kind, NodeKind::Attribute(..))
    }

    /// The last node of the subtree of `id` (itself if it has no children).
    fn subtree_end(&self, id: NodeId) -> NodeId {
        let mut end = id;
        while let Some(&last) = self.document.node(end).children.last() {
            end = last;
        }
        end
    }

    fn descendants(&self, id: NodeId) -> Vec<NodeId> {
        let mut found = Vec::new();
        let mut pending: Vec<NodeId> = self.document.node(id).children.iter().rev().copied().collect();
        while let Some(next) = pending.pop() {
            found.push(next);
            pending.extend(self.document.node(next).children.iter().rev());
        }
        found
    }

    fn ancestors(&self, id: NodeId) -> Vec<NodeId> {
        std::iter::successors(self.document.node(id).parent, |&parent| self.document.node(parent).parent).collect()
    }

    fn matches(&self, id: NodeId, axis: Axis, test: &NodeTest) -> bool {
        let kind = &self.document.node(id).kind;
        let name = match (kind, axis == Axis::Attribute) {
            (NodeKind::Attribute(name, _), true) | (NodeKind::Element(name), false) => Some(name),
            _ => None,
        };
        match test {
            NodeTest::AnyNode => true,
            NodeTest::Text => matches!(kind, NodeKind::Text(_)),
            NodeTest::Nothing => false,
            NodeTest::AnyName => name.is_some(),
            NodeTest::AnyInNamespace(uri) => name.is_some_and(|name| name.namespace.as_deref() == Some(uri.as_str())),
            NodeTest::Name { namespace, local } => name.is_some_and(|name| {
                name.local == *local
                    && match namespace {
                        Some(uri) => name.namespace.as_deref() == Some(uri.as_str()),
                        // Lenient: an unprefixed step also matches elements in a default namespace.
                        None => name.namespace.is_none() || (axis != Axis::Attribute && !name.prefixed),
                    }
            }),
        }
    }
}

/// Document order without duplicates.
fn sorted(mut nodes: Vec<NodeId>) -> Vec<NodeId> {
    nodes.sort_unstable();
    nodes.dedup();
    nodes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xpath::parser::parse;

    #[test]
    fn the_visit_budget_stops_pathological_expressions() {
        let xml = format!("<r>{}</r>", "<a/>".repeat(100));
        let document = Document::parse(xml.as_bytes()).unwrap();
        let context = Context { node: document.root(), position: 1, size: 1 };
        let expression = parse("count(//*/following::*)", &[]).unwrap();
        let generous = Evaluator::with_budget(&document, 100_000);
        assert_eq!(generous.evaluate(&expression, context).unwrap(), Value::Number(99.0));
        let error = Evaluator::with_budget(&document, 1_000).evaluate(&expression, context).unwrap_err();
        assert_eq!(error, XPathError::Evaluation(format!("the expression visits more than {NODE_VISIT_BUDGET} nodes")));
    }
}
