//! `cpi doctor`: checks the connection and the key step by step (reachability, the token call,
//! the token's scopes, one read per area) and says which commands the key can use and which role
//! template to add to the instance for each one it cannot.

mod capabilities;

use std::time::Instant;

use base64::Engine;
use serde::Serialize;

use cpi_client::TenantClient;
use cpi_client::http::ErrorClass;

use super::connection::{ClientArgs, Target, api_client, resolve};
use super::exit::{AUTH, CommandFailure, NETWORK};
use super::profiles::ProfileStore;
use crate::commands::output::print_json;
use capabilities::{CapabilityCheck, Grants, check_capabilities, grants_of, permission_set};

/// One read per area, with the path it calls.
const PROBES: &[(&str, &str)] = &[
    ("workspace", "IntegrationPackages?$top=1"),
    ("runtime", "IntegrationRuntimeArtifacts?$top=1"),
    ("monitoring", "MessageProcessingLogs?$top=1"),
    ("security material", "UserCredentials?$top=1"),
    ("partner directory", "Partners?$top=1"),
];

/// The result of one probe.
#[derive(Debug, Serialize)]
struct Probe {
    area: String,
    call: String,
    outcome: String,
    ok: bool,
}

/// The whole report.
#[derive(Debug, Serialize)]
struct Report {
    tenant: String,
    source: String,
    client_id: String,
    token_url: String,
    token_ms: u128,
    token_expires_in_s: u64,
    grants: Grants,
    probes: Vec<Probe>,
    commands: Vec<CapabilityCheck>,
}

/// Runs `cpi doctor`.
pub async fn doctor(args: ClientArgs) -> anyhow::Result<()> {
    let target = resolve(&args, &ProfileStore::from_env())?;
    let api = api_client(&target)?;
    let started = Instant::now();
    // A fresh token (its scopes are the key's as they are now), which the probes then use too.
    let token = match api.tokens().refresh().await {
        Ok(token) => token,
        Err(error) => return Err(token_failure(&target, cpi_client::ApiError::from(error))),
    };
    let token_ms = started.elapsed().as_millis();
    let mut scopes = scopes_of(&token.access_token);
    if scopes.is_empty() {
        scopes = token.scope.as_deref().unwrap_or_default().split_whitespace().map(str::to_owned).collect();
    }
    let grants = grants_of(&scopes);
    let tenant = TenantClient::new(api);
    let mut probes = Vec::new();
    for (area, path) in PROBES {
        probes.push(probe(&tenant, area, path).await);
    }
    let report = Report {
        tenant: target.key.url.clone(),
        source: target.source.clone(),
        client_id: target.key.client_id.clone(),
        token_url: target.key.token_url.clone(),
        token_ms,
        token_expires_in_s: token.expires_in.unwrap_or_default(),
        commands: check_capabilities(permission_set(&grants)),
        grants,
        probes,
    };
    if args.json {
        return print_json(&serde_json::to_value(&report)?);
    }
    print_report(&report);
    Ok(())
}

/// A token call that failed: why, in words, with the exit code of its class.
fn token_failure(target: &Target, error: cpi_client::ApiError) -> anyhow::Error {
    let (code, hint) = match error.class() {
        ErrorClass::Network => (NETWORK, format!("the token URL {} cannot be reached", target.key.token_url)),
        ErrorClass::Auth => (
            AUTH,
            format!(
                "the token service refused client id {}: the secret is wrong, or the key was deleted (create a new key and `cpi login` again)",
                target.key.client_id
            ),
        ),
        _ => (AUTH, format!("the token call to {} failed", target.key.token_url)),
    };
    CommandFailure { code, message: format!("{hint} ({error}); credentials from {}", target.source) }.into()
}

/// The `scope` claim of a JWT (unverified: only to explain what the key holds).
fn scopes_of(jwt: &str) -> Vec<String> {
    let payload = jwt.split('.').nth(1).unwrap_or_default();
    let bytes =
        base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(payload.trim_end_matches('=')).unwrap_or_default();
    let claims: serde_json::Value = serde_json::from_slice(&bytes).unwrap_or_default();
    match &claims["scope"] {
        serde_json::Value::Array(items) => items.iter().filter_map(|s| s.as_str().map(str::to_owned)).collect(),
        serde_json::Value::String(text) => text.split_whitespace().map(str::to_owned).collect(),
        _ => Vec::new(),
    }
}

async fn probe(tenant: &TenantClient, area: &str, path: &str) -> Probe {
    let started = Instant::now();
    let result = tenant.api().send(reqwest::Method::GET, path, None).await;
    let ms = started.elapsed().as_millis();
    let (ok, outcome) = match result {
        Ok(response) => (true, format!("{} in {ms} ms", response.status.as_u16())),
        Err(error) => (false, error.to_string()),
    };
    Probe { area: area.to_owned(), call: format!("GET {path}"), outcome, ok }
}

/// `Label       a, b, c` wrapped at 100 columns under the first item.
fn print_wrapped(label: &str, items: &[String]) {
    if items.is_empty() {
        outln!("{label:<11} (none)");
        return;
    }
    let mut line = format!("{label:<11} {}", items.len());
    line.push(':');
    for item in items {
        if line.len() + item.len() + 2 > 100 {
            outln!("{line}");
            line = " ".repeat(11);
        }
        line.push(' ');
        line.push_str(item);
    }
    outln!("{line}");
}

fn print_report(report: &Report) {
    outln!("Tenant      {} ({})", report.tenant, report.source);
    outln!("Client id   {}", report.client_id);
    outln!(
        "Token       ok from {} in {} ms, valid for {} s",
        report.token_url,
        report.token_ms,
        report.token_expires_in_s
    );
    if !report.grants.runtime_roles.is_empty() {
        outln!("Runtime roles (integration-flow key): {}", report.grants.runtime_roles.join(", "));
        outln!("  This key calls deployed flows at <url>/http/<address>; it cannot use the API.");
    }
    print_wrapped("Permissions", &report.grants.permissions);
    outln!();
    for probe in &report.probes {
        outln!("  {:<4} {:<18} {}  {}", if probe.ok { "ok" } else { "FAIL" }, probe.area, probe.call, probe.outcome);
    }
    outln!();
    for check in &report.commands {
        if check.allowed {
            outln!("  can     {}", check.commands);
        } else {
            outln!(
                "  cannot  {}  (needs {}; add the role template {} to the instance)",
                check.commands,
                check.permission,
                check.add_one_of.join(" or ")
            );
        }
    }
}
