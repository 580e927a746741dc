use super::*;
use crate::builder::IflowBuilder;
use crate::test_fixtures::{manifest, zip_with};

fn value_mapping_zip() -> Vec<u8> {
    let manifest = manifest("VM_1", "ValueMapping");
    zip_with(&[("META-INF/MANIFEST.MF", manifest.as_bytes()), ("value_mapping.xml", b"<vm version=\"2.0\"/>")])
}

fn sample_package() -> PackageArchive {
    PackageArchive {
        id: "Demo".to_owned(),
        name: "Demo Package".to_owned(),
        description: "Long text with ümlauts".to_owned(),
        short_text: "Short".to_owned(),
        version: "1.0.2".to_owned(),
        vendor: "ACME".to_owned(),
        artifacts: vec![
            PackagedArtifact {
                id: "Hello".to_owned(),
                name: "Hello World".to_owned(),
                version: "1.0.0".to_owned(),
                kind: BundleType::IntegrationFlow,
                content: IflowBuilder::new("Hello", "Hello World").https_sender("/hello").zip(),
            },
            PackagedArtifact {
                id: "VM_1".to_owned(),
                name: "Mapping".to_owned(),
                version: "2.3.4".to_owned(),
                kind: BundleType::ValueMapping,
                content: value_mapping_zip(),
            },
            PackagedArtifact {
                id: "Api".to_owned(),
                name: String::new(),
                version: String::new(),
                kind: BundleType::Other("RESTAPIProvider".to_owned()),
                content: zip_with(&[("anything.txt", b"x")]),
            },
        ],
    }
}

#[test]
fn written_packages_read_back_equal() {
    let package = sample_package();
    let zip = write_package(&package);
    assert_eq!(zip, write_package(&package), "deterministic");
    assert_eq!(read_package(&zip, &Limits::DEFAULT), Ok(package));
}

#[test]
fn the_layout_matches_sap_exports() {
    let files = archive::read_files(&write_package(&sample_package()), &Limits::DEFAULT).expect("zip");
    let names: Vec<&str> = files.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(names.len(), 6);
    assert!(names[..3].iter().all(|name| name.len() == 32 + CONTENT_SUFFIX.len() && name.ends_with(CONTENT_SUFFIX)));
    assert_eq!(&names[3..], ["resources.cnt", "contentmetadata.md", "ExportInformation.info"]);
    let index = read_index(&files).expect("index");
    let relations = index["relations"].as_array().expect("relations");
    assert_eq!(relations.len(), 3);
    assert_eq!(relations[0]["relationType"], "AGGREGATION");
    assert_eq!(index["resources"][1]["resourceType"], "IFlow");
    assert_eq!(index["resources"][0]["additionalAttributes"]["shortText"]["attributeValues"][0], "Short");
}

/// An index in the older form (attribute values as plain arrays), with one iFlow.
fn older_export(content_entry: &str, artifact: &[u8]) -> Vec<u8> {
    let index = json!({
        "resources": [
            {"id": "p", "uniqueId": "Pkg", "name": "Pkg", "resourceType": "ContentPackage", "semanticVersion": "1.0.0",
             "additionalAttributes": {"shortText": ["Old short"], "Description": ["Old description"]}},
            {"id": "a1", "uniqueId": "Hello", "displayName": "Hello", "resourceType": "IFlow", "semanticVersion": "1.0.10"}
        ],
        "relations": [{"sourceId": "p", "targetId": "a1", "relationType": "AGGREGATION"}]
    });
    let encoded = BASE64.encode(index.to_string());
    zip_with(&[("resources.cnt", encoded.as_bytes()), (content_entry, artifact)])
}

#[test]
fn older_exports_are_understood() {
    let artifact = IflowBuilder::new("Hello", "Hello").zip();
    let package = read_package(&older_export("a1_content", &artifact), &Limits::DEFAULT).expect("valid");
    assert_eq!((package.id.as_str(), package.name.as_str(), package.version.as_str()), ("Pkg", "Pkg", "1.0.0"));
    assert_eq!((package.short_text.as_str(), package.description.as_str()), ("Old short", "Old description"));
    assert_eq!(package.artifacts[0].version, "1.0.10");
    assert_eq!(package.artifacts[0].kind, BundleType::IntegrationFlow);
}

#[test]
fn broken_packages_are_rejected() {
    let artifact = IflowBuilder::new("Hello", "Hello").zip();
    let error = read_package(&older_export("other_content", &artifact), &Limits::DEFAULT).expect_err("missing");
    assert_eq!(error.to_string(), "The package archive has no entry 'a1_content' for artifact 'Hello'");
    let error = read_package(&older_export("a1_content", b"not a zip"), &Limits::DEFAULT).expect_err("bad artifact");
    assert!(
        error.to_string().starts_with("The artifact 'Hello' in the package is invalid: The artifact content is not")
    );
    let error = read_package(&zip_with(&[("x", b"y")]), &Limits::DEFAULT).expect_err("no index");
    assert_eq!(error, BundleError::MissingPackageIndex);
    let error = read_package(&zip_with(&[("resources.cnt", b"%%%")]), &Limits::DEFAULT).expect_err("bad index");
    assert!(matches!(error, BundleError::InvalidPackageIndex(_)));
    let empty = BASE64.encode(r#"{"resources":[]}"#);
    let error =
        read_package(&zip_with(&[("resources.cnt", empty.as_bytes())]), &Limits::DEFAULT).expect_err("no package");
    assert_eq!(error, BundleError::MissingPackageResource);
}
