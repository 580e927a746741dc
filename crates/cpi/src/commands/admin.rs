//! Control-plane commands that read like the `cf` commands admins know:
//! `cpi instance create it-rt api my-api -c '{…}'`, `cpi key create my-api my-key`,
//! `cpi key show my-api my-key` (the key as the cockpit shows it), plus users and signing keys.

use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::{Args, Subcommand};
use serde_json::Value;

use cpi_client::control_plane::{CreateBinding, CreateInstance};
use cpi_client::{AdminKey, ControlPlaneClient, HttpOptions};

use crate::commands::output::{print_json, print_table};

/// How to reach the control plane.
#[derive(Debug, Args)]
pub struct Connection {
    /// The Service Manager binding to use (default: <data dir>/admin-key.json).
    #[arg(long, global = true, env = "CPI_ADMIN_KEY")]
    admin_key: Option<PathBuf>,
    /// Print JSON instead of tables.
    #[arg(long, global = true)]
    json: bool,
}

/// Control-plane command groups.
#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// The it-rt offering and its plans (like `cf marketplace -e it-rt`).
    Marketplace(Connection),
    /// Service instances (like `cf create-service`, `cf services`, `cf update-service`, `cf delete-service`).
    Instance {
        #[command(flatten)]
        connection: Connection,
        #[command(subcommand)]
        command: InstanceCommand,
    },
    /// Service keys (like `cf create-service-key`, `cf service-key`, `cf service-keys`, `cf delete-service-key`).
    Key {
        #[command(flatten)]
        connection: Connection,
        #[command(subcommand)]
        command: KeyCommand,
    },
    /// Users of the subaccount's identity provider and their role collections.
    User {
        #[command(flatten)]
        connection: Connection,
        #[command(subcommand)]
        command: UserCommand,
    },
    /// The token signing keys of the subaccount.
    SigningKey {
        #[command(flatten)]
        connection: Connection,
        #[command(subcommand)]
        command: SigningKeyCommand,
    },
}

/// Instance commands.
#[derive(Debug, Subcommand)]
pub enum InstanceCommand {
    /// Create an instance: `cpi instance create it-rt api my-api -c '{"roles":["WorkspacePackagesRead"]}'`.
    Create {
        /// The offering (it-rt).
        offering: String,
        /// The plan: api or integration-flow.
        plan: String,
        /// The instance name (at most 32 of [A-Za-z0-9._-]).
        name: String,
        /// Parameters as inline JSON or a file path.
        #[arg(short = 'c')]
        parameters: Option<String>,
    },
    /// List instances.
    List,
    /// Show an instance and its parameters.
    Show {
        /// Instance name.
        name: String,
    },
    /// Update an instance's parameters (keys present replace current values).
    Update {
        /// Instance name.
        name: String,
        /// Parameters as inline JSON or a file path.
        #[arg(short = 'c')]
        parameters: String,
    },
    /// Delete an instance and its keys.
    Delete {
        /// Instance name.
        name: String,
    },
}

/// Key commands.
#[derive(Debug, Subcommand)]
pub enum KeyCommand {
    /// Create a key and print it.
    Create {
        /// Instance name.
        instance: String,
        /// Key name.
        name: String,
        /// Parameters as inline JSON or a file path.
        #[arg(short = 'c')]
        parameters: Option<String>,
    },
    /// Print a key exactly as the cockpit shows it (`{"oauth":{…}}`).
    Show {
        /// Instance name.
        instance: String,
        /// Key name.
        name: String,
        /// Print only the key's id.
        #[arg(long)]
        guid: bool,
        /// Print it as `cf service-key` (v8) does: `{"credentials":{…}}`.
        #[arg(long)]
        cf: bool,
    },
    /// List an instance's keys.
    List {
        /// Instance name.
        instance: String,
    },
    /// Delete a key (its secret stops working at once).
    Delete {
        /// Instance name.
        instance: String,
        /// Key name.
        name: String,
    },
}

