//! Security material and the Partner Directory: `cpi credential …`, `cpi secure-parameter …`,
//! `cpi oauth2-credential …`, `cpi keystore list`, `cpi partner …`. Secret values are read from
//! standard input (a line), never from an argument (arguments show up in `ps`).

use std::io::{BufRead, IsTerminal};

use anyhow::Context;
use clap::{Args, Subcommand};

use cpi_client::tenant::{NewOAuth2ClientCredential, NewSecureParameter, NewUserCredential, TenantClient};

use super::connection::ClientArgs;
use super::view::{Listing, date_text};

/// `cpi credential …` (User Credentials).
#[derive(Debug, Args)]
pub struct CredentialArgs {
    #[command(flatten)]
    pub client: ClientArgs,
    #[command(subcommand)]
    pub command: CredentialCommand,
}

/// User credential commands.
#[derive(Debug, Subcommand)]
pub enum CredentialCommand {
    /// List user credentials (passwords are never shown).
    List,
    /// Deploy a user credential; the password is read from stdin (or asked without echo).
    Create {
        /// Credential name.
        name: String,
        /// User.
        #[arg(long)]
        user: String,
        /// Kind: default, successfactors, openconnectors.
        #[arg(long, default_value = "default")]
        kind: String,
        /// Description.
        #[arg(long, default_value = "")]
        description: String,
    },
    /// Delete a user credential.
    Delete {
        /// Credential name.
        name: String,
    },
}

/// `cpi secure-parameter …`.
#[derive(Debug, Args)]
pub struct SecureParameterArgs {
    #[command(flatten)]
    pub client: ClientArgs,
    #[command(subcommand)]
    pub command: SecureParameterCommand,
}

/// Secure parameter commands.
#[derive(Debug, Subcommand)]
pub enum SecureParameterCommand {
    /// List secure parameters (values are never shown).
    List,
    /// Deploy a secure parameter; the value is read from stdin (or asked without echo).
    Create {
        /// Name.
        name: String,
        /// Description.
        #[arg(long, default_value = "")]
        description: String,
    },
    /// Delete a secure parameter.
    Delete {
        /// Name.
        name: String,
    },
}

/// `cpi oauth2-credential …`.
#[derive(Debug, Args)]
pub struct OAuth2Args {
    #[command(flatten)]
    pub client: ClientArgs,
    #[command(subcommand)]
    pub command: OAuth2Command,
}

/// OAuth2 client credential commands.
#[derive(Debug, Subcommand)]
pub enum OAuth2Command {
    /// List OAuth2 client credentials.
    List,
    /// Deploy one; the client secret is read from stdin (or asked without echo).
    Create {
        /// Name.
        name: String,
        /// Token service URL.
        #[arg(long)]
        token_url: String,
        /// Client id.
        #[arg(long)]
        client_id: String,
        /// Scope.
        #[arg(long, default_value = "")]
        scope: String,
    },
    /// Delete one.
    Delete {
        /// Name.
        name: String,
    },
}

/// `cpi partner …` (Partner Directory).
#[derive(Debug, Args)]
pub struct PartnerArgs {
    #[command(flatten)]
    pub client: ClientArgs,
    #[command(subcommand)]
    pub command: PartnerCommand,
}

/// Partner Directory commands.
#[derive(Debug, Subcommand)]
pub enum PartnerCommand {
    /// List partners.
    List,
    /// List string parameters (of one partner with --pid).
    Params {
        /// Partner id.
        #[arg(long)]
        pid: Option<String>,
    },
    /// Create or replace a string parameter.
    Set {
        /// Partner id.
        pid: String,
        /// Parameter id.
        id: String,
        /// Value.
        value: String,
    },
    /// Delete a string parameter.
    Unset {
        /// Partner id.
        pid: String,
        /// Parameter id.
        id: String,
    },
    /// Delete a partner and its parameters.
    Delete {
        /// Partner id.
        pid: String,
    },
}

/// A secret from stdin: asked without echo on a terminal, else the first line.
fn read_secret(prompt: &str) -> anyhow::Result<String> {
    if std::io::stdin().is_terminal() {
        return rpassword::prompt_password(format!("{prompt}: ")).context("cannot read the secret");
    }
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).context("cannot read the secret from stdin")?;
    let secret = line.trim_end_matches(['\r', '\n']).to_owned();
    anyhow::ensure!(!secret.is_empty(), "{prompt}: nothing was given on stdin");
    Ok(secret)
}

