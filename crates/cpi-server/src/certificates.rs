//! X.509 certificates as the keystore shows them: the body of an upload (DER, PEM or base64 of
//! DER) decoded, parsed, and described the way SAP's Java-based tenant does (distinguished names
//! most specific first, `SHA256withRSA`, `0x`-prefixed serial numbers, colon-separated
//! fingerprints).

use aws_lc_rs::digest;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use time::OffsetDateTime;
use x509_parser::prelude::{FromDer, X509Certificate, X509Name};
use x509_parser::public_key::PublicKey;

use cpi_store::CertificateDetails;

const PEM_BEGIN: &str = "-----BEGIN CERTIFICATE-----";
const PEM_END: &str = "-----END CERTIFICATE-----";

/// Why a body is not a certificate (the text is safe to show to clients).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CertificateError {
    /// Not DER, PEM or base64 of DER, or not a well-formed X.509 certificate.
    #[error("The request body is not an X.509 certificate (DER, PEM, or base64-encoded DER expected).")]
    Malformed,
}

/// A parsed certificate: its DER and what it says about itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedCertificate {
    /// The certificate, DER.
    pub der: Vec<u8>,
    /// What it says.
    pub details: CertificateDetails,
}

/// Decodes and parses a certificate sent as DER, PEM, or base64 of DER.
pub fn parse(body: &[u8]) -> Result<ParsedCertificate, CertificateError> {
    let der = decode(body)?;
    let details = describe(&der)?;
    Ok(ParsedCertificate { der, details })
}

/// The DER inside a body.
fn decode(body: &[u8]) -> Result<Vec<u8>, CertificateError> {
    if body.first() == Some(&0x30) {
        return Ok(body.to_vec());
    }
    let text = std::str::from_utf8(body).map_err(|_| CertificateError::Malformed)?.trim();
    let base64 = match text.strip_prefix(PEM_BEGIN) {
        Some(rest) => rest.split(PEM_END).next().ok_or(CertificateError::Malformed)?,
        None => text,
    };
    let compact: String = base64.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    STANDARD.decode(compact).map_err(|_| CertificateError::Malformed)
}

/// A certificate as PEM text (64 characters per line).
pub fn pem(der: &[u8]) -> String {
    let encoded = STANDARD.encode(der);
    let mut text = String::with_capacity(encoded.len() + encoded.len() / 64 + 64);
    text.push_str(PEM_BEGIN);
    text.push('\n');
    for line in encoded.as_bytes().chunks(64) {
        text.push_str(&String::from_utf8_lossy(line));
        text.push('\n');
    }
    text.push_str(PEM_END);
    text.push('\n');
    text
}

fn describe(der: &[u8]) -> Result<CertificateDetails, CertificateError> {
    let (rest, certificate) = X509Certificate::from_der(der).map_err(|_| CertificateError::Malformed)?;
    if !rest.is_empty() {
        return Err(CertificateError::Malformed);
    }
    let validity = certificate.validity();
    let time = |seconds: i64| OffsetDateTime::from_unix_timestamp(seconds).map_err(|_| CertificateError::Malformed);
    let (key_type, key_size, elliptic_curve) = public_key(&certificate);
    Ok(CertificateDetails {
        key_type,
        key_size,
        elliptic_curve,
        valid_not_before: time(validity.not_before.timestamp())?,
        valid_not_after: time(validity.not_after.timestamp())?,
        serial_number: serial(certificate.raw_serial()),
        signature_algorithm: signature_algorithm(&certificate.signature_algorithm.algorithm.to_id_string()),
        subject_dn: distinguished_name(certificate.subject()),
        issuer_dn: distinguished_name(certificate.issuer()),
        version: i32::try_from(certificate.version().0 + 1).map_err(|_| CertificateError::Malformed)?,
        fingerprint_sha1: fingerprint(&digest::SHA1_FOR_LEGACY_USE_ONLY, der),
        fingerprint_sha256: fingerprint(&digest::SHA256, der),
        fingerprint_sha512: fingerprint(&digest::SHA512, der),
    })
}

