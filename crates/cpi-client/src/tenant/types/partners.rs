//! The Partner Directory: partners and their string parameters.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::tenant::odata_date;

/// A partner id (`Partners`); it exists while any of its entries does.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Partner {
    pub pid: String,
}

/// A text value of a partner (`StringParameters(Pid=,Id=)`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct StringParameter {
    pub pid: String,
    pub id: String,
    pub value: String,
    pub created_by: String,
    #[serde(with = "odata_date::option")]
    pub created_time: Option<OffsetDateTime>,
    pub last_modified_by: String,
    #[serde(with = "odata_date::option")]
    pub last_modified_time: Option<OffsetDateTime>,
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn string_parameters_read_audit_fields() {
        let parameter: StringParameter = serde_json::from_value(json!({
            "Pid": "P", "Id": "url", "LastModifiedBy": "me", "LastModifiedTime": "/Date(1516201876749)/",
            "CreatedBy": "me", "CreatedTime": "/Date(1516201876749)/", "Value": "https://x"
        }))
        .unwrap();
        assert_eq!(parameter.value, "https://x");
        assert!(parameter.created_time.is_some());
    }
}
