//! Message processing logs on top of the generic read: the sources of the MPL sets, SAP's custom
//! option `filterCustomHeaderProperties`, its rule that Id properties are filtered with `eq`
//! only, and the `$value` of error information (text) and attachments (payloads).

use axum::http::StatusCode;

use cpi_odata::ODataError;
use cpi_odata::model::EntitySet;
use cpi_odata::query::{BinaryOp, Expr, Literal, QueryOptions, parse_filter};
use cpi_store::EntitySource;

use super::read::{key_text, store_failure};
use super::target::Key;
use super::{ApiResponse, ApiResult};
use crate::http::authz::{Authorized, MessagePayloadsRead, MonitoringRead};
use crate::http::errors::TenantError;
use crate::state::AppState;

/// The custom query option that filters logs by their custom header properties, e.g.
/// `filterCustomHeaderProperties='OrderNumber' eq '4711'` (SAP's query-options documentation).
pub const CUSTOM_HEADER_OPTION: &str = "filterCustomHeaderProperties";

/// The source of an MPL entity set addressed from the service root, or `None` for other sets.
pub fn root_source(set: &EntitySet, query: &QueryOptions) -> Result<Option<EntitySource>, TenantError> {
    Ok(Some(match set.name {
        "MessageProcessingLogs" => EntitySource::MessageLogs { custom_headers: custom_header_filter(query)? },
        "MessageProcessingLogAttachments" => EntitySource::MessageLogAttachments { log: None },
        "MessageProcessingLogErrorInformations" => EntitySource::MessageLogErrors,
        "MessageProcessingLogAdapterAttributes" => EntitySource::MessageLogAdapterAttributes { log: None },
        "MessageProcessingLogCustomHeaderProperties" => EntitySource::MessageLogCustomHeaders { log: None },
        "MessageProcessingLogRuns" => EntitySource::MessageLogRuns { log: None },
        _ => return Ok(None),
    }))
}

/// The source of an MPL's navigation, or `None` when it is not an MPL navigation.
pub fn navigation_source(navigation: &str, guid: &str) -> Option<EntitySource> {
    let log = Some(guid.to_owned());
    Some(match navigation {
        "Attachments" => EntitySource::MessageLogAttachments { log },
        "ErrorInformation" => EntitySource::MessageLogErrors,
        "AdapterAttributes" => EntitySource::MessageLogAdapterAttributes { log },
        "CustomHeaderProperties" => EntitySource::MessageLogCustomHeaders { log },
        "Runs" => EntitySource::MessageLogRuns { log },
        _ => return None,
    })
}

/// `filterCustomHeaderProperties`: `'Name' eq 'Value'` conditions joined by `and`. Header names
/// and values are string literals, as SAP writes them.
fn custom_header_filter(query: &QueryOptions) -> Result<Vec<(String, String)>, TenantError> {
    let Some(text) = query.custom(CUSTOM_HEADER_OPTION) else { return Ok(Vec::new()) };
    let bad = || -> TenantError {
        ODataError::BadRequest(format!(
            "Invalid {CUSTOM_HEADER_OPTION}: expected conditions like 'Name' eq 'Value', joined by and."
        ))
        .into()
    };
    let expr = parse_filter(text).map_err(|_| bad())?;
    let mut pairs = Vec::new();
    collect_header_conditions(&expr, &mut pairs).then_some(()).ok_or_else(bad)?;
    Ok(pairs)
}

fn collect_header_conditions(expr: &Expr, pairs: &mut Vec<(String, String)>) -> bool {
    match expr {
        Expr::Binary { op: BinaryOp::And, left, right } => {
            collect_header_conditions(left, pairs) && collect_header_conditions(right, pairs)
        }
        Expr::Binary { op: BinaryOp::Eq, left, right } => match (left.as_ref(), right.as_ref()) {
            (Expr::Literal(Literal::String(name)), Expr::Literal(Literal::String(value))) => {
                pairs.push((name.clone(), value.clone()));
                true
            }
            _ => false,
        },
        _ => false,
    }
}

/// SAP: "For any Id filter use only the 'eq' operator" — on the MPL sets, an id property
/// (`MessageGuid`, `CorrelationId`, `ApplicationMessageId`, `IntegrationArtifact/Id`, …) may
/// only be compared with `eq` (combined freely with `and`/`or`).
pub fn check_id_filters(set: &EntitySet, filter: Option<&Expr>) -> Result<(), TenantError> {
    if !set.name.starts_with("MessageProcessingLog") {
        return Ok(());
    }
    match filter.and_then(non_eq_id_comparison) {
        Some(property) => Err(ODataError::BadRequest(format!(
            "Invalid $filter: the id property {property} can only be filtered with the 'eq' operator."
        ))
        .into()),
        None => Ok(()),
    }
}