/// Key type (Java's algorithm name), size in bits and, for EC keys, the curve.
fn public_key(certificate: &X509Certificate<'_>) -> (String, Option<i32>, Option<String>) {
    let info = certificate.public_key();
    let algorithm = info.algorithm.algorithm.to_id_string();
    match algorithm.as_str() {
        "1.2.840.113549.1.1.1" => {
            let bits = match info.parsed() {
                Ok(PublicKey::RSA(rsa)) => unsigned_bits(rsa.modulus),
                _ => None,
            };
            ("RSA".to_owned(), bits, None)
        }
        "1.2.840.10045.2.1" => {
            let curve_oid = info.algorithm.parameters.as_ref().and_then(|p| p.as_oid().ok()).map(|o| o.to_id_string());
            let (curve, bits) = match curve_oid.as_deref() {
                Some("1.2.840.10045.3.1.7") => (Some("secp256r1".to_owned()), Some(256)),
                Some("1.3.132.0.34") => (Some("secp384r1".to_owned()), Some(384)),
                Some("1.3.132.0.35") => (Some("secp521r1".to_owned()), Some(521)),
                Some("1.3.132.0.10") => (Some("secp256k1".to_owned()), Some(256)),
                other => (other.map(str::to_owned), None),
            };
            ("EC".to_owned(), bits, curve)
        }
        "1.2.840.10040.4.1" => {
            let bits = match info.parsed() {
                Ok(PublicKey::DSA(y)) => unsigned_bits(y).map(|b| (b + 63) / 64 * 64),
                _ => None,
            };
            ("DSA".to_owned(), bits, None)
        }
        "1.3.101.112" => ("Ed25519".to_owned(), Some(255), None),
        "1.3.101.113" => ("Ed448".to_owned(), Some(448), None),
        "1.2.840.113549.1.1.10" => ("RSASSA-PSS".to_owned(), None, None),
        other => (other.to_owned(), None, None),
    }
}

/// The bit length of an unsigned big-endian integer (leading zero bytes ignored).
fn unsigned_bits(bytes: &[u8]) -> Option<i32> {
    let start = bytes.iter().position(|b| *b != 0)?;
    let significant = &bytes[start..];
    let bits = significant.len() * 8 - significant[0].leading_zeros() as usize;
    i32::try_from(bits).ok()
}

/// `0x` and the serial in upper-case hex without leading zeros (Java's `BigInteger` form).
fn serial(raw: &[u8]) -> String {
    let hex: String = raw.iter().map(|b| format!("{b:02X}")).collect();
    let trimmed = hex.trim_start_matches('0');
    format!("0x{}", if trimmed.is_empty() { "0" } else { trimmed })
}

/// Java's name of a signature algorithm, else its OID.
fn signature_algorithm(oid: &str) -> String {
    let name = match oid {
        "1.2.840.113549.1.1.4" => "MD5withRSA",
        "1.2.840.113549.1.1.5" => "SHA1withRSA",
        "1.2.840.113549.1.1.10" => "RSASSA-PSS",
        "1.2.840.113549.1.1.11" => "SHA256withRSA",
        "1.2.840.113549.1.1.12" => "SHA384withRSA",
        "1.2.840.113549.1.1.13" => "SHA512withRSA",
        "1.2.840.113549.1.1.14" => "SHA224withRSA",
        "1.2.840.10045.4.1" => "SHA1withECDSA",
        "1.2.840.10045.4.3.1" => "SHA224withECDSA",
        "1.2.840.10045.4.3.2" => "SHA256withECDSA",
        "1.2.840.10045.4.3.3" => "SHA384withECDSA",
        "1.2.840.10045.4.3.4" => "SHA512withECDSA",
        "1.2.840.10040.4.3" => "SHA1withDSA",
        "2.16.840.1.101.3.4.3.2" => "SHA256withDSA",
        "1.3.101.112" => "Ed25519",
        "1.3.101.113" => "Ed448",
        other => return other.to_owned(),
    };
    name.to_owned()
}

