//! [`IflowBuilder`]: writes small but realistic integration flow bundles in code (seed content,
//! tests). Nothing is copied from real exports; the output follows the documented format.
//!
//! A flow is `Start → steps → End` in `Process_1`, optionally behind an HTTPS sender, with an
//! optional exception subprocess. Steps ([`FlowStep`]) are Content Modifiers, Routers,
//! Request-Reply calls to HTTP receivers, JSON/XML converters, scripts and any other
//! `callActivity`/`serviceTask`.

mod diagram;
mod graph;
mod iflw_writer;
mod receiver;
mod steps;

use std::fmt::Write as _;

use quick_xml::escape::escape;

use crate::bundle::{Bundle, IFLOW_FOLDER, MANIFEST_PATH};
use crate::configuration::{PARAMETERS_PROP_PATH, PARAMETERS_PROPDEF_PATH};
use crate::manifest::{BundleType, Manifest};
use crate::metainfo::{METAINFO_PATH, MetaInfo};
use crate::properties::PropertiesFile;
use crate::resource::RESOURCES_ROOT;
use graph::lay_out;
use iflw_writer::{FlowSpec, write_iflw};
pub use receiver::HttpReceiver;
use steps::Properties;
pub use steps::{ContentModifierStep, FlowStep, ModifierRow, RouteCondition, RouterStep};

/// One externalized parameter added by the builder.
#[derive(Debug, Clone, PartialEq, Eq)]
struct BuilderParameter {
    key: String,
    value: String,
    data_type: String,
}

/// Builds an integration flow bundle: `Start → steps → End`, optionally behind an HTTPS sender,
/// with an optional exception subprocess, parameters and script resources.
///
/// ```
/// let bundle = cpi_bundle::IflowBuilder::new("Hello", "Hello World")
///     .https_sender("{{Sender Endpoint}}")
///     .parameter("Sender Endpoint", "/hello", "xsd:string")
///     .content_modifier_body("Hello ${header.name}")
///     .build();
/// assert_eq!(bundle.manifest().id, "Hello");
/// ```
///
/// With a step list:
///
/// ```
/// use cpi_bundle::{FlowStep, HttpReceiver, IflowBuilder, RouteCondition};
/// let zip = IflowBuilder::new("Router_Test", "Router Test")
///     .https_sender("/router")
///     .sender_property("xsrfProtection", "1")
///     .step(FlowStep::content_modifier("Set type").create_header("type", "expression", "${header.kind}", ""))
///     .step(
///         FlowStep::router("Route by type")
///             .route("Orders", RouteCondition::non_xml("${header.type} = 'ORDER'"), vec![
///                 FlowStep::request_reply("Call backend", HttpReceiver::new("http://127.0.0.1:1234/x")),
///             ])
///             .default_route("Other", vec![]),
///     )
///     .exception_subprocess(vec![
///         FlowStep::content_modifier("Error body").body("Failed: ${exception.message}", "expression").into(),
///     ])
///     .zip();
/// # assert!(!zip.is_empty());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use]
pub struct IflowBuilder {
    id: String,
    name: String,
    version: String,
    description: String,
    sender_url_path: Option<String>,
    sender_properties: Properties,
    collaboration_properties: Properties,
    body: Option<(String, String)>,
    steps: Vec<FlowStep>,
    exception_steps: Option<Vec<FlowStep>>,
    parameters: Vec<BuilderParameter>,
    scripts: Vec<(String, Vec<u8>)>,
}

impl IflowBuilder {
    /// A flow with the given id (`Bundle-SymbolicName`) and name, version `1.0.0`.
    pub fn new(id: &str, name: &str) -> IflowBuilder {
        IflowBuilder {
            id: id.to_owned(),
            name: name.to_owned(),
            version: "1.0.0".to_owned(),
            description: String::new(),
            sender_url_path: None,
            sender_properties: Properties::default(),
            collaboration_properties: Properties::default(),
            body: None,
            steps: Vec::new(),
            exception_steps: None,
            parameters: Vec::new(),
            scripts: Vec::new(),
        }
    }

    /// Sets `Bundle-Version`.
    pub fn version(mut self, version: &str) -> IflowBuilder {
        version.clone_into(&mut self.version);
        self
    }

