//! The Partner Directory: entries written through [`crate::PartnerDirectoryStore`] and read
//! through the generic read with the service's own entity types.

use cpi_domain::partner::{
    AlternativePartner, AlternativePartnerKey, Audit, AuthorizedUser, BinaryParameter, PartnerEntry, PartnerEntryKey,
    PartnerEntryKind, PartnerUpdate, StringParameter,
};
use cpi_odata::service;
use cpi_odata::value::Value;

use super::entity_types::{all, keys, prop_eq, read, string, strings};
use super::fixtures::{assert_conflict, assert_not_found, at, given_subaccount, ms};
use crate::{EntityQuery, EntitySource, Store};

fn audit(ms: i64) -> Audit {
    Audit::new("ann", at(ms))
}

fn string_parameter(pid: &str, id: &str, value: &str) -> PartnerEntry {
    PartnerEntry::String(StringParameter { pid: pid.into(), id: id.into(), value: value.into(), audit: audit(1) })
}

fn binary_parameter(pid: &str, id: &str, value: &[u8]) -> PartnerEntry {
    PartnerEntry::Binary(BinaryParameter {
        pid: pid.into(),
        id: id.into(),
        content_type: "xsl".into(),
        value: value.to_vec(),
        audit: audit(2),
    })
}

fn alternative(agency: &str, scheme: &str, id: &str, pid: &str) -> AlternativePartner {
    AlternativePartner { agency: agency.into(), scheme: scheme.into(), id: id.into(), pid: pid.into(), audit: audit(3) }
}

fn authorized_user(user: &str, pid: &str) -> PartnerEntry {
    PartnerEntry::AuthorizedUser(AuthorizedUser { user: user.into(), pid: pid.into(), audit: audit(4) })
}

/// A time value.
fn time(ms_since_t0: i64) -> Value {
    Value::DateTime(ms(at(ms_since_t0)))
}

/// Entries of every kind read back with their properties in the service's order; partners are
/// the distinct ids over all kinds, per subaccount.
pub async fn partner_entries_round_trip<S: Store>(store: &S) {
    let sub = given_subaccount(store, 1, "acme").await;
    let other = given_subaccount(store, 2, "other").await;
    let agency = alternative("AgencyXYZ", "LONG", "Receiver Premium", "Receiver_1");
    for entry in [
        string_parameter("Sender_BASIC", "AGENCY", "AgencyXYZ"),
        binary_parameter("GenericPartner", "xsl_util", &[0, 1, 2, 255]),
        PartnerEntry::Alternative(agency.clone()),
        authorized_user("user_for_sender_cert", "Sender_CERT"),
    ] {
        store.create_partner_entry(sub.id, &entry).await.expect("create_partner_entry");
    }
    store.create_partner_entry(other.id, &string_parameter("Elsewhere", "X", "y")).await.expect("other subaccount");
    let strings_type = service::string_parameters().entity_type;
    let rows = read(store, sub.id, &EntitySource::StringParameters, &all(strings_type)).await.rows;
    let audit_values = |ms| vec![string("ann"), time(ms), string("ann"), time(ms)];
    let expected =
        [vec![string("Sender_BASIC"), string("AGENCY")], audit_values(1), vec![string("AgencyXYZ")]].concat();
    assert_eq!(rows, vec![expected], "StringParameters: Pid, Id, audit, Value");
    let binary_type = service::binary_parameters().entity_type;
    let rows = read(store, sub.id, &EntitySource::BinaryParameters, &all(binary_type)).await.rows;
    let expected = [
        vec![string("GenericPartner"), string("xsl_util")],
        audit_values(2),
        vec![string("xsl"), Value::Binary(vec![0, 1, 2, 255])],
    ]
    .concat();
    assert_eq!(rows, vec![expected], "BinaryParameters: the bytes come back as they were");
    let alternatives = service::alternative_partners().entity_type;
    let rows = read(store, sub.id, &EntitySource::AlternativePartners, &all(alternatives)).await.rows;
    let hex = [string("4167656E637958595A"), string("4C4F4E47"), string("5265636569766572205072656D69756D")];
    let named = [string("AgencyXYZ"), string("LONG"), string("Receiver Premium"), string("Receiver_1")];
    assert_eq!(rows, vec![[&hex[..], &named[..], &audit_values(3)].concat()], "keys are the uppercase hex");
    let users = service::authorized_users().entity_type;
    let rows = read(store, sub.id, &EntitySource::AuthorizedUsers, &all(users)).await.rows;
    assert_eq!(rows, vec![[vec![string("user_for_sender_cert"), string("Sender_CERT")], audit_values(4)].concat()]);
    let partners = service::partners().entity_type;
    let rows = read(store, sub.id, &EntitySource::Partners, &all(partners)).await;
    assert_eq!(keys(&rows), strings(&["GenericPartner", "Receiver_1", "Sender_BASIC", "Sender_CERT"]));
    let one = prop_eq("Pid", "Sender_BASIC");
    let query = EntityQuery { filter: Some(&one), count: true, ..all(partners) };
    let rows = read(store, sub.id, &EntitySource::Partners, &query).await;
    assert_eq!((keys(&rows), rows.total), (strings(&["Sender_BASIC"]), Some(1)), "$filter=Pid eq 'P'");
}

