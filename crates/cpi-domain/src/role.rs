//! Role templates of the `it` application (what an `api` instance's `roles` name), the
//! permissions each grants, and the personas behind the `AuthGroup_*` templates and the
//! role collections SAP ships. Facts: SAP's "Tasks and Permissions" and "Personas" pages.

use crate::permission::{Permission, Permission as P, PermissionSet};

/// A role template that an `api`-plan instance may list in its `roles` parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RoleTemplate {
    /// The name used in instance parameters, e.g. `WorkspacePackagesRead`.
    pub name: &'static str,
    /// What the template lets a client do, in SAP's words.
    pub description: &'static str,
    /// The permissions (scopes) it puts into tokens.
    pub permissions: &'static [Permission],
}

const IOS: Permission = P::MonitoringRead;

macro_rules! templates {
    ($($name:literal, $desc:literal, [$($perm:expr),* $(,)?];)+) => {
        /// Every role template of the `it` application, in SAP's table order.
        pub const ROLE_TEMPLATES: &[RoleTemplate] = &[
            $(RoleTemplate { name: $name, description: $desc, permissions: &[$($perm),*] },)+
        ];
    };
}

templates! {
    "CatalogPackagesRead", "View packages in the Discover catalog", [P::CatalogOverviewRead];
    "CatalogPackageArtifactsRead", "View package artifacts in the Discover catalog", [P::CatalogOverviewRead, P::CatalogDetailsRead];
    "CatalogPackagesCopy", "Copy a catalog package to the workspace", [P::CatalogOverviewRead, P::WorkspaceWrite];
    "WorkspacePackagesRead", "View packages and package artifacts", [P::WorkspaceRead];
    "WorkspacePackagesEdit", "Create, edit, import, export and delete packages with their artifacts", [P::WorkspaceRead, P::WorkspaceWrite];
    "WorkspacePackagesConfigure", "Configure artifacts (integration flows and value mappings)", [P::WorkspaceRead, P::IntegrationFlowConfigure, P::WorkspaceRuntimeConfigure];
    "WorkspaceArtifactsDeploy", "Deploy and undeploy artifacts", [P::WorkspaceRead, P::NodeManagerRead, P::GenerationAndBuild, P::DeployContent, P::WorkspaceRuntimeConfigure];
    "WorkspacePackagesTransport", "Export, import and update packages for transport", [P::WorkspaceRead, P::TransportRead, P::TransportWrite];
    "WorkspaceArtifactLocksRead", "Read design-time artifact locks", [P::WorkspaceRead, P::ArtifactLocksRead];
    "WorkspaceArtifactLocksDelete", "Delete design-time artifact locks", [P::WorkspaceRead, P::ArtifactLocksDelete];
    "WorkspaceDesignGuidelinesConfigure", "Configure design guidelines settings", [P::DesignGuidelinesConfigure];
    "AuthGroup_TenantPartnerDirectoryConfigurator", "Read and write Partner Directory content", [P::PartnerDirectoryRead, P::PartnerDirectoryWrite, P::DeployCredentials, P::ReadCredentials, P::CertificateUserMappingsWrite, P::CertificateUserMappingsRead];
    "MonitoringDataRead", "View message processing logs, deployed artifacts, security material, number ranges and user roles", [IOS, P::NodeManagerRead, P::RolesRead];
    "MonitoringArtifactsDeploy", "Add, edit or undeploy number ranges, and undeploy integration flows", [IOS, P::DeployContent];
    "MessagePayloadsRead", "View payloads of stored messages, traces and log attachments", [P::MessageStorageRead];
    "UserRolesEdit", "Create, edit and delete user roles", [P::RolesEdit];
    "CredentialsEdit", "Add, edit and undeploy credentials", [IOS, P::DeployCredentials, P::DeployContent];
    "CredentialsRead", "Test connectivity with authentication", [IOS, P::ReadCredentials];
    "SecurityMaterialEdit", "Add and undeploy keystores, known hosts, PGP keyrings, keystore entries and certificate-to-user mappings", [IOS, P::DeploySecurityContent, P::DeployContent, P::NodeManagerRead];
    "SecurityMaterialDownload", "Download keystores and other security material", [IOS, P::NodeManagerRead, P::ReadSecurityContent];
    "AccessPoliciesRead", "View access policies", [IOS, P::AccessPoliciesRead];
    "AccessPoliciesEdit", "Maintain access policies", [IOS, P::AccessPoliciesWrite];
    "AccessAllAccessPoliciesArtifacts", "Override access policies (no payload access)", [P::AccessPoliciesAccessAll];
    "DataStoresAndQueuesRead", "View data store entries and queues", [IOS, P::DataStoreRead];
    "DataStorePayloadsRead", "View data store payloads and variables", [IOS, P::DataStoreReadPayload];
    "DataStoresAndQueuesDelete", "Delete data store entries, variables and queues", [IOS, P::DataStoreRead, P::DataStoreDelete];
    "DataStoresAndQueuesConfig", "Configure data stores and queues", [IOS, P::DataStoreConfig];
    "QueuesActivate", "Activate or deactivate queues", [IOS, P::DataStoreActivate];
    "QueuesRetry", "Retry queues", [IOS, P::DataStoreRead, P::DataStoreRetry];
    "MessageProcessingLocksRead", "View runtime processing locks and use the ID Mapper", [IOS, P::ProcessingLocksRead];
    "MessageProcessingLocksDelete", "Delete runtime processing locks", [IOS, P::ProcessingLocksDelete];
    "TraceConfigurationRead", "View trace configuration", [IOS, P::NodeManagerRead, P::RuntimeParameterRead];
    "TraceConfigurationEdit", "Edit trace, log level and archiving configuration", [IOS, P::NodeManagerRead, P::RuntimeParameterRead, P::RuntimeParameterWrite];
    "ExternalLoggingActivate", "Activate external logging", [IOS, P::ExternalLoggingActivate];
    "ExternalLoggingActivationRead", "Read the activation state of external logging", [IOS, P::ExternalLoggingRead];
    "HealthCheckMonitoringDataRead", "Read data metrics for the health check monitoring API", [P::DataStoreRead, P::NodeManagerRead, P::ResourceUsageRead];
    "DataArchivingActivate", "Activate data archiving", [P::DataArchivingActivate];
    "DataArchivingRead", "Read the data archiving enablement", [P::DataArchivingRead];
    "IntegrationCellOperationCockpitRead", "Read-only access to the Edge Integration Cell Operations Cockpit", [P::CellCockpitRead];
    "IntegrationCellOperationCockpitWrite", "Full access to the Edge Integration Cell Operations Cockpit", [P::CellCockpitWrite];
    "AuthGroup_ReadOnly", "Permissions of the read-only persona", [P::AuthGroupReadOnly];
    "AuthGroup_BusinessExpert", "Permissions of the business expert persona", [P::AuthGroupBusinessExpert];
    "AuthGroup_IntegrationDeveloper", "Permissions of the integration developer persona", [P::AuthGroupIntegrationDeveloper];
    "AuthGroup_Administrator", "Permissions of the tenant administrator persona", [P::AuthGroupAdministrator, P::WorkspaceRuntimeConfigure];
    "AuthGroup_ContentPublisher", "Permissions for publishing content to the SAP Business Accelerator Hub", [P::AuthGroupContentPublisher];
}

