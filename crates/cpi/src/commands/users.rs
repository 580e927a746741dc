//! `cpi user …`: users of the subaccount's identity provider.

use anyhow::bail;

use cpi_client::ControlPlaneClient;

use cpi_client::control_plane::{CreateUser, UpdateUser};

use crate::commands::admin::{UserCommand, read_password};
use crate::commands::output::{print_json, print_table};

async fn user_id(client: &ControlPlaneClient, username: &str) -> anyhow::Result<String> {
    match client.find_user_by_name(username).await? {
        Some(user) => Ok(user.id),
        None => bail!("user '{username}' not found"),
    }
}

/// Runs a user command.
pub async fn run(client: &ControlPlaneClient, json: bool, command: UserCommand) -> anyhow::Result<()> {
    match command {
        UserCommand::Add { username, email, role_collections } => {
            let body = CreateUser { username: username.clone(), email, password: read_password()?, role_collections };
            let user = client.create_user(&body).await?;
            if json { print_json(&serde_json::to_value(&user)?) } else { done(&format!("User {username} added.")) }
        }
        UserCommand::List => {
            let users = client.list_users().await?;
            if json {
                return print_json(&serde_json::to_value(&users)?);
            }
            let rows = users.iter().map(|u| vec![u.username.clone(), u.role_collections.join(", ")]).collect();
            print_table(&["user", "role collections"], rows);
            Ok(())
        }
        UserCommand::SetRoles { username, role_collections } => {
            let id = user_id(client, &username).await?;
            client.update_user(&id, &UpdateUser { password: None, role_collections: Some(role_collections) }).await?;
            done(&format!("Role collections of {username} set."))
        }
        UserCommand::Passwd { username } => {
            let id = user_id(client, &username).await?;
            client.update_user(&id, &UpdateUser { password: Some(read_password()?), role_collections: None }).await?;
            done(&format!("Password of {username} changed."))
        }
        UserCommand::Delete { username } => {
            let id = user_id(client, &username).await?;
            client.delete_user(&id).await?;
            done(&format!("User {username} deleted."))
        }
    }
}

fn done(message: &str) -> anyhow::Result<()> {
    outln!("{message}\nOK");
    Ok(())
}
