//! `cpi explore` end to end: the real binary in a pseudo-terminal (a detached tmux session,
//! 120 × 35) against `cpi serve`, driven with `tmux send-keys` and read with `capture-pane`.

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use cpi_bundle::{FlowStep, IflowBuilder};
use serde_json::json;

use crate::explorer::Shell;

/// A tmux server of its own (`-L <socket>`), killed when dropped, even when the test fails.
struct Tmux {
    socket: String,
}

impl Tmux {
    fn command(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .env_remove("TMUX")
            .env("TERM", "xterm-256color")
            .output()
            .expect("tmux runs")
    }

    /// Starts `command` in a 120 × 35 session in `dir`.
    fn start(&self, dir: &Path, command: &str) {
        let dir = dir.to_str().unwrap();
        let output = self.command(&["new-session", "-d", "-x", "120", "-y", "35", "-s", "explore", "-c", dir, command]);
        assert!(output.status.success(), "tmux new-session: {}", String::from_utf8_lossy(&output.stderr));
    }

    fn send(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "explore"];
        args.extend_from_slice(keys);
        assert!(self.command(&args).status.success(), "send-keys {keys:?}");
    }

    fn type_text(&self, text: &str) {
        assert!(self.command(&["send-keys", "-t", "explore", "-l", text]).status.success(), "send-keys -l {text}");
    }

    fn screen(&self) -> String {
        String::from_utf8_lossy(&self.command(&["capture-pane", "-p", "-t", "explore"]).stdout).into_owned()
    }

    /// The screen once `ready` holds for it; fails with the last screen after 30 s.
    fn wait_for(&self, what: &str, ready: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let screen = self.screen();
            if ready(&screen) {
                return screen;
            }
            assert!(Instant::now() < deadline, "timed out waiting for {what}; the screen:\n{screen}");
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.command(&["kill-server"]);
    }
}

/// Whether tmux can be used; without it the test is skipped, except on CI, where it fails.
fn tmux_available() -> bool {
    let found = Command::new("tmux").arg("-V").output().is_ok_and(|output| output.status.success());
    if !found {
        assert!(std::env::var("CI").as_deref() != Ok("true"), "tmux is needed on CI for the explore_pty test");
        eprintln!("skipping explore_pty: tmux is not installed");
    }
    found
}

/// A package `Orders` with the deployed flow `Order_In` and one message it processed.
async fn tenant_with_content(shell: &Shell) {
    shell.login_developer().await;
    shell.run(&["package", "create", "Orders", "--name", "Order Flows"]).await.ok();
    let zip = IflowBuilder::new("Order_In", "Receive orders")
        .https_sender("/orders/in")
        .parameter("Greeting", "Hello", "xsd:string")
        .step(FlowStep::content_modifier("Greet").body("{{Greeting}} ${in.body}", "expression"))
        .zip();
    let path = shell.work.path().join("Order_In.zip");
    std::fs::write(&path, zip).unwrap();
    shell.run(&["artifact", "upload", path.to_str().unwrap(), "--package", "Orders"]).await.ok();
    shell.run(&["deploy", "Order_In", "--wait"]).await.ok();
    let server = &shell.server;
    let sender = server.create_instance("integration-flow", "sender", json!({"roles": ["ESBMessaging.send"]})).await;
    let key = server.create_key(&sender, "k").await.1;
    let response = server
        .http
        .post(server.url("/http/orders/in"))
        .basic_auth(key["clientid"].as_str().unwrap(), key["clientsecret"].as_str())
        .body("order 4711")
        .send()
        .await
        .unwrap();
    assert!(response.status().is_success(), "{}", response.status());
}

#[tokio::test(flavor = "multi_thread")]
async fn explore_browses_packages_and_messages_in_a_terminal() {
    if !tmux_available() {
        return;
    }
    let shell = Shell::new().await;
    tenant_with_content(&shell).await;
    let config = shell.config.path().to_str().unwrap().to_owned();
    let work = shell.work.path().to_owned();
    let socket = format!("cpi-explore-{}", uuid::Uuid::new_v4().simple());
    // The UI runs on blocking threads: the server keeps serving on the runtime's workers.
    tokio::task::spawn_blocking(move || {
        let tmux = Tmux { socket };
        let cpi = env!("CARGO_BIN_EXE_cpi");
        tmux.start(
            &work,
            &format!(
                "env -u CPI_PROFILE -u CPI_SERVICE_KEY -u NO_COLOR CPI_CONFIG_DIR='{config}' '{cpi}' explore; \
                 echo \"explore exited with $?\"; sleep 60"
            ),
        );
        drive(&tmux);
    })
    .await
    .unwrap();
}

fn drive(tmux: &Tmux) {
    let packages = tmux.wait_for("the packages", |screen| screen.contains("Order Flows"));
    assert!(packages.contains("1 Packages") && packages.contains("3 Messages"), "{packages}");
    assert!(packages.contains("Integration packages (1)"), "{packages}");

    tmux.type_text("/Orders");
    tmux.send(&["Enter", "Enter"]);
    let artifacts = tmux.wait_for("the package's artifacts", |screen| screen.contains("Order_In"));
    assert!(artifacts.contains("Packages › Orders") && artifacts.contains("iflow"), "{artifacts}");

    tmux.send(&["Enter"]);
    let details = tmux.wait_for("the artifact's details", |screen| screen.contains("STARTED"));
    assert!(details.contains("Greeting") && details.contains("Hello"), "configurations: {details}");
    assert!(details.contains("Packages › Orders › Order_In"), "{details}");

    tmux.send(&["3"]);
    let messages = tmux.wait_for("the message monitor", |screen| screen.contains("COMPLETED"));
    assert!(messages.contains("Status: all") && messages.contains("Order_In"), "{messages}");

    tmux.send(&["?"]);
    let help = tmux.wait_for("the help overlay", |screen| screen.contains("Message monitor keys"));
    assert!(help.contains("live refresh") && help.contains("search this list"), "{help}");

    tmux.send(&["Escape"]);
    tmux.wait_for("the help to close", |screen| !screen.contains("Message monitor keys"));
    tmux.send(&["q"]);
    let after = tmux.wait_for("cpi explore to exit", |screen| screen.contains("explore exited with"));
    assert!(after.contains("explore exited with 0"), "{after}");
    assert!(!after.contains("Message processing logs"), "the alternate screen is left: {after}");
}
