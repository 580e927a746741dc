//! Permissions: the scope local names that Cloud Integration checks, as they appear in tokens
//! (`it!b<N>.WebToolingWorkspace.Read`). Names follow SAP's tasks-and-permissions table.

use std::fmt;

macro_rules! permissions {
    ($($variant:ident => $name:literal,)+) => {
        /// One permission (scope local name) of the Cloud Integration application.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Permission { $($variant,)+ }

        impl Permission {
            /// Every permission, in declaration order.
            pub const ALL: &'static [Permission] = &[$(Permission::$variant,)+];

            /// The scope local name, e.g. `WebToolingWorkspace.Read`.
            pub fn as_str(self) -> &'static str {
                match self { $(Permission::$variant => $name,)+ }
            }

            /// Parses a scope local name (exact, case-sensitive as in tokens).
            pub fn from_scope_name(name: &str) -> Option<Self> {
                match name { $($name => Some(Permission::$variant),)+ _ => None }
            }
        }
    };
}

permissions! {
    CatalogOverviewRead => "WebToolingCatalog.OverviewRead",
    CatalogDetailsRead => "WebToolingCatalog.DetailsRead",
    WorkspaceRead => "WebToolingWorkspace.Read",
    WorkspaceWrite => "WebToolingWorkspace.Write",
    IntegrationFlowConfigure => "WebTooling.IntegrationFlowConfigure",
    WorkspaceRuntimeConfigure => "WebToolingWorkspace.RuntimeConfigure",
    NodeManagerRead => "NodeManager.read",
    GenerationAndBuild => "GenerationAndBuild.generationandbuildcontent",
    DeployContent => "NodeManager.deploycontent",
    TransportRead => "TransportModule.read",
    TransportWrite => "TransportModule.write",
    PartnerDirectoryRead => "TenantPartnerDirectory.read",
    PartnerDirectoryWrite => "TenantPartnerDirectory.write",
    DeployCredentials => "NodeManager.deploycredentials",
    ReadCredentials => "NodeManager.readcredentials",
    CertificateUserMappingsRead => "CertificateUserMappings.Read",
    CertificateUserMappingsWrite => "CertificateUserMappings.Write",
    ArtifactLocksRead => "WorkspaceArtifactLocks.Read",
    ArtifactLocksDelete => "WorkspaceArtifactLocks.Delete",
    MonitoringRead => "IntegrationOperationServer.read",
    MessageStorageRead => "esbmessagestorage.read",
    RolesRead => "Roles.Read",
    RolesEdit => "Roles.Write",
    DeploySecurityContent => "NodeManager.deploysecuritycontent",
    ReadSecurityContent => "NodeManager.readsecuritycontent",
    AccessPoliciesRead => "AccessPolicies.Read",
    AccessPoliciesWrite => "AccessPolicies.Write",
    AccessPoliciesAccessAll => "AccessPoliciesArtifacts.AccessAll",
    DataStoreRead => "ESBDataStore.read",
    DataStoreReadPayload => "ESBDataStore.readPayload",
    DataStoreDelete => "ESBDataStore.delete",
    DataStoreConfig => "ESBDataStore.Config",
    DataStoreActivate => "ESBDataStore.Activate",
    DataStoreRetry => "ESBDataStore.retry",
    RuntimeParameterRead => "ConfigurationService.RuntimeBusinessParameterRead",
    RuntimeParameterWrite => "ConfigurationService.RuntimeBusinessParameterWrite",
    ProcessingLocksRead => "MessageProcessingLocks.Read",
    ProcessingLocksDelete => "MessageProcessingLocks.Delete",
    ExternalLoggingActivate => "ExternalLogging.Activate",
    ExternalLoggingRead => "ExternalLoggingActivation.Read",
    AuditLogRead => "AuditLog.Read",
    HealthCheckRead => "HealthCheckMonitoringData.Read",
    ResourceUsageRead => "ResourceUsageData.Read",
    TenantSettingsSave => "WebToolingSettingsProductProfiles.savetenantconfiguration",
    DesignGuidelinesConfigure => "WorkspaceDesignGuidelines.Configure",
    DataArchivingRead => "DataArchiving.Read",
    DataArchivingActivate => "DataArchiving.Activate",
    CellCockpitRead => "IntegrationCellOperationCockpit.Read",
    CellCockpitWrite => "IntegrationCellOperationCockpit.Write",
    AuthGroupReadOnly => "AuthGroup.ReadOnly",
    AuthGroupBusinessExpert => "AuthGroup.BusinessExpert",
    AuthGroupIntegrationDeveloper => "AuthGroup.IntegrationDeveloper",
    AuthGroupAdministrator => "AuthGroup.Administrator",
    AuthGroupContentPublisher => "AuthGroup.ContentPublisher",
}

impl fmt::Display for Permission {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A set of permissions, as a bit set (cheap to copy and to test on every request).
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct PermissionSet(u128);

impl PermissionSet {
    /// The empty set.
    pub const EMPTY: PermissionSet = PermissionSet(0);

    fn bit(permission: Permission) -> u128 {
        1u128 << (permission as u32)
    }

    /// Adds one permission.
    pub fn insert(&mut self, permission: Permission) {
        self.0 |= Self::bit(permission);
    }

    /// Adds every permission of another set.
    pub fn extend(&mut self, other: PermissionSet) {
        self.0 |= other.0;
    }

    /// Whether the set holds the permission.
    pub fn contains(self, permission: Permission) -> bool {
        self.0 & Self::bit(permission) != 0
    }

    /// Whether the set is empty.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The permissions in the set, in declaration order.
    pub fn iter(self) -> impl Iterator<Item = Permission> {
        Permission::ALL.iter().copied().filter(move |p| self.contains(*p))
    }
}

impl FromIterator<Permission> for PermissionSet {
    fn from_iter<I: IntoIterator<Item = Permission>>(iter: I) -> Self {
        let mut set = PermissionSet::EMPTY;
        for permission in iter {
            set.insert(permission);
        }
        set
    }
}

impl fmt::Debug for PermissionSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter().map(Permission::as_str)).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_permission_fits_the_bit_set_and_round_trips() {
        assert!(Permission::ALL.len() <= 128);
        for p in Permission::ALL {
            assert_eq!(Permission::from_scope_name(p.as_str()), Some(*p));
            let set: PermissionSet = [*p].into_iter().collect();
            assert!(set.contains(*p));
            assert_eq!(set.iter().count(), 1);
        }
    }
}
