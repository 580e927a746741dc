//! An independent, metadata-driven client against the server: `tests/pyodata/check.py` (pyodata
//! from PyPI) loads `$metadata`, creates packages, lists them with `$filter`, `$top` and `__next`
//! paging and reads one by key.
//!
//! The Python interpreter comes from `CPI_PYODATA_PYTHON` (`.ci/run` sets it to a virtualenv with
//! `tests/pyodata/requirements.txt`). Unset, the test fails when `CI=true` and is skipped with a
//! note otherwise. A second test pins, without Python, the paging that pyodata depends on.

use std::path::PathBuf;
use std::process::Command;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::harness::TestServer;

#[tokio::test(flavor = "multi_thread")]
async fn pyodata_loads_metadata_creates_and_pages_through_packages() {
    let Some(python) = std::env::var_os("CPI_PYODATA_PYTHON") else {
        assert_ne!(
            std::env::var("CI").as_deref(),
            Ok("true"),
            "CPI_PYODATA_PYTHON is unset: CI must run the pyodata check (see .ci/run)"
        );
        eprintln!("note: CPI_PYODATA_PYTHON is unset; skipping the pyodata check (see .ci/run)");
        return;
    };
    let server = TestServer::start().await;
    let instance = server.create_instance("api", "pyodata", json!({"roles": ["WorkspacePackagesEdit"]})).await;
    let key = server.create_key(&instance, "k").await.1;
    let key_path = server.dir.path().join("pyodata-key.json");
    std::fs::write(&key_path, serde_json::to_vec(&json!({"oauth": key})).unwrap()).unwrap();
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/pyodata/check.py");
    let base = server.base.clone();
    let output = tokio::task::spawn_blocking(move || Command::new(python).arg(script).arg(base).arg(key_path).output())
        .await
        .unwrap()
        .expect("running CPI_PYODATA_PYTHON");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    println!("{stdout}");
    assert!(output.status.success(), "pyodata check failed ({}):\n{stdout}\n{stderr}", output.status);
}

/// pyodata follows `__next` as a URL and refuses one without its service root's scheme and host;
/// a `$top` answered in full must not send it on to empty pages.
#[tokio::test(flavor = "multi_thread")]
async fn next_links_are_absolute_and_end_once_top_is_met() {
    let server = TestServer::start().await;
    let instance = server.create_instance("api", "pager", json!({"roles": ["WorkspacePackagesEdit"]})).await;
    let token = server.access_token(&server.create_key(&instance, "k").await.1).await;
    for i in 0..1001 {
        let body = json!({"Id": format!("Page.{i:04}"), "Name": "p"});
        let response = server
            .http
            .post(server.url("/api/v1/IntegrationPackages"))
            .bearer_auth(&token)
            .header("Accept", "application/json")
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::CREATED);
    }
    let page: Value = server.api_get(&token, "IntegrationPackages?$top=5").await.json().await.unwrap();
    assert_eq!(page["d"]["results"].as_array().unwrap().len(), 5);
    assert!(page["d"].get("__next").is_none(), "{}", page["d"]["__next"]);

    let page: Value = server.api_get(&token, "IntegrationPackages").await.json().await.unwrap();
    assert_eq!(page["d"]["results"].as_array().unwrap().len(), 1000);
    let next = page["d"]["__next"].as_str().unwrap();
    assert_eq!(next, server.url("/api/v1/IntegrationPackages?$skiptoken=1000"));
    let last = server.http.get(next).bearer_auth(&token).header("Accept", "application/json").send().await.unwrap();
    let last: Value = last.json().await.unwrap();
    assert_eq!(last["d"]["results"].as_array().unwrap().len(), 1);
    assert!(last["d"].get("__next").is_none());

    let atom = server
        .http
        .get(server.url("/api/v1/IntegrationPackages?$top=1001"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let link = format!(
        r#"<link rel="next" href="{}"/>"#,
        server.url("/api/v1/IntegrationPackages?$top=1001&amp;$skiptoken=1000")
    );
    assert!(atom.contains(&link), "no {link} in the Atom feed");
}

/// pyodata filters message processing logs on `Status` and a `datetime` range and follows
/// `__next` through more than 1000 matches (`tests/pyodata/mpl_check.py`).
#[tokio::test(flavor = "multi_thread")]
async fn pyodata_reads_failed_logs_in_a_time_range_across_pages() {
    use cpi_domain::monitoring::MplStatus;
    use time::{Duration, OffsetDateTime};

    let Some(python) = std::env::var_os("CPI_PYODATA_PYTHON") else {
        assert_ne!(std::env::var("CI").as_deref(), Ok("true"), "CPI_PYODATA_PYTHON is unset: CI must run it");
        eprintln!("note: CPI_PYODATA_PYTHON is unset; skipping the pyodata MPL check (see .ci/run)");
        return;
    };
    let server = TestServer::start().await;
    let now = OffsetDateTime::now_utc().replace_millisecond(0).unwrap();
    let since = now - Duration::hours(2);
    // 5000 logs over the last 4 hours, every other one FAILED: about 1250 failed after `since`.
    let batch: Vec<_> = (0..5000_i64)
        .map(|i| {
            let status = if i % 2 == 0 { MplStatus::Failed } else { MplStatus::Completed };
            let start = now - Duration::hours(4) + Duration::milliseconds(2880 * i);
            crate::mpl_api::mpl(&format!("PY-{i:05}"), &format!("flow{}", i % 7), status, start)
        })
        .collect();
    let failed_since: Vec<&str> = batch
        .iter()
        .filter(|m| m.log.status == MplStatus::Failed && m.log.log_end.is_some_and(|end| end > since))
        .map(|m| m.log.message_guid.as_str())
        .collect();
    assert!(failed_since.len() > 1000, "{}", failed_since.len());
    crate::mpl_api::insert(&server, &batch).await;

    let instance = server.create_instance("api", "pyodata-mpl", json!({"roles": ["MonitoringDataRead"]})).await;
    let key = server.create_key(&instance, "k").await.1;
    let key_path = server.dir.path().join("pyodata-mpl-key.json");
    std::fs::write(&key_path, serde_json::to_vec(&json!({"oauth": key})).unwrap()).unwrap();
    let since_text = since.format(&time::format_description::well_known::Rfc3339).unwrap();
    let expected = json!({"since": since_text.trim_end_matches('Z'), "failed_since": failed_since});
    let expected_path = server.dir.path().join("pyodata-mpl-expected.json");
    std::fs::write(&expected_path, serde_json::to_vec(&expected).unwrap()).unwrap();
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/pyodata/mpl_check.py");
    let base = server.base.clone();
    let output = tokio::task::spawn_blocking(move || {
        Command::new(python).arg(script).arg(base).arg(key_path).arg(expected_path).output()
    })
    .await
    .unwrap()
    .expect("running CPI_PYODATA_PYTHON");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    println!("{stdout}");
    assert!(output.status.success(), "pyodata MPL check failed ({}):\n{stdout}\n{stderr}", output.status);
}
