use super::*;

#[test]
fn types_follow_folder_and_extension() {
    for (path, expected) in [
        ("src/main/resources/script/a.groovy", Some("groovy")),
        ("src/main/resources/script/a.gsh", Some("groovy")),
        ("src/main/resources/script/a.JS", Some("js")),
        ("src/main/resources/mapping/a.xsl", Some("xslt")),
        ("src/main/resources/mapping/a.xslt", Some("xslt")),
        ("src/main/resources/mapping/a.mmap", Some("mmap")),
        ("src/main/resources/mapping/a.opmap", Some("opmap")),
        ("src/main/resources/xsd/a.xsd", Some("xsd")),
        ("src/main/resources/wsdl/a.wsdl", Some("wsdl")),
        ("src/main/resources/wsdl/a.xsd", Some("xsd")),
        ("src/main/resources/edmx/a.edmx", Some("edmx")),
        ("src/main/resources/lib/a.jar", Some("jar")),
        ("src/main/resources/json/a.json", None),
        ("src/main/resources/lib/a.zip", None),
        ("src/main/resources/script/sub/a.groovy", None),
        ("src/main/resources/script/.groovy", None),
        ("src/main/resources/parameters.prop", None),
        ("script/a.groovy", None),
    ] {
        assert_eq!(resource_type_of(path), expected, "{path}");
    }
}

#[test]
fn schemas_beside_a_wsdl_reference_it() {
    let resource = resource_of("src/main/resources/wsdl/types.xsd", b"<x/>").expect("resource");
    assert_eq!(resource.referenced_resource_type.as_deref(), Some("wsdl"));
    let plain = resource_of("src/main/resources/xsd/types.xsd", b"<x/>").expect("resource");
    assert_eq!(plain.referenced_resource_type, None);
}

#[test]
fn new_resource_paths_are_checked() {
    assert_eq!(resource_path("a.gsh", "groovy"), Ok("src/main/resources/script/a.gsh".to_owned()));
    assert_eq!(resource_path("m.xsl", "xslt"), Ok("src/main/resources/mapping/m.xsl".to_owned()));
    let unknown = resource_path("a.json", "json").expect_err("unknown type");
    assert_eq!(
        unknown.to_string(),
        "Unknown resource type 'json'; the allowed types are edmx, groovy, jar, js, mmap, opmap, wsdl, xsd, xslt"
    );
    for name in ["", "a/b.groovy", "..groovy", "a\\b.groovy", " a.groovy", "x..groovy"] {
        assert_eq!(resource_path(name, "groovy"), Err(BundleError::InvalidResourceName { name: name.to_owned() }));
    }
    let mismatch = resource_path("a.js", "groovy").expect_err("wrong extension");
    assert_eq!(
        mismatch.to_string(),
        "The resource name 'a.js' does not fit resource type 'groovy' (expected .groovy or .gsh)"
    );
}