/// Partners appear once however many entries name them, and go with their last entry.
pub async fn partners_are_distinct_ids<S: Store>(store: &S) {
    let sub = given_subaccount(store, 1, "acme").await;
    store.create_partner_entry(sub.id, &string_parameter("P", "a", "1")).await.expect("create");
    store.create_partner_entry(sub.id, &string_parameter("P", "b", "2")).await.expect("create");
    store.create_partner_entry(sub.id, &authorized_user("u", "P")).await.expect("create");
    let partners = all(service::partners().entity_type);
    assert_eq!(keys(&read(store, sub.id, &EntitySource::Partners, &partners).await), strings(&["P"]));
    for key in [
        PartnerEntryKey::String { pid: "P".into(), id: "a".into() },
        PartnerEntryKey::String { pid: "P".into(), id: "b".into() },
        PartnerEntryKey::AuthorizedUser("u".into()),
    ] {
        store.delete_partner_entry(sub.id, &key).await.expect("delete_partner_entry");
    }
    assert!(read(store, sub.id, &EntitySource::Partners, &partners).await.rows.is_empty(), "no entries, no partner");
}

/// Taken keys conflict, and so does a second id of a partner in the same agency and scheme;
/// missing entries are NotFound.
pub async fn partner_entry_conflicts_and_missing<S: Store>(store: &S) {
    let sub = given_subaccount(store, 1, "acme").await;
    let entry = string_parameter("P", "a", "1");
    store.create_partner_entry(sub.id, &entry).await.expect("create");
    assert_conflict(store.create_partner_entry(sub.id, &entry).await, "a taken string parameter", "P");
    let binary = binary_parameter("P", "a", b"x");
    store.create_partner_entry(sub.id, &binary).await.expect("the same key in another kind is fine");
    assert_conflict(store.create_partner_entry(sub.id, &binary).await, "a taken binary parameter", "P");
    let first = alternative("BLZ", "bank", "100", "P");
    store.create_partner_entry(sub.id, &PartnerEntry::Alternative(first.clone())).await.expect("create");
    let taken_id = alternative("BLZ", "bank", "100", "Q");
    assert_conflict(store.create_partner_entry(sub.id, &PartnerEntry::Alternative(taken_id)).await, "same id", "100");
    let second_of_p = alternative("BLZ", "bank", "200", "P");
    let result = store.create_partner_entry(sub.id, &PartnerEntry::Alternative(second_of_p)).await;
    assert_conflict(result, "a second id of a partner in one agency and scheme", "P");
    store.create_partner_entry(sub.id, &authorized_user("u", "P")).await.expect("create");
    assert_conflict(store.create_partner_entry(sub.id, &authorized_user("u", "Q")).await, "a taken user", "u");
    let missing = PartnerUpdate::String { pid: "P".into(), id: "nope".into(), value: "v".into() };
    assert_not_found(store.update_partner_entry(sub.id, &missing, "bob", at(9)).await, "update of a missing entry");
    let missing_key = AlternativePartnerKey { hexagency: "00".into(), hexscheme: "00".into(), hexid: "00".into() };
    let result = store.delete_partner_entry(sub.id, &PartnerEntryKey::Alternative(missing_key)).await;
    assert_not_found(result, "delete of a missing alternative partner");
    assert_not_found(store.delete_partner(sub.id, "nobody", &[]).await, "delete of a partner without entries");
}

