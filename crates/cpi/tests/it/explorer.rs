//! The client commands of `cpi` (the explorer) as a user runs them: the real binary against
//! `cpi serve` on port 0, with its own config dir for profiles.

mod backup;
mod content;
mod doctor;
mod login;
mod monitor;
mod security;
mod token_cache;

use std::path::PathBuf;

use serde_json::{Value, json};
use tempfile::TempDir;

use crate::harness::TestServer;

/// What one command printed and how it exited.
#[derive(Debug)]
pub struct Ran {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Ran {
    pub fn ok(self) -> String {
        assert_eq!(self.code, 0, "stdout: {}\nstderr: {}", self.stdout, self.stderr);
        self.stdout
    }

    pub fn json(self) -> Value {
        let out = self.ok();
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("not JSON ({e}): {out}"))
    }
}

/// A user's shell: a config dir, environment, and the server.
pub struct Shell {
    pub server: TestServer,
    pub config: TempDir,
    pub work: TempDir,
    pub env: Vec<(String, String)>,
}

impl Shell {
    pub async fn new() -> Shell {
        Shell {
            server: TestServer::start().await,
            config: TempDir::new().unwrap(),
            work: TempDir::new().unwrap(),
            env: Vec::new(),
        }
    }

    /// A service key (SAP's layout) of a new `api` instance with these roles, written to a file.
    pub async fn key_file(&self, name: &str, roles: &[&str]) -> PathBuf {
        let instance = self.server.create_instance("api", name, json!({"roles": roles})).await;
        let (_, oauth) = self.server.create_key(&instance, "k").await;
        let path = self.work.path().join(format!("{name}.json"));
        std::fs::write(&path, json!({"oauth": oauth}).to_string()).unwrap();
        path
    }

    /// Runs `cpi <args>` with `stdin` as its input.
    pub async fn run_with_input(&self, args: &[&str], stdin: &str) -> Ran {
        let args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
        let (config, work, env, input) =
            (self.config.path().to_owned(), self.work.path().to_owned(), self.env.clone(), stdin.to_owned());
        tokio::task::spawn_blocking(move || {
            use std::io::Write;
            let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_cpi"))
                .args(&args)
                .current_dir(work)
                // No Secret Service can answer (no session bus): secrets go to the 0600 file, as
                // on this machine, and a developer's own keyring is never touched.
                .env("XDG_RUNTIME_DIR", &config)
                .env_remove("DBUS_SESSION_BUS_ADDRESS")
                .env("CPI_CONFIG_DIR", config)
                .env_remove("CPI_PROFILE")
                .env_remove("CPI_SERVICE_KEY")
                .env_remove("CPI_SECRET_STORE")
                .envs(env)
                .stdin(std::process::Stdio::piped())
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap();
            child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
            let output = child.wait_with_output().unwrap();
            Ran {
                code: output.status.code().unwrap_or(-1),
                stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
                stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
            }
        })
        .await
        .unwrap()
    }

    pub async fn run(&self, args: &[&str]) -> Ran {
        self.run_with_input(args, "").await
    }

    /// Logs in with a key of every role a developer needs; returns the key file.
    pub async fn login_developer(&self) -> PathBuf {
        let key = self
            .key_file(
                "developer",
                &[
                    "WorkspacePackagesEdit",
                    "WorkspacePackagesConfigure",
                    "WorkspaceArtifactsDeploy",
                    "MonitoringDataRead",
                    "MessagePayloadsRead",
                    "CredentialsEdit",
                ],
            )
            .await;
        self.run(&["login", "--service-key", key.to_str().unwrap()]).await.ok();
        key
    }
}