/// The short name Java gives an attribute type, else `OID.<dotted>`.
fn attribute_name(oid: &str) -> String {
    let name = match oid {
        "2.5.4.3" => "CN",
        "2.5.4.4" => "SURNAME",
        "2.5.4.5" => "SERIALNUMBER",
        "2.5.4.6" => "C",
        "2.5.4.7" => "L",
        "2.5.4.8" => "ST",
        "2.5.4.9" => "STREET",
        "2.5.4.10" => "O",
        "2.5.4.11" => "OU",
        "2.5.4.12" => "T",
        "2.5.4.42" => "GIVENNAME",
        "2.5.4.43" => "INITIALS",
        "2.5.4.46" => "DNQUALIFIER",
        "0.9.2342.19200300.100.1.1" => "UID",
        "0.9.2342.19200300.100.1.25" => "DC",
        "1.2.840.113549.1.9.1" => "EMAILADDRESS",
        other => return format!("OID.{other}"),
    };
    name.to_owned()
}

/// A distinguished name as Java prints it: most specific first, `, ` between names, ` + `
/// within a multi-valued name, values with special characters in double quotes.
fn distinguished_name(name: &X509Name<'_>) -> String {
    let rdns: Vec<String> = name
        .iter_rdn()
        .map(|rdn| {
            rdn.iter()
                .map(|attribute| {
                    let value = match attribute.as_str() {
                        Ok(text) => quoted(text),
                        Err(_) => {
                            format!("#{}", attribute.as_slice().iter().map(|b| format!("{b:02x}")).collect::<String>())
                        }
                    };
                    format!("{}={value}", attribute_name(&attribute.attr_type().to_id_string()))
                })
                .collect::<Vec<_>>()
                .join(" + ")
        })
        .collect();
    rdns.into_iter().rev().collect::<Vec<_>>().join(", ")
}

fn quoted(value: &str) -> String {
    let special = value.chars().any(|c| matches!(c, ',' | '+' | '=' | '\n' | '<' | '>' | '#' | ';' | '\\' | '"'));
    let padded = value.starts_with(' ') || value.ends_with(' ');
    if !special && !padded {
        return value.to_owned();
    }
    let escaped = value.replace('\\', "\\\\").replace('"', "\\\"");
    format!("\"{escaped}\"")
}

fn fingerprint(algorithm: &'static digest::Algorithm, der: &[u8]) -> String {
    digest::digest(algorithm, der).as_ref().iter().map(|b| format!("{b:02X}")).collect::<Vec<_>>().join(":")
}

/// The hex form of an alias (`Hexalias`): its UTF-8 bytes as upper-case hex.
pub fn hexalias(alias: &str) -> String {
    alias.bytes().map(|b| format!("{b:02X}")).collect()
}

