//! The domain of `cpi`: the local BTP subaccount, the `it-rt` offering and its plans, instance
//! and key parameters, client identities and secrets, role templates, permissions, personas,
//! role collections and users. Pure data and rules: no I/O, no async, no clock, no randomness.

pub mod content;
pub mod credentials;
pub mod error;
pub mod message_store;
pub mod monitoring;
pub mod name;
pub mod partner;
pub mod permission;
pub mod plan;
pub mod role;
pub mod schema;
pub mod subaccount;
pub mod user;

pub use credentials::{ClientSecret, OAuthCredentials, ServiceKeyCredentials, clone_client_id, format_createdate};
pub use error::{NameError, ParameterError};
pub use name::ResourceName;
pub use permission::{Permission, PermissionSet};
pub use plan::{
    GrantType, InstanceParameters, KeyParameters, KeyType, OFFERING_DESCRIPTION, OFFERING_DISPLAY_NAME, OFFERING_NAME,
    Plan,
};
pub use role::{
    ROLE_TEMPLATES, RoleTemplate, effective_permissions, permissions_of_templates, personas_granting, role_template,
    templates_granting,
};
pub use subaccount::Subaccount;
pub use user::RoleCollection;
