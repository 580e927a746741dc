use super::*;

fn namespaces() -> Vec<(String, String)> {
    vec![("ns0".to_owned(), "urn:orders".to_owned())]
}

fn parsed(text: &str) -> Expr {
    parse(text, &namespaces()).unwrap_or_else(|e| panic!("{text}: {e}"))
}

fn error(text: &str) -> (usize, String) {
    match parse(text, &namespaces()).unwrap_err() {
        XPathError::Syntax { position, reason } => (position, reason),
        other => panic!("{other}"),
    }
}

fn name(local: &str) -> NodeTest {
    NodeTest::Name { namespace: None, local: local.to_owned() }
}

#[test]
fn abbreviated_paths() {
    let Expr::Path(path) = parsed("//ns0:order/@id") else { panic!() };
    assert!(path.absolute);
    assert_eq!(path.steps.len(), 3);
    assert_eq!(path.steps[0], Step::descendant_or_self());
    assert_eq!(path.steps[1].test, NodeTest::Name { namespace: Some("urn:orders".into()), local: "order".into() });
    assert_eq!(path.steps[2].axis, Axis::Attribute);
    let Expr::Path(path) = parsed("../.") else { panic!() };
    assert_eq!((path.steps[0].axis, path.steps[1].axis), (Axis::Parent, Axis::SelfNode));
    assert_eq!(parsed("/"), Expr::Path(LocationPath { absolute: true, steps: vec![] }));
}

#[test]
fn axes_node_types_and_predicates() {
    let Expr::Path(path) = parsed("ancestor-or-self::*[1]/text()/following-sibling::node()") else { panic!() };
    assert_eq!(path.steps[0].axis, Axis::AncestorOrSelf);
    assert_eq!(path.steps[0].test, NodeTest::AnyName);
    assert_eq!(path.steps[0].predicates, vec![Expr::Number(1.0)]);
    assert_eq!(path.steps[1].test, NodeTest::Text);
    assert_eq!(path.steps[2].test, NodeTest::AnyNode);
    let Expr::Path(path) = parsed("comment() | processing-instruction('x') | ns0:*") else {
        let Expr::Union(parts) = parsed("comment() | processing-instruction('x') | ns0:*") else { panic!() };
        assert_eq!(parts.len(), 3);
        return;
    };
    panic!("{path:?}");
}

#[test]
fn operator_precedence() {
    let Expr::Chain(first, rest) = parsed("a or b and c") else { panic!() };
    assert_eq!(
        *first,
        Expr::Path(LocationPath {
            absolute: false,
            steps: vec![Step { axis: Axis::Child, test: name("a"), predicates: vec![] }]
        })
    );
    assert_eq!(rest.len(), 1);
    assert_eq!(rest[0].0, BinaryOp::Or);
    assert!(matches!(rest[0].1, Expr::Chain(_, ref inner) if inner[0].0 == BinaryOp::And));
    let Expr::Chain(_, rest) = parsed("1 + 2 * 3 - 4") else { panic!() };
    assert_eq!(rest.iter().map(|(op, _)| *op).collect::<Vec<_>>(), vec![BinaryOp::Add, BinaryOp::Subtract]);
    assert_eq!(parsed("--1"), Expr::Negate(Box::new(Expr::Negate(Box::new(Expr::Number(1.0))))));
    assert_eq!(parsed("-(1)"), Expr::Negate(Box::new(Expr::Number(1.0))));
}

#[test]
fn filter_expressions() {
    let Expr::Filter { primary, predicates, steps } = parsed("(//a)[2]//b") else { panic!() };
    assert!(matches!(*primary, Expr::Path(_)));
    assert_eq!(predicates, vec![Expr::Number(2.0)]);
    assert_eq!(steps.len(), 2);
    assert_eq!(parsed("count(a)"), Expr::Call(Function::Count, vec![parsed("a")]));
    assert_eq!(parsed("('x')"), Expr::Literal("x".into()));
}

#[test]
fn errors_name_the_problem_and_position() {
    assert_eq!(error(""), (0, "the expression is empty".to_owned()));
    assert_eq!(error("/a/"), (3, "expected a name, found the end".to_owned()));
    assert_eq!(error("/a]"), (2, "unexpected ']'".to_owned()));
    assert_eq!(error("count(a"), (7, "expected ',' or ')' in the arguments of count(), found the end".to_owned()));
    assert_eq!(error("a[1"), (3, "expected ']', found the end".to_owned()));
    assert!(error("p:a").1.contains("prefix 'p' is not in the namespace mapping"));
    assert_eq!(error("/x/p:*").0, 3);
    assert_eq!(error("/a/namespace::x").1, "the axis 'namespace' is not supported");
    assert!(error("/a/matches(., 'x')").1.contains("matches() is not supported"));
    assert_eq!(error("/a/count(b)"), (3, "the function count() cannot be used as a location step".to_owned()));
    assert_eq!(error("1 + count()").0, 4);
    assert_eq!(error("a = = b"), (4, "expected a value, found '='".to_owned()));
    assert_eq!(error("a and"), (5, "expected a value, found the end".to_owned()));
    assert_eq!(error("text(1)").1, "expected ')', found the number 1");
    assert!(error(&format!("{}1{}", "(".repeat(40), ")".repeat(40))).1.contains("nested deeper"));
    assert!(error(&format!("{}1{}", "a[".repeat(40), "]".repeat(40))).1.contains("nested deeper"));
}

#[test]
fn long_flat_chains_are_not_deep() {
    let text = vec!["1"; 5000].join(" + ");
    let Expr::Chain(_, rest) = parsed(&text) else { panic!() };
    assert_eq!(rest.len(), 4999);
}