/// Runs `cpi credential …`.
pub async fn credential(tenant: &TenantClient, listing: &Listing, command: CredentialCommand) -> anyhow::Result<()> {
    match command {
        CredentialCommand::List => {
            let credentials = tenant.user_credentials().await?;
            listing.print(&credentials, &["NAME", "KIND", "USER", "DEPLOYED ON"], |c| {
                vec![
                    c.name.clone(),
                    c.kind.clone(),
                    c.user.clone(),
                    date_text(c.security_artifact_descriptor.deployed_on),
                ]
            })
        }
        CredentialCommand::Create { name, user, kind, description } => {
            let password = read_secret("Password")?;
            let credential =
                NewUserCredential { name: name.clone(), kind, description, user, password, company_id: String::new() };
            tenant.create_user_credential(&credential).await?;
            listing.done(&serde_json::json!({"deployed": name}), &format!("User credential '{name}' deployed."))
        }
        CredentialCommand::Delete { name } => {
            tenant.delete_user_credential(&name).await?;
            listing.done(&serde_json::json!({"deleted": name}), &format!("User credential '{name}' deleted."))
        }
    }
}

/// Runs `cpi secure-parameter …`.
pub async fn secure_parameter(
    tenant: &TenantClient,
    listing: &Listing,
    command: SecureParameterCommand,
) -> anyhow::Result<()> {
    match command {
        SecureParameterCommand::List => {
            let parameters = tenant.secure_parameters().await?;
            listing.print(&parameters, &["NAME", "DESCRIPTION", "DEPLOYED ON"], |p| {
                vec![p.name.clone(), p.description.clone(), date_text(p.deployed_on)]
            })
        }
        SecureParameterCommand::Create { name, description } => {
            let value = read_secret("Secure parameter value")?;
            tenant
                .create_secure_parameter(&NewSecureParameter { name: name.clone(), secure_param: value, description })
                .await?;
            listing.done(&serde_json::json!({"deployed": name}), &format!("Secure parameter '{name}' deployed."))
        }
        SecureParameterCommand::Delete { name } => {
            tenant.delete_secure_parameter(&name).await?;
            listing.done(&serde_json::json!({"deleted": name}), &format!("Secure parameter '{name}' deleted."))
        }
    }
}

/// Runs `cpi oauth2-credential …`.
pub async fn oauth2(tenant: &TenantClient, listing: &Listing, command: OAuth2Command) -> anyhow::Result<()> {
    match command {
        OAuth2Command::List => {
            let credentials = tenant.oauth2_credentials().await?;
            listing.print(&credentials, &["NAME", "CLIENT ID", "TOKEN URL"], |c| {
                vec![c.name.clone(), c.client_id.clone(), c.token_service_url.clone()]
            })
        }
        OAuth2Command::Create { name, token_url, client_id, scope } => {
            let secret = read_secret("Client secret")?;
            let credential = NewOAuth2ClientCredential {
                name: name.clone(),
                token_service_url: token_url,
                client_id,
                client_secret: secret,
                scope,
                ..NewOAuth2ClientCredential::default()
            };
            tenant.create_oauth2_credential(&credential).await?;
            listing
                .done(&serde_json::json!({"deployed": name}), &format!("OAuth2 client credential '{name}' deployed."))
        }
        OAuth2Command::Delete { name } => {
            tenant.delete_oauth2_credential(&name).await?;
            listing.done(&serde_json::json!({"deleted": name}), &format!("OAuth2 client credential '{name}' deleted."))
        }
    }
}

/// Runs `cpi keystore list`.
pub async fn keystore(tenant: &TenantClient, listing: &Listing) -> anyhow::Result<()> {
    let entries = tenant.keystore_entries().await?;
    listing.print(&entries, &["ALIAS", "TYPE", "VALID UNTIL", "SUBJECT"], |e| {
        vec![e.alias.clone(), e.key_type.clone(), date_text(e.valid_not_after), e.subject_dn.clone()]
    })
}

/// Runs `cpi partner …`.
pub async fn partner(tenant: &TenantClient, listing: &Listing, command: PartnerCommand) -> anyhow::Result<()> {
    match command {
        PartnerCommand::List => {
            let partners = tenant.partners().await?;
            listing.print(&partners, &["PID"], |p| vec![p.pid.clone()])
        }
        PartnerCommand::Params { pid } => {
            let parameters = tenant.string_parameters(pid.as_deref()).await?;
            listing.print(&parameters, &["PID", "ID", "VALUE"], |p| vec![p.pid.clone(), p.id.clone(), p.value.clone()])
        }
        PartnerCommand::Set { pid, id, value } => {
            tenant.put_string_parameter(&pid, &id, &value).await?;
            listing.done(&serde_json::json!({"pid": pid, "id": id}), &format!("'{id}' of partner '{pid}' set."))
        }
        PartnerCommand::Unset { pid, id } => {
            tenant.delete_string_parameter(&pid, &id).await?;
            listing.done(&serde_json::json!({"pid": pid, "id": id}), &format!("'{id}' of partner '{pid}' deleted."))
        }
        PartnerCommand::Delete { pid } => {
            tenant.delete_partner(&pid).await?;
            listing.done(&serde_json::json!({"deleted": pid}), &format!("Partner '{pid}' deleted."))
        }
    }
}
