use super::*;

const WRAPPED: &str = "Manifest-Version: 1.0\r\nBundle-SymbolicName: Long_Flow_Identifier_That_Wraps; si\r\n \
                       ngleton:=true\r\nImport-Package: a.b.c,d.e\r\n .f\r\nSAP-BundleType: ValueMapping\r\n\
                       Empty-Header: \r\nNo-Space:x\r\n\r\nName: per-entry/section\r\nIgnored: yes\r\n";

#[test]
fn continuation_lines_and_singleton_directive() {
    let manifest = Manifest::parse(WRAPPED).expect("valid");
    assert_eq!(manifest.id, "Long_Flow_Identifier_That_Wraps");
    assert_eq!(manifest.name, "Long_Flow_Identifier_That_Wraps", "falls back to the id");
    assert_eq!(manifest.version, "1.0.0", "falls back to 1.0.0");
    assert_eq!(manifest.bundle_type, BundleType::ValueMapping);
    assert_eq!(manifest.header("import-package"), Some("a.b.c,d.e.f"));
    assert_eq!(manifest.header("Empty-Header"), Some(""));
    assert_eq!(manifest.header("No-Space"), Some("x"));
    assert_eq!(manifest.header("Ignored"), None, "only the main section is read");
    assert_eq!(manifest.headers().count(), 6);
}

#[test]
fn lf_only_bom_and_unknown_types() {
    let manifest =
        Manifest::parse("\u{feff}Bundle-SymbolicName: x\nBundle-Name: Nice Name\nSAP-BundleType: ODataService\n")
            .expect("valid");
    assert_eq!((manifest.id.as_str(), manifest.name.as_str()), ("x", "Nice Name"));
    assert_eq!(manifest.bundle_type, BundleType::Other("ODataService".to_owned()));
    let untyped = Manifest::parse("Bundle-SymbolicName: y\n").expect("valid");
    assert_eq!(untyped.bundle_type, BundleType::IntegrationFlow);
    assert_eq!(BundleType::from_header("scriptcollection"), BundleType::ScriptCollection);
    assert_eq!(BundleType::MessageMapping.as_str(), "MessageMapping");
}

#[test]
fn missing_or_broken_headers_are_errors() {
    let error = Manifest::parse("Bundle-Name: x\r\n").expect_err("no id");
    assert_eq!(error.to_string(), "MANIFEST.MF lacks Bundle-SymbolicName");
    assert_eq!(Manifest::parse("Bundle-SymbolicName: ;singleton:=true\n"), Err(error));
    assert!(matches!(Manifest::parse("Bundle-SymbolicName: x\nno colon here\n"), Err(BundleError::InvalidManifest(_))));
    assert!(matches!(Manifest::parse(" starts with continuation\n"), Err(BundleError::InvalidManifest(_))));
}

#[test]
fn render_wraps_at_72_bytes_and_round_trips() {
    let mut manifest = Manifest::parse(WRAPPED).expect("valid");
    manifest.set_name(&"Ä long name with ümlauts ".repeat(8));
    let rendered = manifest.render();
    assert!(rendered.ends_with("\r\n\r\n"));
    for line in rendered.split("\r\n") {
        assert!(line.len() <= 72, "{line:?} is {} bytes", line.len());
    }
    assert!(rendered.contains("Bundle-SymbolicName: Long_Flow_Identifier_That_Wraps; singleton:=true\r\n"));
    let reparsed = Manifest::parse(&rendered).expect("valid");
    assert_eq!((&reparsed.id, &reparsed.name, &reparsed.version), (&manifest.id, &manifest.name, &manifest.version));
    assert_eq!(reparsed.name, "Ä long name with ümlauts ".repeat(8).trim());
    assert_eq!(reparsed.header("Import-Package"), Some("a.b.c,d.e.f"));
    assert_eq!(reparsed.render(), rendered);
}

#[test]
fn setters_keep_other_headers_and_the_directive() {
    let mut manifest = Manifest::parse(WRAPPED).expect("valid");
    manifest.set_id("  New_Id ");
    manifest.set_version("2.0.1");
    manifest.set_name("New\nName");
    assert_eq!(manifest.id, "New_Id");
    assert_eq!(manifest.header("Bundle-SymbolicName"), Some("New_Id; singleton:=true"));
    assert_eq!(manifest.header("Bundle-Version"), Some("2.0.1"));
    assert_eq!(manifest.header("Bundle-Name"), Some("New Name"));
    assert_eq!(manifest.header("Import-Package"), Some("a.b.c,d.e.f"));
    let names: Vec<&str> = manifest.headers().map(|(name, _)| name).collect();
    assert_eq!(&names[..2], ["Manifest-Version", "Bundle-SymbolicName"]);
    assert_eq!(&names[names.len() - 2..], ["Bundle-Version", "Bundle-Name"]);
}

#[test]
fn render_uses_the_public_fields() {
    let mut manifest = Manifest::parse("Bundle-SymbolicName: a\n").expect("valid");
    manifest.id = "b".to_owned();
    manifest.bundle_type = BundleType::ScriptCollection;
    let reparsed = Manifest::parse(&manifest.render()).expect("valid");
    assert_eq!((reparsed.id.as_str(), reparsed.name.as_str(), reparsed.version.as_str()), ("b", "a", "1.0.0"));
    assert_eq!(reparsed.bundle_type, BundleType::ScriptCollection);
}