/// The alias a `Hexalias` encodes, if it is even-length hex of UTF-8.
pub fn alias_of_hexalias(hexalias: &str) -> Option<String> {
    if hexalias.is_empty() || !hexalias.len().is_multiple_of(2) {
        return None;
    }
    let bytes: Option<Vec<u8>> =
        (0..hexalias.len()).step_by(2).map(|i| u8::from_str_radix(hexalias.get(i..i + 2)?, 16).ok()).collect();
    String::from_utf8(bytes?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    const RSA_PEM: &[u8] = include_bytes!("../tests/fixtures/rsa-2048.pem");
    const EC_DER: &[u8] = include_bytes!("../tests/fixtures/ec-p256.der");

    #[test]
    fn an_rsa_certificate_in_pem_is_described_as_the_keystore_lists_it() {
        let parsed = parse(RSA_PEM).unwrap();
        let d = parsed.details;
        assert_eq!(d.key_type, "RSA");
        assert_eq!(d.key_size, Some(2048));
        assert_eq!(d.elliptic_curve, None);
        assert_eq!(d.serial_number, "0x11F11");
        assert_eq!(d.signature_algorithm, "SHA256withRSA");
        assert_eq!(d.subject_dn, "CN=sandbox.api.example, OU=Hana Cloud Integration, O=SAP, C=DE");
        assert_eq!(d.issuer_dn, d.subject_dn, "self-signed");
        assert_eq!(d.version, 3);
        assert_eq!(d.valid_not_before, datetime!(2026-11-24 08:11:34 UTC));
        assert_eq!(d.valid_not_after, datetime!(2036-11-21 08:11:34 UTC));
        assert_eq!(d.fingerprint_sha1, "CC:D6:FB:58:16:DF:05:3D:C2:B6:59:25:9B:9B:F6:06:56:AB:0D:00");
        assert_eq!(
            d.fingerprint_sha256,
            "77:8B:60:36:5C:7E:DD:32:F1:1F:31:55:2A:26:55:5E:67:30:47:5D:07:DC:65:39:37:89:9D:3A:E1:E9:33:28"
        );
        assert!(d.fingerprint_sha512.starts_with("0C:B9:46:10:58:4E:D3:58"), "{}", d.fingerprint_sha512);
        assert_eq!(d.fingerprint_sha512.len(), 64 * 3 - 1);
    }

    #[test]
    fn an_ec_certificate_in_der_names_its_curve_and_quotes_special_values() {
        let d = parse(EC_DER).unwrap().details;
        assert_eq!(
            (d.key_type.as_str(), d.key_size, d.elliptic_curve.as_deref()),
            ("EC", Some(256), Some("secp256r1"))
        );
        assert_eq!(d.signature_algorithm, "SHA384withECDSA");
        assert_eq!(d.serial_number, "0x401AC46");
        assert_eq!(d.subject_dn, "CN=ec.example, O=\"Example, Inc.\", L=Walldorf, C=DE");
        assert_eq!(d.fingerprint_sha1, "0A:49:9B:CD:BB:AE:4C:0F:C9:13:35:B1:EA:47:AE:6B:CA:08:D7:BA");
    }

    #[test]
    fn der_pem_and_base64_bodies_are_the_same_certificate() {
        let der = parse(RSA_PEM).unwrap().der;
        let from_der = parse(&der).unwrap();
        let from_base64 = parse(STANDARD.encode(&der).as_bytes()).unwrap();
        let from_pem_again = parse(pem(&der).as_bytes()).unwrap();
        assert_eq!(from_der, from_base64);
        assert_eq!(from_der, from_pem_again);
        assert_eq!(from_der.der, der);
    }

    #[test]
    fn other_bodies_are_refused() {
        let der = parse(EC_DER).unwrap().der;
        let mut extra = der.clone();
        extra.push(0);
        let truncated = &der[..der.len() - 5];
        for body in
            [&b""[..], b"hello", b"-----BEGIN CERTIFICATE-----\n!!\n-----END CERTIFICATE-----", &extra, truncated]
        {
            assert_eq!(parse(body), Err(CertificateError::Malformed), "{:?}", String::from_utf8_lossy(body));
        }
        assert_eq!(parse(b"\x30\x03\x02\x01\x01"), Err(CertificateError::Malformed), "DER, but no certificate");
    }

    #[test]
    fn hexaliases_are_upper_case_hex_of_the_alias() {
        assert_eq!(hexalias("sap_test_certificate"), "7361705F746573745F6365727469666963617465");
        assert_eq!(hexalias("123"), "313233");
        assert_eq!(alias_of_hexalias("313233").as_deref(), Some("123"));
        assert_eq!(alias_of_hexalias("69645f727361").as_deref(), Some("id_rsa"), "lower case is read too");
        for bad in ["", "313", "zz", "FF"] {
            assert_eq!(alias_of_hexalias(bad), None, "{bad}");
        }
    }

    #[test]
    fn names_and_serials_follow_java() {
        assert_eq!(serial(&[0x00, 0x01, 0x1F, 0x11]), "0x11F11");
        assert_eq!(serial(&[0x00]), "0x0");
        assert_eq!(quoted("plain value"), "plain value");
        assert_eq!(quoted("a \"b\", c"), "\"a \\\"b\\\", c\"");
        assert_eq!(quoted(" padded"), "\" padded\"");
        assert_eq!(unsigned_bits(&[0x00, 0x80, 0x00]), Some(16));
        assert_eq!(unsigned_bits(&[0x01]), Some(1));
        assert_eq!(unsigned_bits(&[0, 0]), None);
    }
}
