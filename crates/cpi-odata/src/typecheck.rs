//! Checking parsed query options against an entity type before they reach a store: property
//! paths must exist, operands must have comparable types, `and`/`or`/`not` need booleans, and
//! `$select`/`$expand`/`$orderby` must name what the type has. Errors are SAP-style 400s.

use crate::ODataError;
use crate::model::{EdmType, EntityType, ServiceModel};
use crate::query::{BinaryOp, Expr, Function, Literal, OrderBy};

/// The type class of an expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Text,
    Number,
    Boolean,
    Time,
    Binary,
    Null,
}

fn class_of_edm(edm: EdmType) -> Option<Class> {
    match edm {
        EdmType::String => Some(Class::Text),
        EdmType::Boolean => Some(Class::Boolean),
        EdmType::Int32 | EdmType::Int64 => Some(Class::Number),
        EdmType::DateTime | EdmType::DateTimeOffset => Some(Class::Time),
        EdmType::Binary => Some(Class::Binary),
        EdmType::Complex(_) => None,
    }
}

/// Resolves a property path (`A` or `Complex/B`) to its type.
pub fn property_type(path: &[String], entity_type: &EntityType, model: &ServiceModel) -> Result<EdmType, ODataError> {
    let unknown = || {
        ODataError::BadRequest(format!("Property '{}' does not exist in type '{}'.", path.join("/"), entity_type.name))
    };
    let (first, rest) = path.split_first().ok_or_else(unknown)?;
    let mut edm = entity_type.property(first).ok_or_else(unknown)?.edm;
    for segment in rest {
        let EdmType::Complex(name) = edm else { return Err(unknown()) };
        let complex = model.complex_type(name).ok_or_else(unknown)?;
        edm = complex.properties.iter().find(|p| p.name == segment.as_str()).ok_or_else(unknown)?.edm;
    }
    Ok(edm)
}

/// Checks a `$filter` expression: it must be boolean and well-typed.
pub fn check_filter(expr: &Expr, entity_type: &EntityType, model: &ServiceModel) -> Result<(), ODataError> {
    match class(expr, entity_type, model)? {
        Class::Boolean => Ok(()),
        _ => Err(ODataError::BadRequest("The $filter expression must be a boolean condition.".into())),
    }
}

fn class(expr: &Expr, entity_type: &EntityType, model: &ServiceModel) -> Result<Class, ODataError> {
    match expr {
        Expr::Literal(literal) => Ok(literal_class(literal)),
        Expr::Property(path) => {
            let edm = property_type(path, entity_type, model)?;
            class_of_edm(edm).ok_or_else(|| {
                ODataError::BadRequest(format!("The complex property '{}' cannot be used in $filter.", path.join("/")))
            })
        }
        Expr::Not(inner) => expect(class(inner, entity_type, model)?, Class::Boolean, "not").map(|_| Class::Boolean),
        Expr::Binary { op, left, right } => {
            let (l, r) = (class(left, entity_type, model)?, class(right, entity_type, model)?);
            binary_class(*op, l, r)
        }
        Expr::Call { function, args } => {
            let classes = args.iter().map(|a| class(a, entity_type, model)).collect::<Result<Vec<_>, _>>()?;
            call_class(*function, &classes)
        }
    }
}

fn literal_class(literal: &Literal) -> Class {
    match literal {
        Literal::Null => Class::Null,
        Literal::String(_) | Literal::Guid(_) => Class::Text,
        Literal::Boolean(_) => Class::Boolean,
        Literal::Integer(_) | Literal::Decimal(_) => Class::Number,
        Literal::DateTime(_) => Class::Time,
    }
}

fn expect(actual: Class, wanted: Class, context: &str) -> Result<Class, ODataError> {
    if actual == wanted || actual == Class::Null {
        Ok(actual)
    } else {
        Err(ODataError::BadRequest(format!(
            "Operand of '{context}' has the wrong type: expected {wanted:?}, got {actual:?}."
        )))
    }
}

fn binary_class(op: BinaryOp, left: Class, right: Class) -> Result<Class, ODataError> {
    let name = format!("{op:?}").to_lowercase();
    match op {
        BinaryOp::And | BinaryOp::Or => {
            expect(left, Class::Boolean, &name)?;
            expect(right, Class::Boolean, &name)?;
        }
        _ => {
            let comparable = left == right || left == Class::Null || right == Class::Null;
            if !comparable {
                return Err(ODataError::BadRequest(format!(
                    "Operands of '{name}' are not comparable: {left:?} and {right:?}."
                )));
            }
            if left == Class::Binary || right == Class::Binary {
                return Err(ODataError::BadRequest("Binary properties cannot be compared in $filter.".into()));
            }
        }
    }
    Ok(Class::Boolean)
}

fn call_class(function: Function, args: &[Class]) -> Result<Class, ODataError> {
    let name = format!("{function:?}").to_lowercase();
    for arg in args {
        expect(*arg, Class::Text, &name)?;
    }
    Ok(match function {
        Function::SubstringOf | Function::StartsWith | Function::EndsWith => Class::Boolean,
        Function::ToLower | Function::ToUpper | Function::Trim => Class::Text,
        Function::Length | Function::IndexOf => Class::Number,
    })
}

/// Checks `$orderby` paths.
pub fn check_orderby(orderby: &[OrderBy], entity_type: &EntityType, model: &ServiceModel) -> Result<(), ODataError> {
    for item in orderby {
        let edm = property_type(&item.path, entity_type, model)?;
        if matches!(edm, EdmType::Complex(_) | EdmType::Binary) {
            return Err(ODataError::BadRequest(format!("Cannot order by '{}'.", item.path.join("/"))));
        }
    }
    Ok(())
}

/// Checks `$select` paths: properties (or navigation properties) of the type.
pub fn check_select(select: &[Vec<String>], entity_type: &EntityType, model: &ServiceModel) -> Result<(), ODataError> {
    for path in select {
        let is_navigation = path.len() == 1 && entity_type.navigation(&path[0]).is_some();
        if !is_navigation {
            property_type(path, entity_type, model)?;
        }
    }
    Ok(())
}

/// Checks `$expand` paths (one level): navigation properties of the type.
pub fn check_expand(expand: &[Vec<String>], entity_type: &EntityType) -> Result<(), ODataError> {
    for path in expand {
        if path.len() != 1 || entity_type.navigation(&path[0]).is_none() {
            return Err(ODataError::BadRequest(format!(
                "'{}' is not a navigation property of '{}' that can be expanded.",
                path.join("/"),
                entity_type.name
            )));
        }
    }
    Ok(())
}
