//! The Partner Directory: partners and string parameters.

use reqwest::Method;
use serde::Serialize;

use super::{Partner, StringParameter, TenantClient, key_literal, string_literal};
use crate::http::ApiError;

const STRING_PARAMETERS: &str = "StringParameters";

fn string_parameter_path(pid: &str, id: &str) -> String {
    format!("{STRING_PARAMETERS}(Pid={},Id={})", key_literal(pid), key_literal(id))
}

impl TenantClient {
    /// Every partner.
    pub async fn partners(&self) -> Result<Vec<Partner>, ApiError> {
        self.list_all("Partners", &[]).await
    }

    /// Deletes a partner with all its entries (204).
    pub async fn delete_partner(&self, pid: &str) -> Result<(), ApiError> {
        self.api.delete(&format!("Partners({})", key_literal(pid))).await
    }

    /// The string parameters of one partner (`$filter=Pid eq '…'`), or of every partner.
    pub async fn string_parameters(&self, pid: Option<&str>) -> Result<Vec<StringParameter>, ApiError> {
        match pid {
            Some(pid) => {
                let filter = format!("Pid eq {}", string_literal(pid));
                self.list_all(STRING_PARAMETERS, &[("$filter", &filter)]).await
            }
            None => self.list_all(STRING_PARAMETERS, &[]).await,
        }
    }

    /// One string parameter.
    pub async fn string_parameter(&self, pid: &str, id: &str) -> Result<StringParameter, ApiError> {
        self.get_entity(&string_parameter_path(pid, id)).await
    }

    /// Sets a string parameter, creating it if needed: `PUT StringParameters(Pid=,Id=)` with
    /// `{"Value":…}` (204), and on 404 `POST StringParameters` with `{Pid, Id, Value}` (201).
    pub async fn put_string_parameter(&self, pid: &str, id: &str, value: &str) -> Result<(), ApiError> {
        #[derive(Serialize)]
        #[serde(rename_all = "PascalCase")]
        struct Update<'a> {
            value: &'a str,
        }
        #[derive(Serialize)]
        #[serde(rename_all = "PascalCase")]
        struct Create<'a> {
            pid: &'a str,
            id: &'a str,
            value: &'a str,
        }
        let path = string_parameter_path(pid, id);
        match self.send_body(Method::PUT, &path, &Update { value }).await {
            Ok(_) => Ok(()),
            Err(ApiError::NotFound { .. }) => {
                self.send_body(Method::POST, STRING_PARAMETERS, &Create { pid, id, value }).await.map(drop)
            }
            Err(other) => Err(other),
        }
    }

    /// Deletes a string parameter (204).
    pub async fn delete_string_parameter(&self, pid: &str, id: &str) -> Result<(), ApiError> {
        self.api.delete(&string_parameter_path(pid, id)).await
    }
}
