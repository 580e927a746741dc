//! The parsed form of an XPath expression.

use super::functions::Function;

/// An expression.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Expr {
    Number(f64),
    Literal(String),
    Call(Function, Vec<Expr>),
    /// `first op second op third …`, all operators of one precedence level, left to right.
    Chain(Box<Expr>, Vec<(BinaryOp, Expr)>),
    Negate(Box<Expr>),
    /// `a | b | …`.
    Union(Vec<Expr>),
    Path(LocationPath),
    /// A primary expression with predicates and/or further steps: `(//a)[1]/b`.
    Filter {
        primary: Box<Expr>,
        predicates: Vec<Expr>,
        steps: Vec<Step>,
    },
}

/// A binary operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum BinaryOp {
    Or,
    And,
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    Add,
    Subtract,
    Multiply,
    Divide,
    Modulo,
}

/// `/a/b`, `a/b` or `//a`.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct LocationPath {
    pub(super) absolute: bool,
    pub(super) steps: Vec<Step>,
}

/// One step: axis, node test, predicates.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Step {
    pub(super) axis: Axis,
    pub(super) test: NodeTest,
    pub(super) predicates: Vec<Expr>,
}

impl Step {
    /// `descendant-or-self::node()`, what `//` stands for.
    pub(super) fn descendant_or_self() -> Self {
        Step { axis: Axis::DescendantOrSelf, test: NodeTest::AnyNode, predicates: Vec::new() }
    }
}

/// An axis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Axis {
    Child,
    Descendant,
    DescendantOrSelf,
    Parent,
    Ancestor,
    AncestorOrSelf,
    FollowingSibling,
    PrecedingSibling,
    Following,
    Preceding,
    Attribute,
    SelfNode,
}

impl Axis {
    /// The axis of a name written before `::`.
    pub(super) fn from_name(name: &str) -> Option<Axis> {
        Some(match name {
            "child" => Axis::Child,
            "descendant" => Axis::Descendant,
            "descendant-or-self" => Axis::DescendantOrSelf,
            "parent" => Axis::Parent,
            "ancestor" => Axis::Ancestor,
            "ancestor-or-self" => Axis::AncestorOrSelf,
            "following-sibling" => Axis::FollowingSibling,
            "preceding-sibling" => Axis::PrecedingSibling,
            "following" => Axis::Following,
            "preceding" => Axis::Preceding,
            "attribute" => Axis::Attribute,
            "self" => Axis::SelfNode,
            _ => return None,
        })
    }
}

/// What a step keeps.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum NodeTest {
    /// `*`: any element (any attribute on the attribute axis).
    AnyName,
    /// `p:*`: any name in a namespace.
    AnyInNamespace(String),
    /// A name; `namespace` is the URI of the path's prefix, `None` if written without one.
    Name { namespace: Option<String>, local: String },
    /// `text()`.
    Text,
    /// `node()`.
    AnyNode,
    /// `comment()` and `processing-instruction()`: the tree keeps neither, so nothing matches.
    Nothing,
}