/// User commands.
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add a user; the password is read from the environment variable CPI_USER_PASSWORD or stdin.
    Add {
        /// User name.
        username: String,
        /// E-mail address.
        #[arg(long)]
        email: Option<String>,
        /// Role collections (PI_Administrator, PI_Integration_Developer, PI_Business_Expert, PI_Read_Only, PI_Integration_Sender).
        #[arg(long = "role-collection", short = 'r')]
        role_collections: Vec<String>,
    },
    /// List users.
    List,
    /// Replace a user's role collections.
    SetRoles {
        /// User name.
        username: String,
        /// Role collections.
        #[arg(long = "role-collection", short = 'r')]
        role_collections: Vec<String>,
    },
    /// Set a user's password (from CPI_USER_PASSWORD or stdin).
    Passwd {
        /// User name.
        username: String,
    },
    /// Delete a user.
    Delete {
        /// User name.
        username: String,
    },
}

/// Signing-key commands.
#[derive(Debug, Subcommand)]
pub enum SigningKeyCommand {
    /// Create a new signing key; the old one keeps verifying until its tokens expire.
    Rotate,
    /// List signing keys.
    List,
}

fn client(connection: &Connection) -> anyhow::Result<ControlPlaneClient> {
    let path = connection
        .admin_key
        .clone()
        .unwrap_or_else(|| crate::commands::serve::data_dir_from_env().join("admin-key.json"));
    let text = std::fs::read_to_string(&path).with_context(|| {
        format!("cannot read the control-plane key {} (start `cpi serve` first or pass --admin-key)", path.display())
    })?;
    let key = AdminKey::from_json(&text).with_context(|| format!("invalid control-plane key {}", path.display()))?;
    Ok(ControlPlaneClient::for_admin_key(&key, &HttpOptions::default())?)
}

/// Reads `-c`: inline JSON, or the path of a JSON file.
pub fn read_parameters(arg: &str) -> anyhow::Result<Value> {
    let text = if arg.trim_start().starts_with('{') {
        arg.to_owned()
    } else {
        std::fs::read_to_string(arg).with_context(|| format!("-c is neither inline JSON nor a readable file: {arg}"))?
    };
    serde_json::from_str(&text).context("invalid JSON in -c")
}

/// Runs a control-plane command.
pub async fn run(command: AdminCommand) -> anyhow::Result<()> {
    match command {
        AdminCommand::Marketplace(connection) => marketplace(&client(&connection)?, connection.json).await,
        AdminCommand::Instance { connection, command } => {
            instance(&client(&connection)?, connection.json, command).await
        }
        AdminCommand::Key { connection, command } => key(&client(&connection)?, connection.json, command).await,
        AdminCommand::User { connection, command } => {
            crate::commands::users::run(&client(&connection)?, connection.json, command).await
        }
        AdminCommand::SigningKey { connection, command } => {
            signing_key(&client(&connection)?, connection.json, command).await
        }
    }
}

async fn marketplace(client: &ControlPlaneClient, json: bool) -> anyhow::Result<()> {
    let plans = client.list_plans(None).await?;
    if json {
        return print_json(&serde_json::to_value(&plans)?);
    }
    let rows = plans.iter().map(|p| vec![p.name.clone(), p.description.clone()]).collect();
    print_table(&["plan", "description"], rows);
    Ok(())
}

async fn instance_id(client: &ControlPlaneClient, name: &str) -> anyhow::Result<String> {
    match client.find_instance_by_name(name).await? {
        Some(instance) => Ok(instance.id),
        None => bail!("service instance '{name}' not found"),
    }
}

async fn instance(client: &ControlPlaneClient, json: bool, command: InstanceCommand) -> anyhow::Result<()> {
    match command {
        InstanceCommand::Create { offering, plan, name, parameters } => {
            let Some(plan) = client.find_plan(&offering, &plan).await? else {
                bail!("offering '{offering}' has no plan '{plan}' (try `cpi marketplace`)");
            };
            let parameters = parameters.as_deref().map(read_parameters).transpose()?;
            let body = CreateInstance { name: name.clone(), service_plan_id: plan.id, parameters };
            let created = client.create_instance(&body).await?;
            if json {
                print_json(&serde_json::to_value(&created)?)
            } else {
                ok(&format!("Service instance {name} created."))
            }
        }
        InstanceCommand::List => {
            let instances = client.list_instances(None).await?;
            if json {
                return print_json(&serde_json::to_value(&instances)?);
            }
            let rows = instances
                .iter()
                .map(|i| {
                    vec![
                        i.name.clone(),
                        i.context["service_plan_name"].as_str().unwrap_or("").to_owned(),
                        i.created_at.clone(),
                    ]
                })
                .collect();
            print_table(&["name", "plan", "created"], rows);
            Ok(())
        }
        InstanceCommand::Show { name } => {
            let id = instance_id(client, &name).await?;
            let mut shown = serde_json::to_value(client.get_instance(&id).await?)?;
            shown["parameters"] = client.get_instance_parameters(&id).await?;
            print_json(&shown)
        }
        InstanceCommand::Update { name, parameters } => {
            let id = instance_id(client, &name).await?;
            let updated = client.update_instance_parameters(&id, read_parameters(&parameters)?).await?;
            if json {
                print_json(&serde_json::to_value(&updated)?)
            } else {
                ok(&format!("Service instance {name} updated."))
            }
        }
        InstanceCommand::Delete { name } => {
            let id = instance_id(client, &name).await?;
            client.delete_instance(&id).await?;
            ok(&format!("Service instance {name} deleted."))
        }
    }
}

