//! The Content Modifier: header rows, then property rows, then the body, each value computed
//! from the message as it is at that point.

use super::{ExchangeScope, RunContext, StepFailure};
use crate::compile::{ContentModifier, ModifierRow, RowAction, RowSource};
use crate::message::Message;
use crate::message::name_matches;

const SIMPLE_EXCEPTION: &str = "org.apache.camel.language.simple.types.SimpleIllegalSyntaxException";

/// Applies a Content Modifier to the message.
pub(super) fn apply(
    modifier: &ContentModifier,
    message: &mut Message,
    context: &RunContext,
    exception: Option<&str>,
    step_id: &str,
) -> Result<(), StepFailure> {
    for row in &modifier.headers {
        match row.action {
            RowAction::Delete => message.headers.retain(|name| !name_matches(&row.name, name)),
            RowAction::Create => {
                let value = row_value(row, message, context, exception, step_id)?;
                message.headers.set(&row.name, value);
            }
        }
    }
    for row in &modifier.properties {
        match row.action {
            RowAction::Delete => message.properties.retain(|name| !name_matches(&row.name, name)),
            RowAction::Create => {
                let value = row_value(row, message, context, exception, step_id)?;
                message.properties.set(&row.name, value);
            }
        }
    }
    if let Some(body) = &modifier.body {
        let scope = ExchangeScope::new(message, context, exception);
        let text = body.evaluate(&scope).map_err(|e| StepFailure::at(step_id, SIMPLE_EXCEPTION, e.to_string()))?;
        message.body = text.into_bytes();
    }
    Ok(())
}

fn row_value(
    row: &ModifierRow,
    message: &Message,
    context: &RunContext,
    exception: Option<&str>,
    step_id: &str,
) -> Result<String, StepFailure> {
    let scope = ExchangeScope::new(message, context, exception);
    let found = match &row.source {
        RowSource::Constant(value) => Some(value.clone()),
        RowSource::Header(name) => message.headers.get(name).map(str::to_owned),
        RowSource::Property(name) => message.properties.get(name).map(str::to_owned),
        RowSource::Expression(expression) => {
            Some(expression.evaluate(&scope).map_err(|e| StepFailure::at(step_id, SIMPLE_EXCEPTION, e.to_string()))?)
        }
        RowSource::XPath(xpath) => {
            let value = xpath.evaluate(&message.body).map_err(|e| {
                StepFailure::at(step_id, "net.sf.saxon.trans.XPathException", format!("{} ({})", e, row.name))
            })?;
            Some(value.to_text())
        }
    };
    Ok(match found {
        Some(value) if !value.is_empty() => value,
        _ => row.default.clone().unwrap_or_default(),
    })
}
