//! What the create wizard and the parameter editor offer: the plans with SAP's descriptions and
//! defaults, the grant types, and the roles with what each grants (the role templates of the
//! `it` application with their permissions; the runtime roles of `integration-flow`).

use serde_json::{Value, json};

use cpi_domain::plan::{API_INVOKE_ROLE, DEFAULT_SENDER_ROLE, TOKEN_VALIDITY_RANGE};
use cpi_domain::role::ROLE_TEMPLATES;
use cpi_domain::{GrantType, InstanceParameters, Plan};

/// A grant type's label in the cockpit's form.
pub fn grant_label(grant: GrantType) -> &'static str {
    match grant {
        GrantType::ClientCredentials => "Client Credentials",
        GrantType::Password => "Password",
        GrantType::AuthorizationCode => "Authorization Code",
        GrantType::RefreshToken => "Refresh Token",
    }
}

/// A role the form offers.
#[derive(Debug, Clone)]
pub struct RoleChoice {
    /// The value in `roles`.
    pub name: &'static str,
    /// What it is for.
    pub description: &'static str,
    /// What it grants (permissions in tokens, or the runtime role).
    pub grants: Vec<&'static str>,
}

/// The roles an instance of `plan` may list (custom runtime roles aside).
pub fn role_choices(plan: Plan) -> Vec<RoleChoice> {
    match plan {
        Plan::Api => ROLE_TEMPLATES
            .iter()
            .map(|t| RoleChoice {
                name: t.name,
                description: t.description,
                grants: t.permissions.iter().map(|p| p.as_str()).collect(),
            })
            .collect(),
        Plan::IntegrationFlow => vec![
            RoleChoice {
                name: DEFAULT_SENDER_ROLE,
                description: "Send messages to integration flows (the default user role of a sender channel)",
                grants: vec![DEFAULT_SENDER_ROLE],
            },
            RoleChoice {
                name: API_INVOKE_ROLE,
                description: "Call integration flows exposed as APIs",
                grants: vec![API_INVOKE_ROLE],
            },
        ],
    }
}

/// The data the editor's script reads: plans (description, defaults, roles), grant types and the
/// token-validity range.
pub fn editor_data() -> Value {
    let plans: serde_json::Map<String, Value> = Plan::ALL
        .iter()
        .map(|plan| {
            let roles: Vec<Value> = role_choices(*plan)
                .iter()
                .map(|r| json!({"name": r.name, "description": r.description, "grants": r.grants}))
                .collect();
            let entry = json!({
                "description": plan.description(),
                "defaults": InstanceParameters::defaults(*plan).to_json(),
                "roles": roles,
                "customRoles": *plan == Plan::IntegrationFlow,
            });
            (plan.name().to_owned(), entry)
        })
        .collect();
    let grants: Vec<Value> =
        GrantType::ALL.iter().map(|g| json!({"value": g.as_str(), "label": grant_label(*g)})).collect();
    json!({
        "plans": plans,
        "grantTypes": grants,
        "tokenValidity": {"min": TOKEN_VALIDITY_RANGE.start(), "max": TOKEN_VALIDITY_RANGE.end()},
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_offered_role_is_accepted_by_its_plan() {
        for plan in Plan::ALL {
            for role in role_choices(plan) {
                let parameters = json!({"roles": [role.name]});
                assert!(InstanceParameters::parse(plan, Some(&parameters)).is_ok(), "{} on {}", role.name, plan.name());
                assert!(!role.grants.is_empty(), "{} says what it grants", role.name);
            }
        }
    }

    #[test]
    fn the_editor_gets_both_plans_with_their_defaults() {
        let data = editor_data();
        assert_eq!(data["plans"]["integration-flow"]["defaults"]["roles"], json!(["ESBMessaging.send"]));
        assert_eq!(data["plans"]["api"]["defaults"]["token-validity"], json!(43200));
        assert_eq!(data["grantTypes"].as_array().map(Vec::len), Some(GrantType::ALL.len()));
    }
}
