//! The tenant keystore and certificate-to-user mappings: certificates uploaded as PEM, DER or
//! base64, described like SAP's tenant, downloaded, replaced and deleted with SAP's codes.

use serde_json::json;

use super::{EC_DER, RSA_PEM, RawClient, admin, error_message, results};
use crate::harness::TestServer;
use crate::wire::{ACCEPT_JSON, Api, b64};

/// `my_cert` as a Hexalias.
const HEX: &str = "6D795F63657274";

async fn delete(api: &Api, target: &str) -> crate::wire::Wire {
    api.call("DELETE", target, &[ACCEPT_JSON], None).await
}

async fn raw(server: &TestServer) -> RawClient {
    RawClient::new(server, "keystore-raw", &super::ALL_ROLES).await
}

#[tokio::test]
async fn certificates_are_added_described_downloaded_replaced_and_deleted() {
    let (server, api) = admin().await;
    let client = raw(&server).await;
    let target = format!("CertificateResources('{HEX}')/$value");
    let added = client.send("PUT", &target, "application/octet-stream", RSA_PEM).await;
    assert_eq!(added.status, 204, "{}", added.text());

    let entry = api.get(&format!("KeystoreEntries('{HEX}')")).await;
    assert_eq!(entry.status, 200, "{}", entry.text());
    let d = entry.json()["d"].clone();
    assert_eq!(d["Hexalias"], HEX);
    assert_eq!(d["Alias"], "my_cert");
    assert_eq!((d["KeyType"].as_str(), d["KeySize"].as_i64()), (Some("RSA"), Some(2048)));
    assert_eq!(d["SerialNumber"], "0x11F11");
    assert_eq!(d["SignatureAlgorithm"], "SHA256withRSA");
    assert_eq!(d["SubjectDN"], "CN=sandbox.api.example, OU=Hana Cloud Integration, O=SAP, C=DE");
    assert_eq!(d["Version"], 3);
    assert_eq!(d["ValidNotBefore"], "/Date(1795507894000)/");
    assert_eq!(
        d["FingerprintSha256"],
        "77:8B:60:36:5C:7E:DD:32:F1:1F:31:55:2A:26:55:5E:67:30:47:5D:07:DC:65:39:37:89:9D:3A:E1:E9:33:28"
    );
    assert_eq!(
        (d["Type"].as_str(), d["Owner"].as_str(), d["Status"].as_str()),
        (Some("Certificate"), Some("Tenant Administrator"), Some("new"))
    );
    assert!(
        d["Certificate"]["__deferred"]["uri"]
            .as_str()
            .unwrap()
            .ends_with(&format!("KeystoreEntries('{HEX}')/Certificate"))
    );

    assert_eq!(results(&api.get("KeystoreEntries?keystoreName=system").await).len(), 1);
    assert!(results(&api.get("KeystoreEntries?keystoreName=backup_admin_system").await).is_empty());
    let unknown = api.get("KeystoreEntries?keystoreName=mine").await;
    assert_eq!(error_message(&unknown, 400, "Bad Request"), "Keystore name 'mine' is invalid.");
    let keystore = api.get("Keystores('system')?$expand=Entries").await.json();
    assert_eq!(keystore["d"]["Size"], 1);
    assert_eq!(keystore["d"]["Entries"]["results"][0]["Alias"], "my_cert");
    let size = api.call("GET", "Keystores('system')/Size/$value", &[], None).await;
    assert_eq!((size.status, size.text()), (200, "1".to_owned()));
    assert_eq!(results(&api.get("Keystores('system')/Entries").await).len(), 1);
    error_message(&api.get("Keystores('nothing')").await, 404, "Not Found");

    let twice = client.send("PUT", &target, "application/octet-stream", RSA_PEM).await;
    assert_eq!(error_message(&twice, 400, "Bad Request"), "Keystore entry with alias \"my_cert\" already exists");
    let replace = format!("{target}?update=true&returnKeystoreEntries=true");
    let replaced = client.send("PUT", &replace, "application/pkix-cert", EC_DER).await;
    assert_eq!(replaced.status, 200, "{}", replaced.text());
    let listed = replaced.json()["d"]["results"].as_array().unwrap().clone();
    assert_eq!(
        (listed.len(), listed[0]["KeyType"].as_str(), listed[0]["Status"].as_str()),
        (1, Some("EC"), Some("changed"))
    );
    let missing =
        client.send("PUT", "CertificateResources('6F74686572')/$value?update=true", "text/plain", RSA_PEM).await;
    assert_eq!(error_message(&missing, 400, "Bad Request"), "Keystore entry with alias \"other\" does not exist");

    let download = api.call("GET", &format!("KeystoreEntries('{HEX}')/Certificate/$value"), &[], None).await;
    assert_eq!(download.status, 200);
    assert_eq!(download.header("content-type"), Some("application/pkix-cert"));
    assert_eq!(download.body, EC_DER, "the certificate as uploaded (DER)");

    assert_eq!(delete(&api, &format!("KeystoreEntries('{HEX}')")).await.status, 204);
    let gone = delete(&api, &format!("KeystoreEntries('{HEX}')")).await;
    assert_eq!(error_message(&gone, 404, "Not Found"), "Alias 'my_cert' not found in the keystore");
    error_message(&api.get(&format!("KeystoreEntries('{HEX}')/Certificate/$value")).await, 404, "Not Found");
    assert_eq!(api.get("Keystores('system')").await.json()["d"]["Size"], 0);
}