/// The first id property compared by something other than `eq`, if any.
fn non_eq_id_comparison(expr: &Expr) -> Option<String> {
    match expr {
        Expr::Binary { op: BinaryOp::And | BinaryOp::Or, left, right } => {
            non_eq_id_comparison(left).or_else(|| non_eq_id_comparison(right))
        }
        Expr::Binary { op: BinaryOp::Eq, .. } => None,
        Expr::Binary { left, right, .. } => id_property(left).or_else(|| id_property(right)),
        Expr::Not(inner) => non_eq_id_comparison(inner).or_else(|| id_property_in(inner)),
        Expr::Call { args, .. } => args.iter().find_map(id_property),
        Expr::Literal(_) | Expr::Property(_) => None,
    }
}

fn id_property_in(expr: &Expr) -> Option<String> {
    match expr {
        Expr::Binary { left, right, .. } => id_property_in(left).or_else(|| id_property_in(right)),
        Expr::Not(inner) => id_property_in(inner),
        Expr::Call { args, .. } => args.iter().find_map(id_property_in),
        other => id_property(other),
    }
}

fn id_property(expr: &Expr) -> Option<String> {
    let Expr::Property(path) = expr else { return None };
    let last = path.last()?;
    (last.ends_with("Id") || last.ends_with("Guid")).then(|| path.join("/"))
}

/// `MessageProcessingLogErrorInformations('guid')/$value`: the error text, as plain text.
pub async fn error_text(state: &AppState, auth: Authorized<MonitoringRead>, key: &Key) -> ApiResult {
    let guid = key_text(key, "MessageGuid")?;
    let text = state.store.mpl_error_text(auth.principal.zone.id, guid).await.map_err(store_failure)?;
    Ok(ApiResponse::Raw {
        status: StatusCode::OK,
        content_type: "text/plain; charset=utf-8".into(),
        filename: None,
        body: text.into_bytes(),
    })
}

/// `MessageProcessingLogAttachments('id')/$value`: the payload with its content type.
pub async fn attachment(state: &AppState, auth: Authorized<MessagePayloadsRead>, key: &Key) -> ApiResult {
    let id = key_text(key, "Id")?;
    let (content_type, body) =
        state.store.mpl_attachment_content(auth.principal.zone.id, id).await.map_err(store_failure)?;
    Ok(ApiResponse::Raw { status: StatusCode::OK, content_type: content_type.into(), filename: None, body })
}

#[cfg(test)]
mod tests {
    use super::*;
    use cpi_odata::query::parse_query;
    use cpi_odata::service;

    fn filter(text: &str) -> Expr {
        parse_filter(text).expect("filter")
    }

    #[test]
    fn custom_header_conditions_are_pairs() {
        let query = parse_query("filterCustomHeaderProperties='OrderNumber'%20eq%20'4711'+and+'Customer'+eq+'ACME'")
            .expect("query");
        let pairs = custom_header_filter(&query).expect("pairs");
        assert_eq!(
            pairs,
            vec![("OrderNumber".to_owned(), "4711".to_owned()), ("Customer".to_owned(), "ACME".to_owned())]
        );
        for bad in ["filterCustomHeaderProperties=OrderNumber eq '1'", "filterCustomHeaderProperties='a' ne 'b'"] {
            let query = parse_query(bad).expect("query");
            assert!(custom_header_filter(&query).is_err(), "{bad}");
        }
    }

    #[test]
    fn id_properties_take_eq_only() {
        let logs = service::message_processing_logs();
        let ok = [
            "IntegrationArtifact/Id eq 'flow1' and Status ne 'DISCARDED'",
            "MessageGuid eq 'a' or CorrelationId eq 'b'",
            "Status eq 'FAILED' and LogEnd gt datetime'2026-01-01T00:00:00'",
        ];
        for text in ok {
            assert!(check_id_filters(logs, Some(&filter(text))).is_ok(), "{text}");
        }
        let refused = [
            "MessageGuid ne 'a'",
            "Status eq 'FAILED' and CorrelationId gt 'x'",
            "startswith(ApplicationMessageId,'PO')",
            "not (IntegrationArtifact/Id eq 'x')",
        ];
        for text in refused {
            assert!(check_id_filters(logs, Some(&filter(text))).is_err(), "{text}");
        }
        let packages = service::integration_packages();
        assert!(check_id_filters(packages, Some(&filter("Id ne 'x'"))).is_ok());
    }
}
