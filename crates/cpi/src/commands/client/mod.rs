//! The client side of `cpi`: commands against a real SAP tenant or the local one, named as nouns
//! then verbs (`cpi package list`, `cpi mpl list --status FAILED`), with tables or `--json`,
//! stable exit codes ([`exit`]) and profiles ([`profiles`]).

pub mod backup;
pub mod connection;
pub mod content;
pub mod deploy;
pub mod doctor;
pub mod exit;
pub mod login;
pub mod monitor;
pub mod private_files;
pub mod profiles;
pub mod secret_store;
pub mod security;
pub mod token_cache;
pub mod view;

use cpi_client::tenant::TenantClient;

use connection::{ClientArgs, Target, api_client, resolve};
use profiles::ProfileStore;
use view::Listing;

/// A command's resolved connection and its tenant client.
#[derive(Debug)]
pub struct Connected {
    /// Where the credentials came from.
    pub target: Target,
    /// The client.
    pub tenant: TenantClient,
}

/// Resolves a command's connection options once and builds its client.
pub fn connect(args: &ClientArgs) -> anyhow::Result<Connected> {
    let target = resolve(args, &ProfileStore::from_env())?;
    let tenant = TenantClient::new(api_client(&target)?);
    Ok(Connected { target, tenant })
}

impl Connected {
    /// Says where refused credentials came from, so the user knows what to fix.
    pub fn explain(&self, error: anyhow::Error) -> anyhow::Error {
        if exit::code_of(&error) != exit::AUTH {
            return error;
        }
        error.context(format!(
            "the tenant refused the credentials of {} (client id {}); check the secret or run `cpi login` again",
            self.target.source, self.target.key.client_id
        ))
    }
}

/// The tenant commands (everything but login and profiles).
#[derive(Debug, clap::Subcommand)]
pub enum TenantCommand {
    /// Integration packages: list, show, create, delete, export, import.
    Package(content::PackageArgs),
    /// Design-time artifacts: list, show, download, upload, delete, config, resources, save-as-version.
    Artifact(content::ArtifactArgs),
    /// Deploy an artifact (`--wait` shows progress and fails if the deployment fails).
    Deploy(deploy::DeployArgs),
    /// Undeploy an artifact.
    Undeploy(deploy::UndeployArgs),
    /// Deployed artifacts: list, show, error.
    Runtime(deploy::RuntimeArgs),
    /// User credentials: list, create, delete.
    Credential(security::CredentialArgs),
    /// Secure parameters: list, create, delete.
    SecureParameter(security::SecureParameterArgs),
    /// OAuth2 client credentials: list, create, delete.
    #[command(name = "oauth2-credential")]
    OAuth2Credential(security::OAuth2Args),
    /// The tenant keystore's entries.
    Keystore {
        #[command(flatten)]
        client: ClientArgs,
        #[command(subcommand)]
        command: ListOnly,
    },
    /// Partner Directory: partners and their string parameters.
    Partner(security::PartnerArgs),
    /// The HTTP endpoints of deployed flows.
    Endpoint {
        #[command(flatten)]
        client: ClientArgs,
        #[command(subcommand)]
        command: EndpointCommand,
    },
}

/// Endpoint commands.
#[derive(Debug, clap::Subcommand)]
pub enum EndpointCommand {
    /// List the endpoints.
    List,
}

/// A group with only `list`.
#[derive(Debug, clap::Subcommand)]
pub enum ListOnly {
    /// List them.
    List,
}

impl TenantCommand {
    fn client(&self) -> &ClientArgs {
        match self {
            TenantCommand::Package(args) => &args.client,
            TenantCommand::Artifact(args) => &args.client,
            TenantCommand::Deploy(args) => &args.client,
            TenantCommand::Undeploy(args) => &args.client,
            TenantCommand::Runtime(args) => &args.client,
            TenantCommand::Credential(args) => &args.client,
            TenantCommand::SecureParameter(args) => &args.client,
            TenantCommand::OAuth2Credential(args) => &args.client,
            TenantCommand::Partner(args) => &args.client,
            TenantCommand::Keystore { client, .. } | TenantCommand::Endpoint { client, .. } => client,
        }
    }
}

/// Runs a tenant command.
pub async fn run(command: TenantCommand) -> anyhow::Result<()> {
    let args = command.client().clone();
    let connected = connect(&args)?;
    let tenant = &connected.tenant;
    let listing = Listing { json: args.json };
    let result = match command {
        TenantCommand::Package(args) => content::package(tenant, &listing, args.command).await,
        TenantCommand::Artifact(args) => content::artifact(tenant, &listing, args.kind, args.command).await,
        TenantCommand::Deploy(args) => deploy::deploy(tenant, &listing, args).await,
        TenantCommand::Undeploy(args) => deploy::undeploy(tenant, &listing, args).await,
        TenantCommand::Runtime(args) => deploy::runtime(tenant, &listing, args.command).await,
        TenantCommand::Endpoint { command: EndpointCommand::List, .. } => deploy::endpoints(tenant, &listing).await,
        TenantCommand::Credential(args) => security::credential(tenant, &listing, args.command).await,
        TenantCommand::SecureParameter(args) => security::secure_parameter(tenant, &listing, args.command).await,
        TenantCommand::OAuth2Credential(args) => security::oauth2(tenant, &listing, args.command).await,
        TenantCommand::Keystore { command: ListOnly::List, .. } => security::keystore(tenant, &listing).await,
        TenantCommand::Partner(args) => security::partner(tenant, &listing, args.command).await,
    };
    result.map_err(|error| connected.explain(error))
}
