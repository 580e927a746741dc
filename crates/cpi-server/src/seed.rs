//! Seed content for `--dev`: a package of working integration flows, built by the project's own
//! bundle builder and deployed, so a newcomer sees a live tenant at once.

use cpi_bundle::{FlowStep, IflowBuilder, RouteCondition};
use cpi_domain::content::{ArtifactKind, IntegrationPackage};
use cpi_domain::{PermissionSet, Subaccount};
use cpi_store::StoreError;

use crate::api::bundles::{Authorship, artifact_content};
use crate::api::deploy;
use crate::principal::{AuthMethod, Principal};
use crate::state::AppState;

/// The seed package's id.
pub const SEED_PACKAGE: &str = "cpi.Playground";
/// Who the seed content is created and deployed by.
const SEED_USER: &str = "cpi-seed";

/// The address of the seed flow with a Content Modifier and a Router.
pub const ROUTE_FLOW_URL_PATH: &str = "/http/orders/route";

/// `Route_Order`: a Content Modifier and a Router on the `type` header (also the runtime
/// benchmark's flow).
pub fn route_flow() -> IflowBuilder {
    let body = |name: &str, text: &str| FlowStep::content_modifier(name).body(text, "expression").into();
    IflowBuilder::new("Route_Order", "Route Order")
        .description("Routes a message by its 'type' header: ORDER, RETURN or anything else.")
        .https_sender("/orders/route")
        .collaboration_property("allowedHeaderList", "type")
        .step(
            FlowStep::content_modifier("Remember the order")
                .create_property("received", "expression", "${in.body}", "")
                .create_header("SAP_ApplicationID", "expression", "${header.type}-${date:now:yyyyMMddHHmmss}", "")
                .create_header("Content-Type", "constant", "application/json", ""),
        )
        .step(
            FlowStep::router("By type")
                .route(
                    "Order",
                    RouteCondition::non_xml("${header.type} = 'ORDER'"),
                    vec![body("Accept order", r#"{"accepted":true,"order":${property.received}}"#)],
                )
                .route(
                    "Return",
                    RouteCondition::non_xml("${header.type} = 'RETURN'"),
                    vec![body("Accept return", r#"{"accepted":true,"return":${property.received}}"#)],
                )
                .default_route("Other", vec![body("Reject", r#"{"accepted":false,"reason":"unknown type"}"#)]),
        )
}

/// The seed flows: id, name, description and how each is built.
fn seed_flows() -> Vec<IflowBuilder> {
    vec![
        route_flow(),
        IflowBuilder::new("Hello_World", "Hello World")
            .description("Answers every message with a greeting.")
            .https_sender("/hello")
            .content_modifier_body("Hello from cpi serve!"),
        IflowBuilder::new("Echo_Name", "Echo Name")
            .description("Greets the caller by the 'name' header; its address is a configuration parameter.")
            .parameter("Sender Endpoint", "/echo", "xsd:string")
            .https_sender("{{Sender Endpoint}}")
            .collaboration_property("allowedHeaderList", "name")
            .content_modifier_body("Hello ${header.name}"),
        IflowBuilder::new("Configurable_Greeting", "Configurable Greeting")
            .description("Answers with the greeting set in its configuration.")
            .parameter("Greeting", "Good morning", "xsd:string")
            .https_sender("/greeting")
            .content_modifier_body("{{Greeting}}, world"),
    ]
}

/// Creates the seed package if missing, and creates and deploys each seed flow it lacks (so a
/// data dir from an older version gains the newer flows).
pub async fn ensure_seed_content(state: &AppState, zone: &Subaccount) -> anyhow::Result<()> {
    match state.store.get_package(zone.id, SEED_PACKAGE).await {
        Ok(_) => {}
        Err(StoreError::NotFound) => create_seed_package(state, zone).await?,
        Err(e) => return Err(e.into()),
    }
    let now = state.clock.now();
    let principal = Principal {
        zone: zone.clone(),
        name: SEED_USER.to_owned(),
        method: AuthMethod::Bearer,
        scopes: Vec::new(),
        permissions: PermissionSet::EMPTY,
        runtime_roles: Vec::new(),
    };
    let mut created = 0;
    for builder in seed_flows() {
        let bundle = builder.build();
        match state.store.get_artifact(zone.id, ArtifactKind::IntegrationFlow, &bundle.manifest().id).await {
            Ok(_) => continue,
            Err(StoreError::NotFound) => {}
            Err(e) => return Err(e.into()),
        }
        let authorship = Authorship {
            created_by: SEED_USER.to_owned(),
            created_at: now,
            modified_by: SEED_USER.to_owned(),
            modified_at: now,
        };
        let content = artifact_content(&bundle, ArtifactKind::IntegrationFlow, SEED_PACKAGE, authorship)
            .map_err(|e| anyhow::anyhow!("seed flow: {:?}", e.error))?;
        state.store.create_artifact(zone.id, &content).await?;
        deploy::start(state, &principal, &content).await.map_err(|e| anyhow::anyhow!("seed deploy: {:?}", e.error))?;
        created += 1;
    }
    if created > 0 {
        tracing::info!(package = SEED_PACKAGE, flows = created, "seed content created and deployed");
    }
    Ok(())
}

async fn create_seed_package(state: &AppState, zone: &Subaccount) -> anyhow::Result<()> {
    let now = state.clock.now();
    let package = IntegrationPackage {
        id: SEED_PACKAGE.to_owned(),
        name: "Playground".to_owned(),
        resource_id: state.random.uuid().simple().to_string(),
        description: "Integration flows that come with cpi serve --dev.".to_owned(),
        short_text: "Example flows of the local tenant".to_owned(),
        version: "1.0.0".to_owned(),
        vendor: "cpi".to_owned(),
        partner_content: false,
        update_available: false,
        mode: "EDIT_ALLOWED".to_owned(),
        supported_platform: "SAP Cloud Integration".to_owned(),
        created_by: SEED_USER.to_owned(),
        modified_by: SEED_USER.to_owned(),
        creation_date: now,
        modified_date: now,
        products: String::new(),
        keywords: "example".to_owned(),
        countries: String::new(),
        industries: String::new(),
        line_of_business: String::new(),
    };
    state.store.create_package(zone.id, &package).await?;
    Ok(())
}