    /// Sets the description (`metainfo.prop` and the collaboration documentation).
    pub fn description(mut self, description: &str) -> IflowBuilder {
        description.clone_into(&mut self.description);
        self
    }

    /// Adds an HTTPS sender channel with this `urlPath` (may be a `{{placeholder}}`).
    pub fn https_sender(mut self, url_path: &str) -> IflowBuilder {
        self.sender_url_path = Some(url_path.to_owned());
        self
    }

    /// Sets a property of the HTTPS sender channel (`xsrfProtection`, `userRole`,
    /// `senderAuthType`, `maximumBodySize`, …), replacing its default or adding it. Only used when
    /// there is an HTTPS sender.
    pub fn sender_property(mut self, key: &str, value: &str) -> IflowBuilder {
        self.sender_properties.set(key, value);
        self
    }

    /// Sets an integration-flow-level property (`log`, `allowedHeaderList`,
    /// `returnExceptionToSender`, `namespaceMapping`, …), replacing its default or adding it.
    pub fn collaboration_property(mut self, key: &str, value: &str) -> IflowBuilder {
        self.collaboration_properties.set(key, value);
        self
    }

    /// Appends a step to the main process (after the [`IflowBuilder::content_modifier_body`]
    /// step, if any).
    pub fn step(mut self, step: impl Into<FlowStep>) -> IflowBuilder {
        self.steps.push(step.into());
        self
    }

    /// Adds an exception subprocess `Error Start → steps → End` to the main process, replacing an
    /// earlier one.
    pub fn exception_subprocess(mut self, steps: Vec<FlowStep>) -> IflowBuilder {
        self.exception_steps = Some(steps);
        self
    }

    /// Adds a first Content Modifier (`Content Modifier 1`) that sets the body, replacing an
    /// earlier one. `bodyType` is `expression` when the text contains `${…}`, else `constant`.
    pub fn content_modifier_body(mut self, body: &str) -> IflowBuilder {
        let body_type = if body.contains("${") { "expression" } else { "constant" };
        self.body = Some((body.to_owned(), body_type.to_owned()));
        self
    }

    /// Adds an externalized parameter to `parameters.prop` and `parameters.propdef`.
    pub fn parameter(mut self, key: &str, value: &str, data_type: &str) -> IflowBuilder {
        self.parameters.push(BuilderParameter {
            key: key.to_owned(),
            value: value.to_owned(),
            data_type: data_type.to_owned(),
        });
        self
    }

    /// Adds a script resource under `src/main/resources/script/` (only the file name of `name` is used).
    pub fn script(mut self, name: &str, content: &str) -> IflowBuilder {
        let file_name = name.rsplit(['/', '\\']).next().unwrap_or_default();
        let file_name = if matches!(file_name, "" | "." | "..") { "script.groovy" } else { file_name };
        self.scripts.push((file_name.to_owned(), content.as_bytes().to_vec()));
        self
    }

    /// The bundle.
    pub fn build(self) -> Bundle {
        let manifest = self.manifest();
        let mut files = vec![(MANIFEST_PATH.to_owned(), manifest.render().into_bytes())];
        let mut metainfo_file =
            PropertiesFile { header_comments: vec!["#Store metainfo properties".to_owned()], entries: Vec::new() };
        metainfo_file.set("description", &self.description);
        files.push((METAINFO_PATH.to_owned(), metainfo_file.render().into_bytes()));
        files.push((".project".to_owned(), project_file(&self.id).into_bytes()));
        files.push((format!("{IFLOW_FOLDER}{}.iflw", iflw_file_stem(&self.id)), self.iflw().into_bytes()));
        if !self.parameters.is_empty() {
            files.push((PARAMETERS_PROP_PATH.to_owned(), self.parameters_prop().into_bytes()));
            files.push((PARAMETERS_PROPDEF_PATH.to_owned(), self.parameters_propdef().into_bytes()));
        }
        for (name, content) in self.scripts {
            let path = format!("{RESOURCES_ROOT}script/{name}");
            match files.iter_mut().find(|(existing, _)| *existing == path) {
                Some((_, existing)) => *existing = content,
                None => files.push((path, content)),
            }
        }
        let metainfo = MetaInfo { description: self.description, ..MetaInfo::default() };
        Bundle::from_parts(files, manifest, metainfo)
    }

    /// The bundle as a zip.
    pub fn zip(self) -> Vec<u8> {
        self.build().to_zip()
    }