async fn key(client: &ControlPlaneClient, json: bool, command: KeyCommand) -> anyhow::Result<()> {
    match command {
        KeyCommand::Create { instance, name, parameters } => {
            let instance_id = instance_id(client, &instance).await?;
            let parameters = parameters.as_deref().map(read_parameters).transpose()?;
            let binding =
                client.create_binding(&CreateBinding { name, service_instance_id: instance_id, parameters }).await?;
            print_json(&binding.credentials)
        }
        KeyCommand::Show { instance, name, guid, cf } => {
            let instance_id = instance_id(client, &instance).await?;
            let Some(binding) = client.find_binding_by_name(&instance_id, &name).await? else {
                bail!("service key '{name}' of instance '{instance}' not found");
            };
            if guid {
                outln!("{}", binding.id);
                return Ok(());
            }
            if cf {
                print_json(&serde_json::json!({"credentials": binding.credentials}))
            } else {
                print_json(&binding.credentials)
            }
        }
        KeyCommand::List { instance } => {
            let instance_id = instance_id(client, &instance).await?;
            let bindings = client.list_bindings_of_instance(&instance_id).await?;
            if json {
                let names: Vec<Value> = bindings
                    .iter()
                    .map(|b| serde_json::json!({"id": b.id, "name": b.name, "created_at": b.created_at}))
                    .collect();
                return print_json(&Value::Array(names));
            }
            print_table(
                &["name", "created"],
                bindings.iter().map(|b| vec![b.name.clone(), b.created_at.clone()]).collect(),
            );
            Ok(())
        }
        KeyCommand::Delete { instance, name } => {
            let instance_id = instance_id(client, &instance).await?;
            let Some(binding) = client.find_binding_by_name(&instance_id, &name).await? else {
                bail!("service key '{name}' of instance '{instance}' not found");
            };
            client.delete_binding(&binding.id).await?;
            ok(&format!("Service key {name} deleted."))
        }
    }
}

async fn signing_key(client: &ControlPlaneClient, json: bool, command: SigningKeyCommand) -> anyhow::Result<()> {
    match command {
        SigningKeyCommand::Rotate => {
            let created = client.rotate_signing_key().await?;
            if json {
                print_json(&serde_json::to_value(&created)?)
            } else {
                ok(&format!("New signing key {} is active.", created.kid))
            }
        }
        SigningKeyCommand::List => {
            let keys = client.list_signing_keys().await?;
            if json {
                return print_json(&serde_json::to_value(&keys)?);
            }
            let rows = keys
                .iter()
                .map(|k| {
                    vec![k.kid.clone(), k.created_at.clone(), k.retired_at.clone().unwrap_or_else(|| "active".into())]
                })
                .collect();
            print_table(&["kid", "created", "retired"], rows);
            Ok(())
        }
    }
}

fn ok(message: &str) -> anyhow::Result<()> {
    outln!("{message}\nOK");
    Ok(())
}

/// Reads a password from `CPI_USER_PASSWORD` or the first line of stdin.
pub fn read_password() -> anyhow::Result<String> {
    if let Ok(password) = std::env::var("CPI_USER_PASSWORD") {
        return Ok(password);
    }
    eprint!("Password: ");
    let mut line = String::new();
    std::io::stdin().read_line(&mut line)?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}
