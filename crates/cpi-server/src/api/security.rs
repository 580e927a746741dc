//! The SecurityContent service, and the partner directory's user credentials, on top of the
//! generic read: the sources of its sets and navigations, the permission each read needs, and
//! the dispatch of its writes to [`credentials`](super::credentials), [`keystore`](super::keystore),
//! [`access_policies`](super::access_policies) and [`partner_credentials`](super::partner_credentials).

use axum::http::Method;

use cpi_odata::ODataError;
use cpi_odata::model::EntitySet;
use cpi_odata::query::{BinaryOp, Expr, Literal, QueryOptions};
use cpi_store::EntitySource;

use super::target::{EntityRef, Key};
use super::{ApiRequest, ApiResult, access_policies, credentials, keystore, method_not_allowed, partner_credentials};
use crate::http::authz::{
    AccessPoliciesRead, Authorized, MonitoringRead, PartnerDirectoryRead, SecurityMaterialDownload,
};
use crate::http::errors::TenantError;
use crate::principal::Principal;
use crate::state::AppState;

/// The custom option that picks a keystore (`KeystoreEntries?keystoreName=system`).
pub const KEYSTORE_OPTION: &str = "keystoreName";
/// The tenant keystore.
pub const SYSTEM_KEYSTORE: &str = "system";
/// Keystores a tenant has (SAP's enumeration of `keystoreName`).
const KEYSTORES: [&str; 4] = [SYSTEM_KEYSTORE, "backup_admin_system", "KeyRenewal", "KeyHistory"];

/// Every entity set this module serves.
const SETS: [&str; 16] = [
    "UserCredentials",
    "SecureParameters",
    "OAuth2ClientCredentials",
    "KeystoreEntries",
    "HistoryKeystoreEntries",
    "ChainCertificates",
    "CertificateResources",
    "CertificateChainResources",
    "SSHKeyResources",
    "CertificateSigningRequests",
    "Keystores",
    "KeystoreResources",
    "CertificateUserMappings",
    "AccessPolicies",
    "ArtifactReferences",
    "UserCredentialParameters",
];

/// Whether an entity set belongs to this module.
pub fn serves(set: &str) -> bool {
    SETS.contains(&set)
}

/// The keystore a request names with `keystoreName` (default `system`); 400 for unknown names.
pub fn keystore_name(query: &QueryOptions) -> Result<String, TenantError> {
    match query.custom(KEYSTORE_OPTION) {
        None => Ok(SYSTEM_KEYSTORE.to_owned()),
        Some(name) if KEYSTORES.contains(&name) => Ok(name.to_owned()),
        Some(other) => Err(ODataError::BadRequest(format!("Keystore name '{other}' is invalid.")).into()),
    }
}

/// The source of a set of this module addressed from the service root, or `None` for other sets
/// (and for the parts of keystore entries this server does not store).
pub fn root_source(set: &EntitySet, query: &QueryOptions) -> Result<Option<EntitySource>, TenantError> {
    Ok(Some(match set.name {
        "UserCredentials" => EntitySource::UserCredentials,
        "SecureParameters" => EntitySource::SecureParameters,
        "OAuth2ClientCredentials" => EntitySource::OAuth2ClientCredentials,
        "KeystoreEntries" => EntitySource::KeystoreEntries { keystore: keystore_name(query)? },
        // Replaced key pairs are kept in the history keystore; this server never replaces one.
        "HistoryKeystoreEntries" => EntitySource::KeystoreEntries { keystore: "KeyHistory".to_owned() },
        "CertificateResources" => EntitySource::CertificateResources { keystore: keystore_name(query)? },
        "Keystores" => EntitySource::Keystores,
        "CertificateUserMappings" => EntitySource::CertificateUserMappings,
        "AccessPolicies" => EntitySource::AccessPolicies,
        "ArtifactReferences" => EntitySource::ArtifactReferences { policy: None },
        "UserCredentialParameters" => EntitySource::UserCredentialParameters,
        _ => return Ok(None),
    }))
}

/// The source of a navigation of this module's sets, or `None`.
pub fn navigation_source(parent_set: &str, parent_id: &str, navigation: &str) -> Option<EntitySource> {
    Some(match (parent_set, navigation) {
        ("Keystores", "Entries") => EntitySource::KeystoreEntries { keystore: parent_id.to_owned() },
        ("KeystoreEntries", "Certificate") => {
            EntitySource::CertificateResources { keystore: SYSTEM_KEYSTORE.to_owned() }
        }
        ("AccessPolicies", "ArtifactReferences") => EntitySource::ArtifactReferences { policy: parent_id.parse().ok() },
        _ => return None,
    })
}

/// The read permission of this module's sets: security material is monitoring data, a keystore
/// download needs SecurityMaterialDownload, access policies and partner credentials their own.
pub fn authorize_read(set: &EntitySet, principal: Principal) -> Result<Principal, TenantError> {
    Ok(match set.name {
        "AccessPolicies" | "ArtifactReferences" => Authorized::<AccessPoliciesRead>::check(principal)?.principal,
        "UserCredentialParameters" => Authorized::<PartnerDirectoryRead>::check(principal)?.principal,
        "KeystoreResources" => Authorized::<SecurityMaterialDownload>::check(principal)?.principal,
        _ => Authorized::<MonitoringRead>::check(principal)?.principal,
    })
}

