//! Users of a subaccount's identity provider and the role collections SAP ships for
//! Cloud Integration, so that the `password` grant and Basic auth of an IdP user work.

use serde::{Deserialize, Serialize};

use crate::permission::PermissionSet;
use crate::plan::DEFAULT_SENDER_ROLE;
use crate::role::Persona;

/// A role collection a user can be given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RoleCollection {
    /// `PI_Administrator`: tenant administrator persona.
    #[serde(rename = "PI_Administrator")]
    Administrator,
    /// `PI_Integration_Developer`: integration developer persona.
    #[serde(rename = "PI_Integration_Developer")]
    IntegrationDeveloper,
    /// `PI_Business_Expert`: business expert persona.
    #[serde(rename = "PI_Business_Expert")]
    BusinessExpert,
    /// `PI_Read_Only`: read-only persona.
    #[serde(rename = "PI_Read_Only")]
    ReadOnly,
    /// `PI_Integration_Sender`: role template MessagingSend, i.e. runtime role `ESBMessaging.send`.
    #[serde(rename = "PI_Integration_Sender")]
    IntegrationSender,
    /// `Subaccount Administrator`: manages the subaccount in the cockpit (instances, keys, users);
    /// grants no tenant permissions.
    #[serde(rename = "Subaccount Administrator")]
    SubaccountAdministrator,
}

impl RoleCollection {
    /// Every role collection.
    pub const ALL: [RoleCollection; 6] = [
        RoleCollection::Administrator,
        RoleCollection::IntegrationDeveloper,
        RoleCollection::BusinessExpert,
        RoleCollection::ReadOnly,
        RoleCollection::IntegrationSender,
        RoleCollection::SubaccountAdministrator,
    ];

    /// The collection's name.
    pub fn name(self) -> &'static str {
        match self {
            RoleCollection::Administrator => "PI_Administrator",
            RoleCollection::IntegrationDeveloper => "PI_Integration_Developer",
            RoleCollection::BusinessExpert => "PI_Business_Expert",
            RoleCollection::ReadOnly => "PI_Read_Only",
            RoleCollection::IntegrationSender => "PI_Integration_Sender",
            RoleCollection::SubaccountAdministrator => "Subaccount Administrator",
        }
    }

    /// Parses a collection name.
    pub fn from_name(name: &str) -> Option<Self> {
        RoleCollection::ALL.into_iter().find(|c| c.name() == name)
    }

    /// What it is for, in a few words.
    pub fn description(self) -> &'static str {
        match self {
            RoleCollection::Administrator => "Tenant administrator: monitoring, security material, deploy, operations",
            RoleCollection::IntegrationDeveloper => {
                "Integration developer: design, configure, deploy and monitor content"
            }
            RoleCollection::BusinessExpert => "Business expert: read content and monitoring, including payloads",
            RoleCollection::ReadOnly => "Read-only access to content and monitoring",
            RoleCollection::IntegrationSender => "Send messages to integration flows (role ESBMessaging.send)",
            RoleCollection::SubaccountAdministrator => {
                "Manage the subaccount in the cockpit: service instances, keys, users (no tenant access)"
            }
        }
    }

    fn persona(self) -> Option<Persona> {
        match self {
            RoleCollection::Administrator => Some(Persona::Administrator),
            RoleCollection::IntegrationDeveloper => Some(Persona::IntegrationDeveloper),
            RoleCollection::BusinessExpert => Some(Persona::BusinessExpert),
            RoleCollection::ReadOnly => Some(Persona::ReadOnly),
            RoleCollection::IntegrationSender | RoleCollection::SubaccountAdministrator => None,
        }
    }

    /// The role templates of the persona behind the collection (none for the others).
    pub fn persona_templates(self) -> &'static [&'static str] {
        self.persona().map(Persona::role_templates).unwrap_or_default()
    }

    /// The API permissions (scopes of the `it` application) the collection grants.
    pub fn api_permissions(self) -> PermissionSet {
        self.persona().map(Persona::permissions).unwrap_or_default()
    }

    /// The runtime user roles (scopes of the `it-rt` application) the collection grants.
    pub fn runtime_roles(self) -> &'static [&'static str] {
        match self {
            RoleCollection::IntegrationSender => &[DEFAULT_SENDER_ROLE],
            _ => &[],
        }
    }
}

/// The API permissions of a set of role collections.
pub fn api_permissions_of(collections: &[RoleCollection]) -> PermissionSet {
    let mut set = PermissionSet::EMPTY;
    for collection in collections {
        set.extend(collection.api_permissions());
    }
    set
}

/// The runtime user roles of a set of role collections.
pub fn runtime_roles_of(collections: &[RoleCollection]) -> Vec<String> {
    collections.iter().flat_map(|c| c.runtime_roles().iter().map(|r| (*r).to_owned())).collect()
}

/// Whether a user name is acceptable: 1–128 printable characters without spaces or `:`.
pub fn is_valid_username(name: &str) -> bool {
    !name.is_empty() && name.len() <= 128 && name.chars().all(|c| c.is_ascii_graphic() && c != ':')
}