/// Updates change the value and the last change, never the creation.
pub async fn partner_entry_updates<S: Store>(store: &S) {
    let sub = given_subaccount(store, 1, "acme").await;
    store.create_partner_entry(sub.id, &string_parameter("P", "a", "old")).await.expect("create");
    store.create_partner_entry(sub.id, &binary_parameter("P", "b", b"old")).await.expect("create");
    let alt = alternative("BLZ", "bank", "100", "P");
    store.create_partner_entry(sub.id, &PartnerEntry::Alternative(alt.clone())).await.expect("create");
    store.create_partner_entry(sub.id, &authorized_user("u", "P")).await.expect("create");
    let updates = [
        PartnerUpdate::String { pid: "P".into(), id: "a".into(), value: "new".into() },
        PartnerUpdate::Binary { pid: "P".into(), id: "b".into(), content_type: "zip".into(), value: b"new".to_vec() },
        PartnerUpdate::Alternative { key: alt.key(), pid: "Q".into() },
        PartnerUpdate::AuthorizedUser { user: "u".into(), pid: "Q".into() },
    ];
    for update in &updates {
        store.update_partner_entry(sub.id, update, "bob", at(50)).await.expect("update_partner_entry");
    }
    let changed = |created: i64| vec![string("bob"), time(50), string("ann"), time(created)];
    let strings_type = service::string_parameters().entity_type;
    let rows = read(store, sub.id, &EntitySource::StringParameters, &all(strings_type)).await.rows;
    assert_eq!(rows[0][2..], [changed(1), vec![string("new")]].concat()[..]);
    let binary_type = service::binary_parameters().entity_type;
    let rows = read(store, sub.id, &EntitySource::BinaryParameters, &all(binary_type)).await.rows;
    assert_eq!(rows[0][2..], [changed(2), vec![string("zip"), Value::Binary(b"new".to_vec())]].concat()[..]);
    let alternatives = service::alternative_partners().entity_type;
    let rows = read(store, sub.id, &EntitySource::AlternativePartners, &all(alternatives)).await.rows;
    assert_eq!(rows[0][6..], [vec![string("Q")], changed(3)].concat()[..], "the partner moved");
    let users = service::authorized_users().entity_type;
    let rows = read(store, sub.id, &EntitySource::AuthorizedUsers, &all(users)).await.rows;
    assert_eq!(rows[0][1..], [vec![string("Q")], changed(4)].concat()[..]);
}

/// Deleting a partner deletes its entries of every kind but those kept, and no one else's.
pub async fn partner_delete<S: Store>(store: &S) {
    let sub = given_subaccount(store, 1, "acme").await;
    for entry in [
        string_parameter("P", "a", "1"),
        binary_parameter("P", "b", b"2"),
        PartnerEntry::Alternative(alternative("BLZ", "bank", "100", "P")),
        authorized_user("u", "P"),
        string_parameter("Q", "a", "1"),
    ] {
        store.create_partner_entry(sub.id, &entry).await.expect("create");
    }
    store
        .delete_partner(sub.id, "P", &[PartnerEntryKind::AuthorizedUsers])
        .await
        .expect("delete_partner keeping users");
    let partners = all(service::partners().entity_type);
    assert_eq!(keys(&read(store, sub.id, &EntitySource::Partners, &partners).await), strings(&["P", "Q"]));
    let users = all(service::authorized_users().entity_type);
    assert_eq!(read(store, sub.id, &EntitySource::AuthorizedUsers, &users).await.rows.len(), 1, "kept");
    store.delete_partner(sub.id, "P", &[]).await.expect("delete_partner");
    assert_eq!(keys(&read(store, sub.id, &EntitySource::Partners, &partners).await), strings(&["Q"]));
    let strings_all = all(service::string_parameters().entity_type);
    assert_eq!(read(store, sub.id, &EntitySource::StringParameters, &strings_all).await.rows.len(), 1, "Q's stays");
    assert_not_found(store.delete_partner(sub.id, "P", &[]).await, "a deleted partner");
}
