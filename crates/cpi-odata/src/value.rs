//! Entity values: what the store returns and the representations serialize.

use crate::model::{EntitySet, EntityType};

/// A property value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `null`.
    Null,
    /// `Edm.String`.
    String(String),
    /// `Edm.Boolean`.
    Boolean(bool),
    /// `Edm.Int32`.
    Int32(i32),
    /// `Edm.Int64`.
    Int64(i64),
    /// `Edm.DateTime` / `Edm.DateTimeOffset`, as milliseconds since the epoch (UTC).
    DateTime(i64),
    /// `Edm.Binary`.
    Binary(Vec<u8>),
    /// A complex value: its properties in the complex type's order.
    Complex(Vec<Value>),
}

/// One entity: its values in the order of its type's properties, and any expanded navigations.
#[derive(Debug, Clone, PartialEq)]
pub struct Entity {
    /// The entity set it belongs to (gives the type, the URI and the navigations).
    pub set: &'static EntitySet,
    /// Values, one per property of `set.entity_type.properties`, in that order.
    pub values: Vec<Value>,
    /// Expanded navigation properties: name and the entities it leads to.
    pub expanded: Vec<(&'static str, Vec<Entity>)>,
}

impl Entity {
    /// The entity's type.
    pub fn entity_type(&self) -> &'static EntityType {
        self.set.entity_type
    }

    /// A property's value by name.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.set.entity_type.property_index(name).and_then(|i| self.values.get(i))
    }

    /// A string property's text (None for null, other types, or unknown names).
    pub fn text(&self, name: &str) -> Option<&str> {
        match self.get(name) {
            Some(Value::String(s)) => Some(s),
            _ => None,
        }
    }
}
