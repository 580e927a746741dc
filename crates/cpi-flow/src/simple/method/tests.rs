use super::*;

fn text(value: &str) -> Argument {
    Argument::Text(value.to_owned())
}

fn apply(name: &str, arguments: &[Argument], value: &str) -> Result<Value, EvalError> {
    let (method, _) = Method::build(name, arguments, Kind::Text).unwrap();
    method.apply(Value::Text(value.to_owned()))
}

fn apply_text(name: &str, arguments: &[Argument], value: &str) -> String {
    apply(name, arguments, value).unwrap().into_text().unwrap()
}

#[test]
fn case_trim_length_and_empty() {
    assert_eq!(apply_text("toUpperCase", &[], "yes"), "YES");
    assert_eq!(apply_text("toLowerCase", &[], "ÄB"), "äb");
    assert_eq!(apply_text("trim", &[], "\t a b \n"), "a b");
    assert_eq!(apply("length", &[], "héllo").unwrap(), Value::Int(5));
    assert_eq!(apply("isEmpty", &[], "").unwrap(), Value::Bool(true));
    assert_eq!(apply_text("toString", &[], "x"), "x");
}

#[test]
fn substring_follows_java() {
    assert_eq!(apply_text("substring", &[Argument::Int(2)], "abcdef"), "cdef");
    assert_eq!(apply_text("substring", &[Argument::Int(1), Argument::Int(3)], "abcdef"), "bc");
    assert_eq!(apply_text("substring", &[Argument::Int(6)], "abcdef"), "");
    assert_eq!(
        apply("substring", &[Argument::Int(2), Argument::Int(9)], "abc").unwrap_err(),
        EvalError::OutOfRange { call: "substring(2,9)".to_owned(), length: 3 }
    );
    assert!(apply("substring", &[Argument::Int(-1)], "abc").is_err());
    assert!(apply("substring", &[Argument::Int(2), Argument::Int(1)], "abc").is_err());
}

#[test]
fn replace_and_regex_replace() {
    assert_eq!(apply_text("replace", &[text("a"), text("o")], "banana"), "bonono");
    assert_eq!(apply_text("replace", &[text("."), text("")], "1.2.3"), "123");
    assert_eq!(apply_text("replaceAll", &[text("[^0-9]"), text("")], "a1-b2"), "12");
    assert_eq!(apply_text("replaceFirst", &[text("\\d"), text("#")], "a1b2"), "a#b2");
}

#[test]
fn searching_methods() {
    assert_eq!(apply("contains", &[text("IFL")], "my IFLOW").unwrap(), Value::Bool(true));
    assert_eq!(apply("startsWith", &[text("ab")], "abc").unwrap(), Value::Bool(true));
    assert_eq!(apply("endsWith", &[text("ab")], "abc").unwrap(), Value::Bool(false));
    assert_eq!(apply("equals", &[text("abc")], "abc").unwrap(), Value::Bool(true));
    assert_eq!(apply("equalsIgnoreCase", &[text("ABC")], "abc").unwrap(), Value::Bool(true));
    assert_eq!(apply("equalsIgnoreCase", &[text("ABCD")], "abc").unwrap(), Value::Bool(false));
    assert_eq!(apply("indexOf", &[text("c")], "äbc").unwrap(), Value::Int(2));
    assert_eq!(apply("indexOf", &[text("z")], "abc").unwrap(), Value::Int(-1));
    assert_eq!(apply("lastIndexOf", &[text("a")], "banana").unwrap(), Value::Int(5));
    assert_eq!(apply_text("concat", &[text("!")], "hi"), "hi!");
}

#[test]
fn split_then_index() {
    let (split, kind) = Method::build("split", &[text(",")], Kind::Text).unwrap();
    assert_eq!(kind, Kind::List);
    let (index, kind) = Method::build_index(1, kind).unwrap();
    assert_eq!(kind, Kind::Text);
    let list = split.apply(Value::Text("a,b".to_owned())).unwrap();
    assert_eq!(index.apply(list.clone()).unwrap(), Value::Text("b".to_owned()));
    let (far, _) = Method::build_index(5, Kind::List).unwrap();
    assert_eq!(far.apply(list).unwrap_err(), EvalError::OutOfRange { call: "[5]".to_owned(), length: 2 });
    assert!(Method::build_index(0, Kind::Text).is_err());
}

#[test]
fn null_stays_null() {
    let (method, _) = Method::build("toUpperCase", &[], Kind::Text).unwrap();
    assert_eq!(method.apply(Value::Null).unwrap(), Value::Null);
    assert_eq!(Value::Null.into_text(), None);
}

#[test]
fn checks_names_arguments_and_receivers() {
    assert!(Method::build("reverse", &[], Kind::Text).unwrap_err().contains("reverse() is not supported"));
    assert_eq!(Method::build("trim", &[text("x")], Kind::Text).unwrap_err(), "trim() takes no arguments");
    assert_eq!(
        Method::build("substring", &[text("x")], Kind::Text).unwrap_err(),
        "substring() takes one or two numbers"
    );
    assert!(Method::build("contains", &[], Kind::Text).unwrap_err().contains("one quoted text"));
    assert!(Method::build("replaceAll", &[text("("), text("")], Kind::Text).unwrap_err().contains("not a valid"));
    assert!(Method::build("trim", &[], Kind::Int).unwrap_err().contains("cannot be called on a number"));
    assert!(Method::build("trim", &[], Kind::List).unwrap_err().contains("a list"));
    assert_eq!(Method::build("toString", &[], Kind::Int).unwrap().1, Kind::Text);
    assert_eq!(Method::build("equals", &[text("3")], Kind::Int).unwrap().1, Kind::Bool);
}

#[test]
fn methods_on_numbers_and_booleans_via_to_string_and_equals() {
    let (equals, _) = Method::build("equals", &[text("3")], Kind::Int).unwrap();
    assert_eq!(equals.apply(Value::Int(3)).unwrap(), Value::Bool(true));
    let (to_string, _) = Method::build("toString", &[], Kind::Bool).unwrap();
    assert_eq!(to_string.apply(Value::Bool(false)).unwrap(), Value::Text("false".to_owned()));
    let (trim, _) = Method::build("trim", &[], Kind::Text).unwrap();
    assert!(matches!(trim.apply(Value::Int(1)), Err(EvalError::WrongReceiver { .. })));
}
