//! Security content: credentials (secrets stored as given, never read by the generic read),
//! keystore entries, certificate-to-user mappings, access policies and partner credentials.
//! The reads use the server's own entity types.

use time::OffsetDateTime;

use cpi_odata::model::EntityType;
use cpi_odata::service;
use cpi_odata::value::Value;

use super::entity_types::{all, keys, prop_eq, read, strings};
use super::fixtures::{assert_conflict, assert_not_found, at, given_subaccount, ms};
use crate::{
    AccessPolicyRecord, ArtifactReferenceFields, CertificateDetails, CertificateUserMappingRecord, Credential,
    CredentialKind, Deployed, EntityQuery, EntitySource, KeystoreEntryRecord, OAuth2ClientCredentialRecord,
    PartnerUserCredentialRecord, Sealed, SecureParameterRecord, Store, UserCredentialRecord,
};

fn text(value: &str) -> Value {
    Value::String(value.to_owned())
}

fn sealed(tag: &str) -> Sealed {
    Sealed(format!("sealed:{tag}").into_bytes())
}

fn user_credential(name: &str, on: OffsetDateTime) -> Credential {
    Credential::User(UserCredentialRecord {
        name: name.to_owned(),
        kind: "default".to_owned(),
        description: None,
        user: Some("alice".to_owned()),
        password: Some(sealed(name)),
        company_id: None,
        deployed: Deployed { by: "deployer".to_owned(), on },
    })
}

fn secure_parameter(name: &str, on: OffsetDateTime) -> Credential {
    Credential::SecureParameter(SecureParameterRecord {
        name: name.to_owned(),
        description: Some("a secret".to_owned()),
        value: sealed(name),
        deployed: Deployed { by: "deployer".to_owned(), on },
    })
}