/// SAP reads `UserCredentialParameters` only by partner: `$filter=Pid eq '…'`, nothing else.
pub fn check_collection_query(set: &EntitySet, query: &QueryOptions) -> Result<(), TenantError> {
    if set.name != "UserCredentialParameters" {
        return Ok(());
    }
    let by_partner = matches!(
        &query.filter,
        Some(Expr::Binary { op: BinaryOp::Eq, left, right })
            if matches!(left.as_ref(), Expr::Property(path) if path.len() == 1 && path[0] == "Pid")
                && matches!(right.as_ref(), Expr::Literal(Literal::String(_)))
    );
    if by_partner {
        return Ok(());
    }
    Err(ODataError::BadRequest(
        "This filter is not supported in UserCredentialParameters query. Only filters of the form \
         \"$filter=Pid eq 'partnerId1'\" are supported."
            .into(),
    )
    .into())
}

/// `POST` to a collection of this module.
pub async fn create(
    state: &AppState,
    request: ApiRequest,
    set: &'static EntitySet,
    parent: Option<EntityRef>,
) -> ApiResult {
    let ApiRequest { principal, body, .. } = request;
    match (set.name, parent) {
        ("UserCredentials" | "SecureParameters" | "OAuth2ClientCredentials", None) => {
            credentials::create(state, Authorized::check(principal)?, set, &body).await
        }
        ("CertificateUserMappings", None) => {
            keystore::map_certificate(state, Authorized::check(principal)?, &body).await
        }
        ("AccessPolicies", None) => access_policies::create(state, Authorized::check(principal)?, &body).await,
        ("ArtifactReferences", parent) => {
            access_policies::add_reference(state, Authorized::check(principal)?, parent.as_ref(), &body).await
        }
        ("UserCredentialParameters", None) => {
            partner_credentials::put(state, Authorized::check(principal)?, &body).await
        }
        _ => Err(method_not_allowed(&Method::POST)),
    }
}

/// `PUT`, `PATCH`/`MERGE` and `DELETE` of an entity of this module.
pub async fn entity_write(state: &AppState, request: ApiRequest, entity: EntityRef) -> ApiResult {
    let ApiRequest { method, principal, body, query, .. } = request;
    let set = entity.set.name;
    match (method.as_str(), set) {
        ("PUT", "UserCredentials" | "SecureParameters" | "OAuth2ClientCredentials") => {
            credentials::update(state, Authorized::check(principal)?, &entity, &body).await
        }
        ("DELETE", "UserCredentials" | "SecureParameters" | "OAuth2ClientCredentials") => {
            credentials::delete(state, Authorized::check(principal)?, &entity).await
        }
        ("DELETE", "KeystoreEntries") => {
            keystore::delete_entry(state, Authorized::check(principal)?, &entity, &query).await
        }
        ("PUT", "KeystoreEntries") => {
            Authorized::<crate::http::authz::SecurityMaterialEdit>::check(principal)?;
            Err(ODataError::NotImplemented("Renaming keystore entries is not supported by this server.".into()).into())
        }
        ("DELETE", "CertificateUserMappings") => {
            keystore::unmap_certificate(state, Authorized::check(principal)?, &entity.key).await
        }
        ("PATCH" | "MERGE", "AccessPolicies") => {
            access_policies::update(state, Authorized::check(principal)?, &entity.key, &body).await
        }
        ("DELETE", "AccessPolicies") => {
            access_policies::delete(state, Authorized::check(principal)?, &entity.key).await
        }
        ("DELETE", "ArtifactReferences") => {
            access_policies::delete_reference(state, Authorized::check(principal)?, &entity.key).await
        }
        ("DELETE", "UserCredentialParameters") => {
            partner_credentials::delete(state, Authorized::check(principal)?, &entity.key).await
        }
        _ => Err(method_not_allowed(&method)),
    }
}

/// `PUT Set(key)/$value` of this module: a certificate upload.
pub async fn put_value(state: &AppState, request: ApiRequest, entity: EntityRef) -> ApiResult {
    match entity.set.name {
        "CertificateResources" => {
            let ApiRequest { principal, body, query, .. } = request;
            keystore::put_certificate(state, Authorized::check(principal)?, &entity.key, &query, &body).await
        }
        _ => Err(method_not_allowed(&request.method)),
    }
}

/// The numeric `Id` of a key (`AccessPolicies(101)`, also `('101')`), or a 400.
pub fn numeric_id(key: &Key) -> Result<i64, TenantError> {
    let literal = key.values.iter().find(|(name, _)| *name == "Id").map(|(_, value)| value);
    match literal {
        Some(Literal::Integer(n)) => Ok(*n),
        Some(Literal::String(text)) => {
            text.parse().map_err(|_| ODataError::BadRequest(format!("Unknown literal: '{text}'.")).into())
        }
        _ => Err(ODataError::BadRequest("The key must give Id as a number.".into()).into()),
    }
}