    fn manifest(&self) -> Manifest {
        let header = |name: &str, value: &str| (name.to_owned(), value.to_owned());
        let headers = vec![
            header("Manifest-Version", "1.0"),
            header("Bundle-ManifestVersion", "2"),
            header("Bundle-Name", ""),
            header("Bundle-SymbolicName", "; singleton:=true"),
            header("Bundle-Version", ""),
            header("SAP-BundleType", ""),
            header("SAP-NodeType", "IFLMAP"),
            header("SAP-RuntimeProfile", "iflmap"),
            header(
                "Import-Package",
                "com.sap.esb.application.services.cxf.interceptor,com.sap.esb.security,org.apache.camel;version=\"2.8\",\
                 org.osgi.framework;version=\"1.6.0\",org.slf4j;version=\"1.6\"",
            ),
            header("Import-Service", "com.sap.esb.webservice.audit.log.AuditLogger"),
        ];
        Manifest::from_parts(&self.id, &self.name, &self.version, BundleType::IntegrationFlow, headers)
    }

    fn iflw(&self) -> String {
        let body_step = self.body.as_ref().map(|(body, body_type)| {
            FlowStep::from(FlowStep::content_modifier("Content Modifier 1").body(body, body_type))
        });
        let steps: Vec<FlowStep> = body_step.into_iter().chain(self.steps.iter().cloned()).collect();
        let graph = lay_out(&steps, self.exception_steps.as_deref());
        write_iflw(&FlowSpec {
            description: &self.description,
            sender_url_path: self.sender_url_path.as_deref(),
            sender_overrides: &self.sender_properties,
            collaboration_overrides: &self.collaboration_properties,
            graph: &graph,
        })
    }

    fn parameters_prop(&self) -> String {
        let mut file = PropertiesFile::default();
        for parameter in &self.parameters {
            file.set(&parameter.key, &parameter.value);
        }
        file.render()
    }

    fn parameters_propdef(&self) -> String {
        let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?><parameters>");
        for parameter in &self.parameters {
            let _ = write!(
                out,
                "<parameter>\n    <key/>\n    <name>{}</name>\n    <type>{}</type>\n    <isRequired>false</isRequired>\n    \
                 <constraint/>\n    <description/>\n    <additionalMetadata/>\n  </parameter>",
                escape(parameter.key.as_str()),
                escape(parameter.data_type.as_str())
            );
        }
        out.push_str("<param_references>");
        let url_path =
            self.sender_url_path.as_deref().map(|path| self.sender_properties.get("urlPath").unwrap_or(path));
        if let Some(key) = url_path.and_then(sole_placeholder) {
            let _ = write!(
                out,
                "<reference attribute_category=\"Sender\" attribute_id=\"/attrId::urlPath\" attribute_uilabel=\"\" \
                 param_key=\"{}\"/>",
                escape(key)
            );
        }
        out.push_str("</param_references></parameters>");
        out
    }
}

/// `Name` when `text` is exactly `{{Name}}`.
fn sole_placeholder(text: &str) -> Option<&str> {
    text.strip_prefix("{{")?.strip_suffix("}}").filter(|name| !name.contains(['{', '}']))
}

/// The `.iflw` file name: the id without characters that are awkward in paths.
fn iflw_file_stem(id: &str) -> String {
    let stem: String =
        id.chars().map(|character| if matches!(character, '/' | '\\' | ':') { '_' } else { character }).collect();
    if stem.is_empty() || stem.chars().all(|character| character == '.') { "IntegrationFlow".to_owned() } else { stem }
}

fn project_file(id: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><projectDescription>\n   <name>{}</name>\n   <comment/>\n   \
         <projects/>\n   <buildSpec>\n      <buildCommand>\n         <name>org.eclipse.jdt.core.javabuilder</name>\n         \
         <arguments/>\n      </buildCommand>\n   </buildSpec>\n   <natures>\n      \
         <nature>org.eclipse.jdt.core.javanature</nature>\n      \
         <nature>com.sap.ide.ifl.project.support.project.nature</nature>\n      \
         <nature>com.sap.ide.ifl.bsn</nature>\n   </natures>\n</projectDescription>\n",
        escape(id)
    )
}

#[cfg(test)]
mod flow_tests;
#[cfg(test)]
mod tests;
