//! The Partner Directory's sources: a table per kind of entry, and the partners as the distinct
//! partner ids over those tables.

/// Every partner id in use, with its subaccount: one `SELECT` per table of entries (the tables
/// of `crate::partners::PARTNER_ENTRY_TABLES`; a test checks they agree). A new kind of entry
/// is one more `UNION` line here.
pub(super) const PARTNER_IDS: &str = concat!(
    "(SELECT subaccount_id, pid FROM partner_string_parameters",
    " UNION SELECT subaccount_id, pid FROM partner_binary_parameters",
    " UNION SELECT subaccount_id, pid FROM partner_alternative_partners",
    " UNION SELECT subaccount_id, pid FROM partner_authorized_users",
    " UNION SELECT subaccount_id, pid FROM partner_user_credentials",
    ")",
);

pub(super) const PARTNER: &[(&str, &str)] = &[("Pid", "pid")];

/// Who changed an entry and when (every table of entries has these columns).
macro_rules! audited {
    ($($property:expr),* $(,)?) => {
        &[
            $($property,)*
            ("LastModifiedBy", "last_modified_by"),
            ("LastModifiedTime", "last_modified_time"),
            ("CreatedBy", "created_by"),
            ("CreatedTime", "created_time"),
        ]
    };
}

pub(super) const STRING_PARAMETER: &[(&str, &str)] = audited![("Pid", "pid"), ("Id", "id"), ("Value", "value")];

pub(super) const BINARY_PARAMETER: &[(&str, &str)] =
    audited![("Pid", "pid"), ("Id", "id"), ("ContentType", "content_type"), ("Value", "value")];

pub(super) const ALTERNATIVE_PARTNER: &[(&str, &str)] = audited![
    ("Hexagency", "hexagency"),
    ("Hexscheme", "hexscheme"),
    ("Hexid", "hexid"),
    ("Agency", "agency"),
    ("Scheme", "scheme"),
    ("Id", "id"),
    ("Pid", "pid"),
];

pub(super) const AUTHORIZED_USER: &[(&str, &str)] = audited![("User", "user_name"), ("Pid", "pid")];

#[cfg(test)]
mod tests {
    use super::PARTNER_IDS;
    use crate::partners::PARTNER_ENTRY_TABLES;

    #[test]
    fn partners_are_the_ids_of_every_table_of_entries() {
        let unioned: Vec<&str> =
            PARTNER_IDS.split("FROM ").skip(1).map(|rest| rest.split([' ', ')']).next().unwrap_or("")).collect();
        let tables: Vec<&str> = PARTNER_ENTRY_TABLES.iter().map(|(_, table)| *table).collect();
        assert_eq!(unioned, tables);
    }
}