/// Looks a role template up by its exact name.
pub fn role_template(name: &str) -> Option<&'static RoleTemplate> {
    ROLE_TEMPLATES.iter().find(|t| t.name == name)
}

/// The role templates that grant a permission directly, smallest first (the best advice).
pub fn templates_granting(permission: Permission) -> Vec<&'static RoleTemplate> {
    let mut found: Vec<_> = ROLE_TEMPLATES.iter().filter(|t| t.permissions.contains(&permission)).collect();
    found.sort_by_key(|t| (t.name.starts_with("AuthGroup_"), t.permissions.len()));
    found
}

/// The personas of Cloud Integration. Each `AuthGroup.*` permission stands for its persona's
/// role templates (SAP documents the persona column, not the bundles; we follow it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Persona {
    /// Read-only persona, role collection `PI_Read_Only`.
    ReadOnly,
    /// Business expert persona, role collection `PI_Business_Expert`.
    BusinessExpert,
    /// Integration developer persona, role collection `PI_Integration_Developer`.
    IntegrationDeveloper,
    /// Tenant administrator persona, role collection `PI_Administrator`.
    Administrator,
}

impl Persona {
    /// The role templates the persona's tasks need.
    pub fn role_templates(self) -> &'static [&'static str] {
        match self {
            Persona::ReadOnly => &[
                "CatalogPackagesRead",
                "CatalogPackageArtifactsRead",
                "WorkspacePackagesRead",
                "WorkspaceArtifactLocksRead",
                "MonitoringDataRead",
                "AccessPoliciesRead",
                "DataStoresAndQueuesRead",
                "TraceConfigurationRead",
                "MessageProcessingLocksRead",
                "ExternalLoggingActivationRead",
                "IntegrationCellOperationCockpitRead",
            ],
            Persona::BusinessExpert => &[
                "CatalogPackagesRead",
                "CatalogPackageArtifactsRead",
                "WorkspacePackagesRead",
                "WorkspaceArtifactLocksRead",
                "MonitoringDataRead",
                "DataStoresAndQueuesRead",
                "DataStorePayloadsRead",
                "MessagePayloadsRead",
                "TraceConfigurationRead",
                "TraceConfigurationEdit",
                "ExternalLoggingActivationRead",
                "DataArchivingRead",
                "IntegrationCellOperationCockpitRead",
            ],
            Persona::IntegrationDeveloper => &[
                "CatalogPackagesRead",
                "CatalogPackageArtifactsRead",
                "CatalogPackagesCopy",
                "WorkspacePackagesRead",
                "WorkspacePackagesEdit",
                "WorkspacePackagesConfigure",
                "WorkspaceArtifactsDeploy",
                "WorkspaceArtifactLocksRead",
                "MonitoringDataRead",
                "UserRolesEdit",
                "CredentialsEdit",
                "CredentialsRead",
                "AccessPoliciesRead",
                "DataStoresAndQueuesRead",
                "TraceConfigurationRead",
                "TraceConfigurationEdit",
                "MonitoringArtifactsDeploy",
                "QueuesRetry",
                "MessageProcessingLocksRead",
                "ExternalLoggingActivationRead",
                "DataArchivingRead",
                "IntegrationCellOperationCockpitRead",
            ],
            Persona::Administrator => &[
                "CatalogPackagesRead",
                "CatalogPackageArtifactsRead",
                "WorkspacePackagesRead",
                "WorkspaceArtifactsDeploy",
                "WorkspaceArtifactLocksRead",
                "WorkspaceArtifactLocksDelete",
                "MonitoringDataRead",
                "UserRolesEdit",
                "CredentialsEdit",
                "CredentialsRead",
                "SecurityMaterialEdit",
                "SecurityMaterialDownload",
                "AccessPoliciesRead",
                "AccessPoliciesEdit",
                "DataStoresAndQueuesRead",
                "DataStoresAndQueuesDelete",
                "DataStoresAndQueuesConfig",
                "TraceConfigurationRead",
                "TraceConfigurationEdit",
                "MonitoringArtifactsDeploy",
                "QueuesActivate",
                "QueuesRetry",
                "MessageProcessingLocksRead",
                "MessageProcessingLocksDelete",
                "ExternalLoggingActivate",
                "ExternalLoggingActivationRead",
                "DataArchivingActivate",
                "DataArchivingRead",
                "IntegrationCellOperationCockpitRead",
                "IntegrationCellOperationCockpitWrite",
                "WorkspaceDesignGuidelinesConfigure",
            ],
        }
    }

    /// The role template of the persona, e.g. `AuthGroup_IntegrationDeveloper`.
    pub fn template_name(self) -> &'static str {
        match self {
            Persona::ReadOnly => "AuthGroup_ReadOnly",
            Persona::BusinessExpert => "AuthGroup_BusinessExpert",
            Persona::IntegrationDeveloper => "AuthGroup_IntegrationDeveloper",
            Persona::Administrator => "AuthGroup_Administrator",
        }
    }

    /// The `AuthGroup.*` permission that stands for this persona.
    pub fn auth_group(self) -> Permission {
        match self {
            Persona::ReadOnly => P::AuthGroupReadOnly,
            Persona::BusinessExpert => P::AuthGroupBusinessExpert,
            Persona::IntegrationDeveloper => P::AuthGroupIntegrationDeveloper,
            Persona::Administrator => P::AuthGroupAdministrator,
        }
    }

    /// Every permission the persona's role templates grant, its `AuthGroup.*` included.
    pub fn permissions(self) -> PermissionSet {
        let mut set = permissions_of_templates(self.role_templates().iter().copied());
        set.insert(self.auth_group());
        set
    }
}

