//! Checks the reader against real SAP exports when they are available locally
//! (`/work/shared/reference/iflow-samples`); skipped silently elsewhere (e.g. CI). The samples are
//! read at test time only, never copied into the project.

use std::path::{Path, PathBuf};

use super::*;
use crate::archive::write_files;

const SAMPLES: &str = "/work/shared/reference/iflow-samples";

/// All files below `folder` as `(relative path, content)`, skipping FlashPipe's `QA/` variant.
fn folder_files(folder: &Path) -> Vec<(String, Vec<u8>)> {
    let mut pending = vec![folder.to_path_buf()];
    let mut files = Vec::new();
    while let Some(directory) = pending.pop() {
        let mut entries: Vec<PathBuf> =
            std::fs::read_dir(&directory).expect("readable").map(|entry| entry.expect("entry").path()).collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                pending.push(path);
                continue;
            }
            let relative = path.strip_prefix(folder).expect("inside").to_string_lossy().replace('\\', "/");
            if !relative.starts_with("QA/") {
                files.push((relative, std::fs::read(&path).expect("readable")));
            }
        }
    }
    files
}

fn zip_folder(folder: &str) -> Option<Vec<u8>> {
    let path = Path::new(SAMPLES).join(folder);
    path.is_dir().then(|| {
        let files = folder_files(&path);
        write_files(files.iter().map(|(name, content)| (name.as_str(), content.as_slice())))
    })
}

/// Reads a sample, checks the generic invariants and returns the bundle.
fn check(label: &str, zip: &[u8]) -> Bundle {
    let bundle = Bundle::read(zip, &Limits::DEFAULT).unwrap_or_else(|error| panic!("{label}: {error}"));
    bundle.configurations().unwrap_or_else(|error| panic!("{label}: {error}"));
    if let Some(model) = bundle.iflow() {
        model.unwrap_or_else(|error| panic!("{label}: {error}"));
    }
    assert_eq!(Bundle::read(&bundle.to_zip(), &Limits::DEFAULT).as_ref(), Ok(&bundle), "{label}");
    bundle
}

fn endpoints(bundle: &Bundle) -> Vec<(String, String)> {
    let model = bundle.iflow().expect("integration flow").expect("valid");
    model.sender_endpoints.into_iter().map(|endpoint| (endpoint.component_type, endpoint.address)).collect()
}

fn pair(component_type: &str, address: &str) -> (String, String) {
    (component_type.to_owned(), address.to_owned())
}

#[test]
fn flashpipe_integration_flows() {
    let Some(zip) = zip_folder("flashpipe-IFlow1") else { return };
    let bundle = check("IFlow1", &zip);
    assert_eq!((bundle.manifest().id.as_str(), bundle.manifest().version.as_str()), ("IFlow1", "1.0.2"));
    assert_eq!(endpoints(&bundle), [pair("HTTPS", "{{Endpoint}}")]);
    let configurations = bundle.configurations().expect("valid");
    assert_eq!((configurations[0].key.as_str(), configurations[0].value.as_str()), ("Endpoint", "/flow1"));

    let Some(zip) = zip_folder("flashpipe-Integration_Test_IFlow/update") else { return };
    let bundle = check("update", &zip);
    assert_eq!(bundle.metainfo().description, "Integration Updated");
    assert_eq!(endpoints(&bundle), [pair("HTTPS", "{{Sender Endpoint}}")]);
    let model = bundle.iflow().expect("flow").expect("valid");
    assert_eq!(model.placeholders, ["Sender Endpoint", "Parameter 1", "Parameter 2"]);
    let keys: Vec<String> =
        bundle.configurations().expect("valid").into_iter().map(|parameter| parameter.key).collect();
    assert_eq!(keys, ["Sender Endpoint", "Parameter 1", "Parameter 2"]);

    let Some(zip) = zip_folder("flashpipe-Integration_Test_IFlow/create") else { return };
    let bundle = check("create", &zip);
    assert_eq!(
        (bundle.manifest().name.as_str(), bundle.manifest().version.as_str()),
        ("Integration Test IFlow", "1.0.0")
    );
    assert_eq!(endpoints(&bundle), []);
}

#[test]
fn flashpipe_script_collections_and_value_mappings() {
    for (folder, kind) in [
        ("Integration_Test_Script_Collection.create", BundleType::ScriptCollection),
        ("Integration_Test_Script_Collection.update", BundleType::ScriptCollection),
        ("Integration_Test_Value_Mapping.create", BundleType::ValueMapping),
        ("Integration_Test_Value_Mapping.update", BundleType::ValueMapping),
    ] {
        let Some(zip) = zip_folder(&format!("flashpipe-ScriptCollection-ValueMapping/{folder}")) else { return };
        let bundle = check(folder, &zip);
        assert_eq!(bundle.manifest().bundle_type, kind, "{folder}");
        assert!(bundle.iflow().is_none());
    }
}

#[test]
fn sap_recipe_exports() {
    let recipes = [
        (
            "sap-recipes-Step1a-Sender-Router",
            "Step 1a - Sender Internal Communication Flow.zip",
            "/tpm/internal/repost_endpoint",
        ),
        (
            "sap-recipes-AzureBlob-PrivateLink",
            "Azure Blob Connectivity using Private Link Service.zip",
            "{{API_Endpoint}}",
        ),
    ];
    for (folder, zip_name, address) in recipes {
        let Some(unpacked) = zip_folder(&format!("{folder}/unpacked")) else { return };
        let from_folder = check(folder, &unpacked);
        let original = std::fs::read(Path::new(SAMPLES).join(folder).join(zip_name)).expect("zip present");
        let from_zip = check(zip_name, &original);
        assert_eq!(from_zip.manifest(), from_folder.manifest());
        assert_eq!(endpoints(&from_zip), [pair("HTTPS", address)], "{folder}");
    }
    let Some(zip) = zip_folder("sap-recipes-Step1a-Sender-Router/unpacked") else { return };
    let model = check("step 1a", &zip).iflow().expect("flow").expect("valid");
    assert!(model.placeholders.contains(&"ProcessDirect_Receiver".to_owned()));
    assert!(
        model
            .processes
            .iter()
            .any(|process| process.elements.iter().any(|element| element.element == "exclusiveGateway"))
    );
    let Some(zip) = zip_folder("sap-recipes-AzureBlob-PrivateLink/unpacked") else { return };
    let bundle = check("azure", &zip);
    let resources = bundle.resources();
    assert_eq!(resources.len(), 1);
    assert_eq!(resources[0].resource_type, "edmx");
}
