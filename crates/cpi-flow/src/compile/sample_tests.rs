//! Compiles the real exports of `/work/shared/reference/iflow-samples` (read at test time, never
//! copied): each either compiles or names exactly the step or adapter this runtime does not run.
//! Skipped where the folder is absent (it is outside the repository).

use std::io::Write;
use std::path::{Path, PathBuf};

use cpi_bundle::{Bundle, Limits};

use super::{CompileError, CompiledFlow, Step, compile};

/// `../shared/reference/iflow-samples` beside the repository.
fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/reference/iflow-samples")
}

fn files_below(folder: &Path) -> Vec<(String, PathBuf)> {
    let mut pending = vec![folder.to_path_buf()];
    let mut files = Vec::new();
    while let Some(directory) = pending.pop() {
        for entry in std::fs::read_dir(&directory).expect("readable") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let relative = path.strip_prefix(folder).expect("inside").to_string_lossy().replace('\\', "/");
                if !relative.starts_with("QA/") {
                    files.push((relative, path));
                }
            }
        }
    }
    files.sort();
    files
}

/// The sample as a bundle: a `.zip` file as is, a folder zipped in memory.
fn sample_bundle(relative: &str) -> Option<Bundle> {
    let path = samples().join(relative);
    let bytes = if path.is_file() {
        std::fs::read(&path).ok()?
    } else if path.is_dir() {
        let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for (name, file) in files_below(&path) {
            writer.start_file(name, zip::write::SimpleFileOptions::default()).expect("entry");
            writer.write_all(&std::fs::read(file).expect("readable")).expect("written");
        }
        writer.finish().expect("zip").into_inner()
    } else {
        eprintln!("skipped: {} is not available here", path.display());
        return None;
    };
    Some(Bundle::read(&bytes, &Limits::DEFAULT).expect("a readable sample"))
}

fn compile_sample(relative: &str) -> Option<Result<CompiledFlow, CompileError>> {
    let bundle = sample_bundle(relative)?;
    let model = bundle.iflow().expect("an integration flow").expect("parses");
    let configurations = bundle.configurations().expect("configurations");
    let values = |name: &str| configurations.iter().find(|c| c.key == name).map(|c| c.value.clone());
    Some(compile(&model, &values))
}

#[test]
fn the_blank_template_compiles_without_an_endpoint() {
    let Some(result) = compile_sample("flashpipe-Integration_Test_IFlow/create") else { return };
    let flow = result.expect("compiles");
    assert!(flow.sender.is_none());
    assert!(matches!(flow.main.nodes[flow.main.start].step, Step::Start));
}

#[test]
fn the_flashpipe_update_flow_compiles_with_its_parameters() {
    let Some(result) = compile_sample("flashpipe-Integration_Test_IFlow/update") else { return };
    let flow = result.expect("compiles");
    let sender = flow.sender.expect("an HTTPS sender");
    assert_eq!(sender.address, "/flow");
    assert_eq!(sender.user_role, "ESBMessaging.send");
    assert!(flow.main.nodes.iter().any(|n| matches!(n.step, Step::ContentModifier(_))));
}

#[test]
fn a_groovy_script_step_is_named_as_unsupported() {
    let Some(result) = compile_sample("flashpipe-IFlow1") else { return };
    match result {
        Err(CompileError::UnsupportedStep { id, kind, .. }) => {
            assert_eq!(id, "CallActivity_8");
            assert_eq!(kind, "Script (GroovyScript)");
        }
        other => panic!("expected an unsupported script step, got {other:?}"),
    }
}

#[test]
fn the_azure_blob_recipe_compiles_with_csrf_request_replies_and_a_converter() {
    let Some(result) =
        compile_sample("sap-recipes-AzureBlob-PrivateLink/Azure Blob Connectivity using Private Link Service.zip")
    else {
        return;
    };
    let flow = result.expect("compiles");
    let sender = flow.sender.expect("an HTTPS sender");
    assert_eq!(sender.address, "/privatelink/approuter");
    assert!(sender.csrf_protection);
    assert_eq!(sender.maximum_body_bytes, 40 * 1024 * 1024);
    let calls: Vec<_> = flow.main.nodes.iter().filter(|n| matches!(n.step, Step::RequestReply(_))).collect();
    assert_eq!(calls.len(), 2);
    assert!(flow.main.nodes.iter().any(|n| matches!(n.step, Step::JsonToXml(_))));
    assert_eq!(flow.receivers.len(), 2);
}

#[test]
fn the_router_recipe_names_its_first_script_step() {
    let Some(result) =
        compile_sample("sap-recipes-Step1a-Sender-Router/Step 1a - Sender Internal Communication Flow.zip")
    else {
        return;
    };
    match result {
        Err(CompileError::UnsupportedStep { id, name, kind }) => {
            assert_eq!(
                (id.as_str(), name.as_str(), kind.as_str()),
                ("CallActivity_18", "Parse Retry Payload", "Script (GroovyScript)")
            );
        }
        other => panic!("expected an unsupported script step, got {other:?}"),
    }
}

#[test]
fn every_sample_either_compiles_or_names_what_is_unsupported() {
    let Ok(entries) = std::fs::read_dir(samples()) else { return };
    let mut seen = 0;
    for entry in entries.flatten() {
        let folder = entry.path();
        if !folder.is_dir() {
            continue;
        }
        let iflws: Vec<_> = files_below(&folder).into_iter().filter(|(name, _)| name.ends_with(".iflw")).collect();
        for (_, path) in iflws {
            let bytes = std::fs::read(&path).expect("readable");
            let model = cpi_bundle::IntegrationFlowModel::parse(&bytes).expect("parses");
            let values = |_: &str| Some("1".to_owned());
            match compile(&model, &values) {
                Ok(_) | Err(CompileError::UnsupportedStep { .. }) | Err(CompileError::UnsupportedAdapter { .. }) => {}
                Err(other) => panic!("{}: {other}", path.display()),
            }
            seen += 1;
        }
    }
    assert!(seen >= 5, "only {seen} samples found");
}
