//! The cockpit walked in Chromium by Playwright (`tests/e2e/cockpit_walk.mjs`) against a server
//! of this test: the wizard with Form and JSON views, a key used for a token and an API call,
//! deletes. Screenshots of each step land in `target/cockpit-e2e/`. Needs Node.js, the
//! machine's Chromium and `npm ci` in `tests/e2e` (all three done by `.ci/run`); without them the
//! test is skipped, except under `CI=true`, where it fails.

use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;

use crate::harness::{COCKPIT_PASSWORD, TestServer};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// What the walk needs, or why it cannot run here.
fn prerequisites() -> Result<(String, PathBuf), String> {
    let chromium = PathBuf::from(std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into()));
    if !chromium.exists() {
        return Err(format!("no Chromium at {} (apt-get install chromium, or set CHROMIUM)", chromium.display()));
    }
    if !repo().join("tests/e2e/node_modules/playwright-core").exists() {
        return Err("playwright-core is not installed (npm ci --prefix tests/e2e)".into());
    }
    let node = std::env::var("CPI_E2E_NODE").unwrap_or_else(|_| "node".into());
    match std::process::Command::new(&node).arg("--version").output() {
        Ok(out) if out.status.success() => Ok((node, chromium)),
        _ => Err(format!("no Node.js ('{node}')")),
    }
}

#[tokio::test]
async fn the_cockpit_walk_in_chromium() {
    let (node, chromium) = match prerequisites() {
        Ok(found) => found,
        Err(why) if std::env::var("CI").is_ok_and(|v| v == "true") => panic!("the browser walk cannot run: {why}"),
        Err(why) => {
            eprintln!("skipped: {why}");
            return;
        }
    };
    let server = TestServer::start().await;
    let shots = repo().join("target/cockpit-e2e");
    let _ = std::fs::remove_dir_all(&shots);
    let child = std::process::Command::new(node)
        .arg(repo().join("tests/e2e/cockpit_walk.mjs"))
        .env("CPI_BASE_URL", &server.base)
        .env("CPI_ADMIN_PASSWORD", COCKPIT_PASSWORD)
        .env("CPI_SCREENSHOTS", &shots)
        .env("CHROMIUM", chromium)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let walk = tokio::task::spawn_blocking(move || child.wait_with_output());
    let out = tokio::time::timeout(Duration::from_secs(180), walk)
        .await
        .expect("the walk took over 3 minutes")
        .unwrap()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "the walk failed:\n{stdout}\n{stderr}");
    assert!(stdout.contains("cockpit walk passed"), "{stdout}");
    let taken = std::fs::read_dir(&shots).unwrap().count();
    assert!(taken >= 12, "a screenshot per step ({taken} in {})", shots.display());
}