fn oauth2_client(name: &str, on: OffsetDateTime) -> Credential {
    Credential::OAuth2Client(OAuth2ClientCredentialRecord {
        name: name.to_owned(),
        description: None,
        token_service_url: Some("https://tokens.example/oauth/token".to_owned()),
        client_id: Some("client".to_owned()),
        client_secret: Some(sealed(name)),
        client_authentication: Some("header".to_owned()),
        scope: Some("read".to_owned()),
        scope_content_type: Some("urlencoded".to_owned()),
        resource: None,
        audience: None,
        custom_parameters: Some(r#"[{"Key":"a","Value":"b","SendAsPartOf":"body"}]"#.to_owned()),
        deployed: Deployed { by: "deployer".to_owned(), on },
    })
}

/// Every credential set: create, get, conflict on the name, replace, delete, per subaccount.
pub async fn credentials_lifecycle<S: Store>(store: &S) {
    let sub = given_subaccount(store, 1, "acme").await;
    let other = given_subaccount(store, 2, "other").await;
    for make in [user_credential, secure_parameter, oauth2_client] {
        let original = make("smtp", at(1_000));
        let kind = original.kind();
        store.create_credential(sub.id, &original).await.expect("create_credential");
        store.create_credential(other.id, &make("smtp", at(5))).await.expect("the same name in another subaccount");
        assert_eq!(store.get_credential(sub.id, kind, "smtp").await.expect("get_credential"), original, "{kind:?}");
        assert_conflict(store.create_credential(sub.id, &make("smtp", at(2_000))).await, "a taken name", "smtp");
        let changed = make("smtp", at(3_000));
        store.replace_credential(sub.id, &changed).await.expect("replace_credential");
        assert_eq!(store.get_credential(sub.id, kind, "smtp").await.expect("get"), changed, "after replace");
        assert_not_found(store.replace_credential(sub.id, &make("missing", at(1))).await, "replace of a missing name");
        assert_not_found(store.get_credential(sub.id, kind, "missing").await, "get of a missing name");
        store.delete_credential(sub.id, kind, "smtp").await.expect("delete_credential");
        assert_not_found(store.get_credential(sub.id, kind, "smtp").await, "get after delete");
        assert_not_found(store.delete_credential(sub.id, kind, "smtp").await, "delete of a missing name");
        assert!(store.get_credential(other.id, kind, "smtp").await.is_ok(), "the other subaccount keeps its own");
    }
    let user = store.create_credential(sub.id, &user_credential("same", at(1))).await;
    user.expect("a user credential");
    store.create_credential(sub.id, &secure_parameter("same", at(1))).await.expect("sets have their own names");
}

/// Reads of credential sets: rows in the type's order, secrets null, the descriptor complex.
pub async fn credential_reads_leave_secrets_out<S: Store>(store: &S) {
    let sub = given_subaccount(store, 1, "acme").await;
    for credential in [user_credential("b", at(2_000)), user_credential("a", at(1_000))] {
        store.create_credential(sub.id, &credential).await.expect("create");
    }
    store.create_credential(sub.id, &secure_parameter("p", at(3_000))).await.expect("create");
    store.create_credential(sub.id, &oauth2_client("o", at(4_000))).await.expect("create");
    let users =
        read(store, sub.id, &EntitySource::UserCredentials, &all(service::user_credentials().entity_type)).await;
    assert_eq!(keys(&users), strings(&["a", "b"]), "by name");
    let descriptor =
        Value::Complex(vec![text("BUNDLE"), text("deployer"), Value::DateTime(ms(at(1_000))), text("DEPLOYED")]);
    let expected = vec![text("a"), text("default"), Value::Null, text("alice"), Value::Null, Value::Null, descriptor];
    assert_eq!(users.rows[0], expected, "Password reads as null; SecurityArtifactDescriptor is complex");
    let params =
        read(store, sub.id, &EntitySource::SecureParameters, &all(service::secure_parameters().entity_type)).await;
    let expected_param = vec![
        text("p"),
        text("a secret"),
        Value::Null,
        text("deployer"),
        Value::DateTime(ms(at(3_000))),
        text("DEPLOYED"),
    ];
    assert_eq!(params.rows, vec![expected_param], "SecureParam reads as null");
    let clients = service::oauth2_client_credentials().entity_type;
    let rows = read(store, sub.id, &EntitySource::OAuth2ClientCredentials, &all(clients)).await.rows;
    let secret = clients.property_index("ClientSecret").expect("ClientSecret");
    assert_eq!(rows[0][secret], Value::Null, "ClientSecret reads as null");
    assert_eq!(rows[0][clients.property_index("ClientId").expect("ClientId")], text("client"));
}

fn details(serial: &str) -> CertificateDetails {
    CertificateDetails {
        key_type: "RSA".to_owned(),
        key_size: Some(2048),
        elliptic_curve: None,
        valid_not_before: at(0),
        valid_not_after: at(86_400_000),
        serial_number: serial.to_owned(),
        signature_algorithm: "SHA256withRSA".to_owned(),
        subject_dn: "CN=a, O=SAP, C=DE".to_owned(),
        issuer_dn: "CN=a, O=SAP, C=DE".to_owned(),
        version: 3,
        fingerprint_sha1: "AA:BB".to_owned(),
        fingerprint_sha256: "CC:DD".to_owned(),
        fingerprint_sha512: "EE:FF".to_owned(),
    }
}

fn keystore_entry(alias: &str, hexalias: &str, at_ms: i64) -> KeystoreEntryRecord {
    KeystoreEntryRecord {
        keystore: "system".to_owned(),
        hexalias: hexalias.to_owned(),
        alias: alias.to_owned(),
        entry_type: "Certificate".to_owned(),
        owner: "Tenant Administrator".to_owned(),
        certificate: vec![0x30, 0x82, 1, 2],
        details: details("0x11F11"),
        validity: Some("valid".to_owned()),
        status: "new".to_owned(),
        created_by: "admin".to_owned(),
        created_time: at(at_ms),
        last_modified_by: "admin".to_owned(),
        last_modified_time: at(at_ms),
    }
}

/// Keystore entries: create, conflict, replace (creation fields stay), get, delete; lists per
/// keystore; `Keystores` with their sizes.
pub async fn keystore_entries_lifecycle<S: Store>(store: &S) {
    let sub = given_subaccount(store, 1, "acme").await;
    let entry = keystore_entry("b", "62", 1_000);
    store.create_keystore_entry(sub.id, &entry).await.expect("create_keystore_entry");
    store.create_keystore_entry(sub.id, &keystore_entry("a", "61", 2_000)).await.expect("create");
    assert_eq!(store.get_keystore_entry(sub.id, "system", "62").await.expect("get"), entry);
    assert_conflict(store.create_keystore_entry(sub.id, &entry).await, "a taken alias", "\"b\"");
    let mut replaced = keystore_entry("b", "62", 5_000);
    replaced.details = details("0x22");
    replaced.certificate = vec![0x30, 9];
    store.replace_keystore_entry(sub.id, &replaced).await.expect("replace_keystore_entry");
    let mut expected = replaced.clone();
    expected.created_time = entry.created_time;
    assert_eq!(store.get_keystore_entry(sub.id, "system", "62").await.expect("get"), expected, "created stays");
    assert_not_found(store.replace_keystore_entry(sub.id, &keystore_entry("c", "63", 1)).await, "replace missing");
    assert_not_found(store.get_keystore_entry(sub.id, "backup_admin_system", "62").await, "another keystore");
    let entries = service::keystore_entries().entity_type;
    let system = EntitySource::KeystoreEntries { keystore: "system".to_owned() };
    let rows = read(store, sub.id, &system, &all(entries)).await;
    assert_eq!(keys(&rows), strings(&["61", "62"]), "by alias");
    let size = entries.property_index("KeySize").expect("KeySize");
    assert_eq!(rows.rows[1][size], Value::Int32(2048));
    let backup = EntitySource::KeystoreEntries { keystore: "backup_admin_system".to_owned() };
    assert!(read(store, sub.id, &backup, &all(entries)).await.rows.is_empty(), "the backup is empty");
    let keystores = read(store, sub.id, &EntitySource::Keystores, &all(service::keystores().entity_type)).await;
    let sizes: Vec<(Value, Value)> = keystores.rows.iter().map(|r| (r[0].clone(), r[3].clone())).collect();
    assert_eq!(
        sizes,
        vec![
            (text("KeyRenewal"), Value::Int32(0)),
            (text("backup_admin_system"), Value::Int32(0)),
            (text("system"), Value::Int32(2))
        ],
        "every tenant has these keystores"
    );
    store.delete_keystore_entry(sub.id, "system", "62").await.expect("delete_keystore_entry");
    assert_not_found(store.delete_keystore_entry(sub.id, "system", "62").await, "delete of a missing entry");
}

fn mapping(id: &str, user: &str, fingerprint: &str, at_ms: i64) -> CertificateUserMappingRecord {
    CertificateUserMappingRecord {
        id: id.to_owned(),
        user: user.to_owned(),
        certificate: b"-----BEGIN CERTIFICATE-----".to_vec(),
        fingerprint: fingerprint.to_owned(),
        valid_until: at(86_400_000),
        created_by: "admin".to_owned(),
        created_time: at(at_ms),
        last_modified_by: "admin".to_owned(),
        last_modified_time: at(at_ms),
    }
}

/// One mapping per certificate: mapping it again changes the user and keeps the id.
pub async fn certificate_user_mappings<S: Store>(store: &S) {
    let sub = given_subaccount(store, 1, "acme").await;
    let first = store.put_certificate_user_mapping(sub.id, &mapping("m1", "supplier1", "fp1", 1)).await;
    assert_eq!(first.expect("put"), "m1");
    let again = store.put_certificate_user_mapping(sub.id, &mapping("m2", "supplier2", "fp1", 2)).await;
    assert_eq!(again.expect("put again"), "m1", "the certificate's mapping keeps its id");
    let other = store.put_certificate_user_mapping(sub.id, &mapping("m3", "supplier3", "fp2", 3)).await;
    assert_eq!(other.expect("another certificate"), "m3");
    let mappings = service::certificate_user_mappings().entity_type;
    let rows = read(store, sub.id, &EntitySource::CertificateUserMappings, &all(mappings)).await;
    assert_eq!(keys(&rows), strings(&["m1", "m3"]));
    assert_eq!(rows.rows[0][1], text("supplier2"), "the user was replaced");
    assert_eq!(rows.rows[0][7], Value::Int64(ms(at(86_400_000))), "ValidUntil");
    store.delete_certificate_user_mapping(sub.id, "m1").await.expect("delete");
    assert_not_found(store.delete_certificate_user_mapping(sub.id, "m1").await, "delete of a missing mapping");
}

fn reference(name: &str) -> ArtifactReferenceFields {
    ArtifactReferenceFields {
        name: Some(name.to_owned()),
        description: None,
        artifact_type: Some("INTEGRATION_FLOW".to_owned()),
        condition_attribute: Some("Name".to_owned()),
        condition_value: Some(name.to_owned()),
        condition_type: Some("exactString".to_owned()),
    }
}

fn ids(rows: &[Vec<Value>]) -> Vec<Value> {
    rows.iter().map(|row| row[0].clone()).collect()
}

/// Access policies get numeric ids, unique role names, and own their artifact references.
pub async fn access_policies_and_references<S: Store>(store: &S) {
    let sub = given_subaccount(store, 1, "acme").await;
    let other = given_subaccount(store, 2, "other").await;
    let refs = [reference("flow1"), reference("flow2")];
    let first = store.create_access_policy(sub.id, "Policy1", Some("d"), &refs).await.expect("create");
    let second = store.create_access_policy(sub.id, "Policy2", None, &[]).await.expect("create");
    assert!(second > first, "ids ascend");
    store.create_access_policy(other.id, "Policy1", None, &[]).await.expect("role names are per subaccount");
    assert_conflict(store.create_access_policy(sub.id, "Policy1", None, &[]).await, "a taken role", "Policy1");
    let expected = AccessPolicyRecord { id: first, role_name: "Policy1".to_owned(), description: Some("d".into()) };
    assert_eq!(store.get_access_policy(sub.id, first).await.expect("get"), expected);
    assert_not_found(store.get_access_policy(other.id, first).await, "another subaccount's policy");
    let renamed = AccessPolicyRecord { id: second, role_name: "Renamed".to_owned(), description: Some("x".into()) };
    store.update_access_policy(sub.id, &renamed).await.expect("update");
    assert_eq!(store.get_access_policy(sub.id, second).await.expect("get"), renamed);
    let clash = AccessPolicyRecord { role_name: "Policy1".to_owned(), ..renamed.clone() };
    assert_conflict(store.update_access_policy(sub.id, &clash).await, "renaming to a taken role", "Policy1");
    let third = store.create_artifact_reference(sub.id, second, &reference("flow3")).await.expect("reference");
    assert_not_found(store.create_artifact_reference(sub.id, 999_999, &reference("x")).await, "a missing policy");
    assert_not_found(store.create_artifact_reference(other.id, second, &reference("x")).await, "another's policy");
    let type_of = service::artifact_references().entity_type;
    let of_first = EntitySource::ArtifactReferences { policy: Some(first) };
    let rows = read(store, sub.id, &of_first, &all(type_of)).await.rows;
    assert_eq!(rows.len(), 2, "the policy's references");
    assert_eq!(rows[0][1], text("flow1"));
    let every = read(store, sub.id, &EntitySource::ArtifactReferences { policy: None }, &all(type_of)).await.rows;
    assert_eq!(ids(&every).last(), Some(&Value::Int64(third)), "numeric ids");
    store.delete_access_policy(sub.id, first).await.expect("delete policy");
    assert!(read(store, sub.id, &of_first, &all(type_of)).await.rows.is_empty(), "its references went with it");
    store.delete_artifact_reference(sub.id, third).await.expect("delete reference");
    assert_not_found(store.delete_artifact_reference(sub.id, third).await, "delete of a missing reference");
    assert_not_found(store.delete_access_policy(sub.id, first).await, "delete of a missing policy");
}

fn partner_credential(pid: &str, id: &str, at_ms: i64) -> PartnerUserCredentialRecord {
    PartnerUserCredentialRecord {
        pid: pid.to_owned(),
        id: id.to_owned(),
        user: Some(format!("user_{pid}")),
        password: sealed(&format!("{pid}/{id}/{at_ms}")),
        created_by: format!("creator{at_ms}"),
        created_at: at(at_ms),
        modified_by: format!("modifier{at_ms}"),
        modified_at: at(at_ms),
    }
}

fn query_of<'f>(entity_type: &'static EntityType, filter: &'f cpi_odata::query::Expr) -> EntityQuery<'f> {
    EntityQuery { filter: Some(filter), ..all(entity_type) }
}

/// Partner user credentials: put adds or replaces (creation fields stay); reads by `Pid` never
/// give the password.
pub async fn partner_user_credentials<S: Store>(store: &S) {
    let sub = given_subaccount(store, 1, "acme").await;
    store.put_partner_user_credential(sub.id, &partner_credential("P1", "USER", 1_000)).await.expect("put");
    store.put_partner_user_credential(sub.id, &partner_credential("P2", "USER", 1_500)).await.expect("put");
    let replacement = partner_credential("P1", "USER", 2_000);
    store.put_partner_user_credential(sub.id, &replacement).await.expect("put again");
    let stored = store.get_partner_user_credential(sub.id, "P1", "USER").await.expect("get");
    let expected =
        PartnerUserCredentialRecord { created_by: "creator1000".to_owned(), created_at: at(1_000), ..replacement };
    assert_eq!(stored, expected, "replaced, with the creation fields kept");
    let type_of = service::user_credential_parameters().entity_type;
    let filter = prop_eq("Pid", "P1");
    let rows = read(store, sub.id, &EntitySource::UserCredentialParameters, &query_of(type_of, &filter)).await.rows;
    assert_eq!(rows.len(), 1, "only P1's");
    assert_eq!(rows[0][type_of.property_index("User").expect("User")], text("user_P1"));
    assert_eq!(rows[0][type_of.property_index("Password").expect("Password")], Value::Null, "never read");
    store.delete_partner_user_credential(sub.id, "P1", "USER").await.expect("delete");
    assert_not_found(store.get_partner_user_credential(sub.id, "P1", "USER").await, "get after delete");
    assert_not_found(store.delete_partner_user_credential(sub.id, "P1", "USER").await, "delete of a missing one");
}

/// What the sealed blobs hold comes back byte for byte (the server opens them itself).
pub async fn sealed_values_round_trip<S: Store>(store: &S) {
    let sub = given_subaccount(store, 1, "acme").await;
    let bytes: Vec<u8> = (0..=255).collect();
    let mut credential = secure_parameter("binary", at(1));
    if let Credential::SecureParameter(p) = &mut credential {
        p.value = Sealed(bytes.clone());
    }
    store.create_credential(sub.id, &credential).await.expect("create");
    match store.get_credential(sub.id, CredentialKind::SecureParameter, "binary").await.expect("get") {
        Credential::SecureParameter(p) => assert_eq!(p.value, Sealed(bytes), "every byte value kept"),
        other => panic!("expected a secure parameter, got {other:?}"),
    }
}
