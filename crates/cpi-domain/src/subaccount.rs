//! A subaccount: one identity zone with its own xsappnames, instances, keys, users and tenant
//! content. One server may host several; bootstrap creates one.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::plan::Plan;

/// A subaccount (identity zone) of the local BTP.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subaccount {
    /// The subaccount id, which is also the zone id (`zid` in tokens).
    pub id: Uuid,
    /// The subdomain (`<subdomain>.authentication...`, `zdn` in tokens).
    pub subdomain: String,
    /// The broker number of the `it` application (`it!b<N>`).
    pub api_app_number: u32,
    /// The broker number of the `it-rt-<subdomain>` application.
    pub runtime_app_number: u32,
    /// When it was created.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

impl Subaccount {
    /// The master xsappname of the OData API application: `it!b<N>`.
    pub fn api_xsappname(&self) -> String {
        format!("it!b{}", self.api_app_number)
    }

    /// The master xsappname of the runtime application: `it-rt-<subdomain>!b<N>`.
    pub fn runtime_xsappname(&self) -> String {
        format!("it-rt-{}!b{}", self.subdomain, self.runtime_app_number)
    }

    /// The master xsappname that clients of a plan belong to.
    pub fn xsappname_for(&self, plan: Plan) -> String {
        match plan {
            Plan::Api => self.api_xsappname(),
            Plan::IntegrationFlow => self.runtime_xsappname(),
        }
    }
}

/// Whether a subdomain is acceptable: lowercase letters, digits and inner hyphens, 1–63 chars.
pub fn is_valid_subdomain(subdomain: &str) -> bool {
    let bytes = subdomain.as_bytes();
    !bytes.is_empty()
        && bytes.len() <= 63
        && bytes.iter().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-')
        && bytes[0] != b'-'
        && bytes[bytes.len() - 1] != b'-'
}