const PERSONAS: [Persona; 4] =
    [Persona::ReadOnly, Persona::BusinessExpert, Persona::IntegrationDeveloper, Persona::Administrator];

/// The persona templates (`AuthGroup_*`) whose persona includes a permission.
pub fn personas_granting(permission: Permission) -> Vec<&'static str> {
    PERSONAS.iter().filter(|p| p.permissions().contains(permission)).map(|p| p.template_name()).collect()
}

/// The union of the permissions of named role templates (unknown names are skipped; callers
/// validate names when parameters are accepted).
pub fn permissions_of_templates<'a>(names: impl IntoIterator<Item = &'a str>) -> PermissionSet {
    names.into_iter().filter_map(role_template).flat_map(|t| t.permissions.iter().copied()).collect()
}

/// What a set of granted scopes allows once `AuthGroup.*` permissions are read as their personas.
pub fn effective_permissions(granted: PermissionSet) -> PermissionSet {
    let mut effective = granted;
    for persona in PERSONAS {
        if granted.contains(persona.auth_group()) {
            effective.extend(persona.permissions());
        }
    }
    effective
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn persona_templates_all_exist() {
        for persona in PERSONAS {
            for name in persona.role_templates() {
                assert!(role_template(name).is_some(), "{name}");
            }
        }
    }

    #[test]
    fn monitoring_data_read_lacks_workspace_read_and_smallest_grant_comes_first() {
        let set = permissions_of_templates(["MonitoringDataRead"]);
        assert!(!effective_permissions(set).contains(P::WorkspaceRead));
        assert_eq!(templates_granting(P::WorkspaceRead)[0].name, "WorkspacePackagesRead");
    }

    #[test]
    fn auth_group_developer_reads_and_writes_the_workspace() {
        let set = permissions_of_templates(["AuthGroup_IntegrationDeveloper"]);
        let effective = effective_permissions(set);
        assert!(effective.contains(P::WorkspaceWrite));
        assert!(!effective.contains(P::MessageStorageRead));
    }
}
