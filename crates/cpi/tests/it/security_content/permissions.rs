//! One 403 per permission the security content needs, each naming the missing permission, and
//! the role templates that grant them (as SAP's permissions table maps them).

use serde_json::json;

use super::{RSA_PEM, RawClient, error_message};
use crate::harness::TestServer;
use crate::wire::{ACCEPT_JSON, Api, CONTENT_JSON};

#[track_caller]
fn forbidden(response: &crate::wire::Wire, permission: &str) {
    let message = error_message(response, 403, "Forbidden");
    assert!(message.contains(permission), "{message} should name {permission}");
}

#[tokio::test]
async fn every_operation_needs_its_permission() {
    let server = TestServer::start().await;
    let designer = Api::new(&server, "designer", &["WorkspacePackagesRead"]).await;
    let monitor = Api::new(&server, "monitor", &["MonitoringDataRead"]).await;
    let credentials = Api::new(&server, "credentials", &["MonitoringDataRead", "CredentialsEdit"]).await;
    let policy_reader = Api::new(&server, "policies", &["AccessPoliciesRead"]).await;

    // Reading security material needs MonitoringDataRead (IntegrationOperationServer.read).
    for target in [
        "UserCredentials",
        "SecureParameters",
        "OAuth2ClientCredentials",
        "KeystoreEntries",
        "Keystores('system')",
        "CertificateUserMappings",
    ] {
        forbidden(&designer.get(target).await, "IntegrationOperationServer.read");
    }
    // Credential writes need CredentialsEdit (NodeManager.deploycredentials).
    let user = json!({"Name": "u", "Kind": "default", "User": "x", "Password": "p"});
    forbidden(&monitor.post("UserCredentials", &user).await, "NodeManager.deploycredentials");
    forbidden(
        &monitor.post("SecureParameters", &json!({"Name": "s", "SecureParam": "v"})).await,
        "NodeManager.deploycredentials",
    );
    let put = monitor.call("PUT", "OAuth2ClientCredentials('o')", &[ACCEPT_JSON, CONTENT_JSON], Some("{}")).await;
    forbidden(&put, "NodeManager.deploycredentials");
    forbidden(
        &monitor.call("DELETE", "UserCredentials('u')", &[ACCEPT_JSON], None).await,
        "NodeManager.deploycredentials",
    );
    assert_eq!(credentials.post("UserCredentials", &user).await.status, 202, "CredentialsEdit grants it");
    assert_eq!(credentials.get("UserCredentials").await.status, 200);

    // Keystore and certificate-mapping writes need SecurityMaterialEdit (NodeManager.deploysecuritycontent).
    let raw = RawClient::new(&server, "raw-credentials", &["MonitoringDataRead", "CredentialsEdit"]).await;
    let upload = raw.send("PUT", "CertificateResources('6162')/$value", "text/plain", RSA_PEM).await;
    forbidden(&upload, "NodeManager.deploysecuritycontent");
    forbidden(
        &credentials.call("DELETE", "KeystoreEntries('6162')", &[ACCEPT_JSON], None).await,
        "NodeManager.deploysecuritycontent",
    );
    let mapping = json!({"User": "u", "Certificate": crate::wire::b64(RSA_PEM)});
    forbidden(&credentials.post("CertificateUserMappings", &mapping).await, "NodeManager.deploysecuritycontent");
    let admin = RawClient::new(&server, "raw-admin", &["AuthGroup_Administrator"]).await;
    assert_eq!(admin.send("PUT", "CertificateResources('6162')/$value", "text/plain", RSA_PEM).await.status, 204);

    // Access policies: AccessPoliciesRead to read, AccessPoliciesEdit to change.
    forbidden(&monitor.get("AccessPolicies").await, "AccessPolicies.Read");
    forbidden(&monitor.get("ArtifactReferences").await, "AccessPolicies.Read");
    assert_eq!(policy_reader.get("AccessPolicies").await.status, 200);
    forbidden(&policy_reader.post("AccessPolicies", &json!({"RoleName": "R"})).await, "AccessPolicies.Write");
    let patch = policy_reader.call("PATCH", "AccessPolicies(1)", &[ACCEPT_JSON, CONTENT_JSON], Some("{}")).await;
    forbidden(&patch, "AccessPolicies.Write");

    // The partner directory's user credentials: TenantPartnerDirectory.read / .write.
    let by_partner = "UserCredentialParameters?$filter=Pid%20eq%20'P'";
    forbidden(&monitor.get(by_partner).await, "TenantPartnerDirectory.read");
    let parameter = json!({"Pid": "P", "Id": "I", "User": "u", "Password": "p"});
    forbidden(&monitor.post("UserCredentialParameters", &parameter).await, "TenantPartnerDirectory.write");
    let partners = Api::new(&server, "partners", &["AuthGroup_TenantPartnerDirectoryConfigurator"]).await;
    assert_eq!(partners.post("UserCredentialParameters", &parameter).await.status, 201);
    assert_eq!(partners.get(by_partner).await.status, 200);
}

#[tokio::test]
async fn personas_grant_what_sap_lists() {
    let server = TestServer::start().await;
    let developer = RawClient::new(&server, "developer", &["AuthGroup_IntegrationDeveloper"]).await;
    let user = br#"{"Name": "dev", "Kind": "default", "User": "x", "Password": "p"}"#;
    assert_eq!(developer.send("POST", "UserCredentials", "application/json", user).await.status, 202);
    let upload = developer.send("PUT", "CertificateResources('6162')/$value", "text/plain", RSA_PEM).await;
    forbidden(&upload, "NodeManager.deploysecuritycontent");
    let read_only = Api::new(&server, "read-only", &["AuthGroup_ReadOnly"]).await;
    assert_eq!(read_only.get("UserCredentials").await.status, 200);
    assert_eq!(read_only.get("AccessPolicies").await.status, 200);
    forbidden(&read_only.post("AccessPolicies", &json!({"RoleName": "R"})).await, "AccessPolicies.Write");
}
