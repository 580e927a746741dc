//! Synthetic bundles for the unit tests, written in code (no real exports are copied).

use std::io::Write as _;

use zip::write::SimpleFileOptions;

/// A zip written with the `zip` crate; names ending in `/` become directory entries.
pub(crate) fn zip_with(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, content) in entries {
        if name.ends_with('/') {
            writer.add_directory(*name, options).expect("directory entry");
        } else {
            writer.start_file(*name, options).expect("file entry");
            writer.write_all(content).expect("file content");
        }
    }
    writer.finish().expect("finished zip").into_inner()
}

/// A manifest with the given symbolic name and bundle type, with one wrapped header.
pub(crate) fn manifest(symbolic_name: &str, bundle_type: &str) -> String {
    format!(
        "Manifest-Version: 1.0\r\nBundle-SymbolicName: {symbolic_name}\r\nBundle-Name: Test Flow\r\n\
         Bundle-Version: 2.3.4\r\nSAP-BundleType: {bundle_type}\r\nImport-Package: org.example.one,org.example.tw\r\n \
         o,org.example.three\r\n\r\n"
    )
}

/// One `ifl:property`.
pub(crate) fn property(key: &str, value: &str) -> String {
    format!("<ifl:property><key>{key}</key><value>{value}</value></ifl:property>")
}

/// A small `.iflw`: HTTPS sender with `urlPath`, a Content Modifier whose property table uses
/// `{{Table Value}}` and `{{<SAP_FLOW_URL>}}` (escaped), and an end event.
pub(crate) fn iflw(url_path: &str) -> String {
    let table = "&lt;row&gt;&lt;cell id='Value'&gt;{{Table Value}}&lt;/cell&gt;&lt;cell id='Name'&gt;p&lt;/cell&gt;&lt;/row&gt;\
                 &lt;row&gt;&lt;cell id='Value'&gt;{{&amp;lt;SAP_FLOW_URL&amp;gt;}}&lt;/cell&gt;&lt;/row&gt;";
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<bpmn2:definitions xmlns:bpmn2="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:ifl="http:///com.sap.ifl.model/Ifl.xsd" id="Definitions_1">
 <bpmn2:collaboration id="Collaboration_1">
  <bpmn2:extensionElements>{log}</bpmn2:extensionElements>
  <bpmn2:participant id="P1" ifl:type="EndpointSender" name="Sender"/>
  <bpmn2:participant id="P2" ifl:type="IntegrationProcess" name="Integration Process" processRef="Process_1"/>
  <bpmn2:messageFlow id="MF1" name="HTTPS" sourceRef="P1" targetRef="Start">
   <bpmn2:extensionElements>{component}{direction}{url}</bpmn2:extensionElements>
  </bpmn2:messageFlow>
 </bpmn2:collaboration>
 <bpmn2:process id="Process_1" name="Integration Process">
  <bpmn2:startEvent id="Start" name="Start"><bpmn2:outgoing>F1</bpmn2:outgoing><bpmn2:messageEventDefinition/></bpmn2:startEvent>
  <bpmn2:callActivity id="CM" name="Set body">
   <bpmn2:extensionElements>{activity}{body}{table}</bpmn2:extensionElements>
  </bpmn2:callActivity>
  <bpmn2:endEvent id="End" name="End"><bpmn2:messageEventDefinition/></bpmn2:endEvent>
  <bpmn2:sequenceFlow id="F2" sourceRef="CM" targetRef="End"/>
  <bpmn2:sequenceFlow id="F1" sourceRef="Start" targetRef="CM"/>
 </bpmn2:process>
</bpmn2:definitions>
"#,
        log = property("log", "All events"),
        component = property("ComponentType", "HTTPS"),
        direction = property("direction", "Sender"),
        url = property("urlPath", url_path),
        activity = property("activityType", "Enricher"),
        body = property("wrapContent", "Hello {{Greeting Name}}"),
        table = property("propertyTable", table),
    )
}

/// The path of the test flow's `.iflw`.
pub(crate) const IFLW_PATH: &str = "src/main/resources/scenarioflows/integrationflow/Test Flow.iflw";

/// `parameters.propdef` defining `Sender Endpoint` (string) and `Count` (integer, described).
pub(crate) const PROPDEF: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><parameters>\
    <parameter><key/><name>Sender Endpoint</name><type>xsd:string</type><description/></parameter>\
    <parameter><key/><name>Count</name><type>xsd:integer</type><description>How many</description></parameter>\
    <param_references/></parameters>";

/// `parameters.prop` with a value for `Sender Endpoint` and an extra key.
pub(crate) const PARAMETERS: &str = "#\n#Mon Jan 01 00:00:00 UTC 2024\nSender\\ Endpoint=/test\nExtra=https\\://x\n";

/// A complete integration flow zip (optionally with directory entries).
pub(crate) fn iflow_zip(with_directories: bool) -> Vec<u8> {
    let manifest = manifest("Test_Flow; singleton:=true", "IntegrationFlow");
    let iflw = iflw("{{Sender Endpoint}}");
    let mut entries: Vec<(&str, &[u8])> = Vec::new();
    if with_directories {
        entries.extend([("META-INF/", &b""[..]), ("src/", b""), ("src/main/", b""), ("src/main/resources/", b"")]);
    }
    entries.extend([
        ("META-INF/MANIFEST.MF", manifest.as_bytes()),
        ("metainfo.prop", b"#Store metainfo properties\ndescription=A test flow\nsource=Shop\n".as_slice()),
        (IFLW_PATH, iflw.as_bytes()),
        ("src/main/resources/parameters.prop", PARAMETERS.as_bytes()),
        ("src/main/resources/parameters.propdef", PROPDEF.as_bytes()),
        ("src/main/resources/script/first.groovy", b"def x = 1".as_slice()),
        ("src/main/resources/json/data.json", b"{}".as_slice()),
    ]);
    zip_with(&entries)
}
