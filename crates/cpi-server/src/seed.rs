//! Seed content for `--dev`: a package of working integration flows, built by the project's own
//! bundle builder and deployed, so a newcomer sees a live tenant at once.

use cpi_bundle::IflowBuilder;
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

/// The seed flows: id, name, description and how each is built.
fn seed_flows() -> Vec<IflowBuilder> {
    vec![
        IflowBuilder::new("Hello_World", "Hello World")
            .description("Answers every message with a greeting.")
            .https_sender("/hello")
            .content_modifier_body("Hello from cpi serve!"),
        IflowBuilder::new("Echo_Name", "Echo Name")
            .description("Greets the caller by the 'name' header; its address is a configuration parameter.")
            .parameter("Sender Endpoint", "/echo", "xsd:string")
            .https_sender("{{Sender Endpoint}}")
            .content_modifier_body("Hello ${header.name}"),
        IflowBuilder::new("Configurable_Greeting", "Configurable Greeting")
            .description("Answers with the greeting set in its configuration.")
            .parameter("Greeting", "Good morning", "xsd:string")
            .https_sender("/greeting")
            .content_modifier_body("{{Greeting}}, world"),
    ]
}

/// Creates and deploys the seed package unless it exists.
pub async fn ensure_seed_content(state: &AppState, zone: &Subaccount) -> anyhow::Result<()> {
    match state.store.get_package(zone.id, SEED_PACKAGE).await {
        Ok(_) => return Ok(()),
        Err(StoreError::NotFound) => {}
        Err(e) => return Err(e.into()),
    }
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
    let principal = Principal {
        zone: zone.clone(),
        name: SEED_USER.to_owned(),
        method: AuthMethod::Bearer,
        scopes: Vec::new(),
        permissions: PermissionSet::EMPTY,
        runtime_roles: Vec::new(),
    };
    for builder in seed_flows() {
        let authorship = Authorship {
            created_by: SEED_USER.to_owned(),
            created_at: now,
            modified_by: SEED_USER.to_owned(),
            modified_at: now,
        };
        let content = artifact_content(&builder.build(), ArtifactKind::IntegrationFlow, SEED_PACKAGE, authorship)
            .map_err(|e| anyhow::anyhow!("seed flow: {:?}", e.error))?;
        state.store.create_artifact(zone.id, &content).await?;
        deploy::start(state, &principal, &content).await.map_err(|e| anyhow::anyhow!("seed deploy: {:?}", e.error))?;
    }
    tracing::info!(package = SEED_PACKAGE, "seed content created and deployed");
    Ok(())
}
