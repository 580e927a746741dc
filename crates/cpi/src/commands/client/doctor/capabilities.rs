//! What each client command needs, and what a token's scopes allow: the pure part of
//! `cpi doctor`. The permissions are those the tenant checks (SAP's task table); the role
//! templates to add come from the domain's template table.

use cpi_domain::role::templates_granting;
use cpi_domain::{Permission, PermissionSet, effective_permissions};
use serde::Serialize;

/// A group of commands and the permission they need.
#[derive(Debug, Clone, Copy)]
pub struct Capability {
    /// The commands, as a user types them.
    pub commands: &'static str,
    /// The permission the tenant checks.
    pub permission: Permission,
}

/// Every client command group (reads first), with its permission.
pub const CAPABILITIES: &[Capability] = &[
    Capability {
        commands: "package list/show/export, artifact list/show/download/resources, artifact config get, backup, diff",
        permission: Permission::WorkspaceRead,
    },
    Capability {
        commands: "package create/delete/import, artifact upload/delete/save-as-version, restore",
        permission: Permission::WorkspaceWrite,
    },
    Capability { commands: "artifact config set", permission: Permission::IntegrationFlowConfigure },
    Capability { commands: "deploy", permission: Permission::GenerationAndBuild },
    Capability { commands: "undeploy", permission: Permission::DeployContent },
    Capability {
        commands: "runtime list/show, endpoint list, mpl list/show/error/attachments/tail",
        permission: Permission::MonitoringRead,
    },
    Capability { commands: "mpl attachment (payloads)", permission: Permission::MessageStorageRead },
    Capability {
        commands: "credential/secure-parameter/oauth2-credential list, keystore list",
        permission: Permission::MonitoringRead,
    },
    Capability {
        commands: "credential/secure-parameter/oauth2-credential create/delete",
        permission: Permission::DeployCredentials,
    },
    Capability { commands: "partner list/params", permission: Permission::PartnerDirectoryRead },
    Capability { commands: "partner set/unset/delete", permission: Permission::PartnerDirectoryWrite },
];

/// What a token carries.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Grants {
    /// API permission scope names (`WebToolingWorkspace.Read`, …) found in the token.
    pub permissions: Vec<String>,
    /// Runtime roles (`ESBMessaging.send`, …) of an `integration-flow` key.
    pub runtime_roles: Vec<String>,
    /// Scopes that are neither.
    pub other: Vec<String>,
}

/// Splits a token's scopes: `<app>.<name>` where the app is `it!b…` (API) or `it-rt-…!b…`
/// (runtime). App names contain no dot, so the name is what follows the first one.
pub fn grants_of(scopes: &[String]) -> Grants {
    let mut grants = Grants::default();
    for scope in scopes {
        match scope.split_once('.') {
            Some((app, name)) if app.starts_with("it-rt-") || app.starts_with("it-rt!") => {
                grants.runtime_roles.push(name.to_owned())
            }
            Some((_, name)) if Permission::from_scope_name(name).is_some() => grants.permissions.push(name.to_owned()),
            _ => grants.other.push(scope.clone()),
        }
    }
    grants
}

/// The effective permission set of the grants (the `AuthGroup.*` personas expanded).
pub fn permission_set(grants: &Grants) -> PermissionSet {
    let mut set = PermissionSet::EMPTY;
    for name in &grants.permissions {
        if let Some(permission) = Permission::from_scope_name(name) {
            set.insert(permission);
        }
    }
    effective_permissions(set)
}

/// One row of the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CapabilityCheck {
    /// The commands.
    pub commands: String,
    /// The permission needed.
    pub permission: String,
    /// Whether the token has it.
    pub allowed: bool,
    /// Role templates that grant it (to add to the instance's `roles`), when missing.
    pub add_one_of: Vec<String>,
}

/// Checks every capability against a permission set.
pub fn check_capabilities(granted: PermissionSet) -> Vec<CapabilityCheck> {
    CAPABILITIES
        .iter()
        .map(|capability| {
            let allowed = granted.contains(capability.permission);
            let add_one_of = if allowed {
                Vec::new()
            } else {
                templates_granting(capability.permission)
                    .into_iter()
                    .filter(|t| !t.name.starts_with("AuthGroup_"))
                    .map(|t| t.name.to_owned())
                    .collect()
            };
            CapabilityCheck {
                commands: capability.commands.to_owned(),
                permission: capability.permission.as_str().to_owned(),
                allowed,
                add_one_of,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_split_into_permissions_and_runtime_roles() {
        let scopes = vec![
            "it!b1234.WebToolingWorkspace.Read".to_owned(),
            "it-rt-acme!b55.ESBMessaging.send".to_owned(),
            "uaa.resource".to_owned(),
        ];
        let grants = grants_of(&scopes);
        assert_eq!(grants.permissions, vec!["WebToolingWorkspace.Read"]);
        assert_eq!(grants.runtime_roles, vec!["ESBMessaging.send"]);
        assert_eq!(grants.other, vec!["uaa.resource"]);
    }

    #[test]
    fn a_read_only_key_is_told_which_template_to_add_for_writes() {
        let grants = grants_of(&["it!b1.WebToolingWorkspace.Read".to_owned()]);
        let checks = check_capabilities(permission_set(&grants));
        assert!(checks[0].allowed);
        let write = checks.iter().find(|c| c.permission == "WebToolingWorkspace.Write").unwrap();
        assert!(!write.allowed);
        assert!(write.add_one_of.contains(&"WorkspacePackagesEdit".to_owned()), "{write:?}");
        let deploy = checks.iter().find(|c| c.commands == "deploy").unwrap();
        assert!(deploy.add_one_of.contains(&"WorkspaceArtifactsDeploy".to_owned()), "{deploy:?}");
    }
}