#[tokio::test]
async fn certificate_uploads_take_base64_and_refuse_what_is_not_a_certificate() {
    let (server, api) = admin().await;
    let client = raw(&server).await;
    let base64_der = b64(EC_DER);
    let added = client
        .send(
            "PUT",
            "CertificateResources('6563')/$value?returnKeystoreEntries=true",
            "text/plain",
            base64_der.as_bytes(),
        )
        .await;
    assert_eq!(added.status, 200, "{}", added.text());
    assert_eq!(added.json()["d"]["results"][0]["EllipticCurve"], "secp256r1");
    let garbage = client.send("PUT", "CertificateResources('6767')/$value", "text/plain", b"not a certificate").await;
    assert!(error_message(&garbage, 400, "Bad Request").contains("not an X.509 certificate"));
    let odd = client.send("PUT", "CertificateResources('ABC')/$value", "text/plain", RSA_PEM).await;
    assert!(error_message(&odd, 400, "Bad Request").contains("Hexalias"));
    let huge = vec![b'A'; 10 * 1024 + 1];
    let too_large = client.send("PUT", "CertificateResources('6868')/$value", "text/plain", &huge).await;
    error_message(&too_large, 413, "Payload Too Large");
    assert_eq!(results(&api.get("KeystoreEntries").await).len(), 1, "nothing else was added");
    let renamed =
        api.call("PUT", "KeystoreEntries('6563')?renameAlias=x", &[ACCEPT_JSON], Some("{\"Status\":null}")).await;
    error_message(&renamed, 501, "Not Found");
}

#[tokio::test]
async fn certificates_map_to_users_one_mapping_per_certificate() {
    let (_server, api) = admin().await;
    let body = json!({"User": "supplier1", "Certificate": b64(RSA_PEM)});
    let created = api.post("CertificateUserMappings", &body).await;
    assert_eq!(created.status, 201, "{}", created.text());
    let d = created.json()["d"].clone();
    let id = d["Id"].as_str().unwrap().to_owned();
    assert!(id.len() == 32 && id.chars().all(|c| c.is_ascii_hexdigit()), "{id}");
    assert_eq!(d["User"], "supplier1");
    assert_eq!(d["ValidUntil"], "2110867894000", "Int64 as a string: the end of validity in ms");
    let pem = String::from_utf8(base64_decode(d["Certificate"].as_str().unwrap())).unwrap();
    assert!(pem.starts_with("-----BEGIN CERTIFICATE-----"), "SAP returns base64 of the PEM: {pem}");
    let remapped =
        api.post("CertificateUserMappings", &json!({"User": "supplier2", "Certificate": b64(RSA_PEM)})).await;
    assert_eq!(remapped.json()["d"]["Id"], id.as_str(), "the certificate's mapping got the new user");
    assert_eq!(remapped.json()["d"]["User"], "supplier2");
    let der = api.post("CertificateUserMappings", &json!({"User": "supplier3", "Certificate": b64(EC_DER)})).await;
    assert_eq!(der.status, 201);
    assert_eq!(results(&api.get("CertificateUserMappings").await).len(), 2);
    assert_eq!(results(&api.get("CertificateUserMappings?$filter=User%20eq%20'supplier2'").await).len(), 1);
    let bad = api.post("CertificateUserMappings", &json!({"User": "x", "Certificate": b64(b"nope")})).await;
    assert_eq!(error_message(&bad, 400, "Bad Request"), "The certificate for the user x is not a X.509 certificate.");
    let target = format!("CertificateUserMappings('{id}')");
    assert_eq!(delete(&api, &target).await.status, 204);
    error_message(&delete(&api, &target).await, 404, "Not Found");
}

fn base64_decode(text: &str) -> Vec<u8> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.decode(text).unwrap()
}
