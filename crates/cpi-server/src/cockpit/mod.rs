//! The cockpit: a web UI under `/cockpit/` for the subaccount's administrator — instances and
//! subscriptions, the create wizard, service keys, users and role collections. Pages are
//! rendered on the server from askama templates (checked at compile time); the stylesheet and
//! the one script are compiled into the binary. Every page needs a session ([`session::SignedIn`])
//! and every form its CSRF token ([`session::Posted`]); failures map to pages in
//! [`failure::CockpitFailure`].

pub mod catalog;
pub mod failure;
pub mod instances;
pub mod keys;
pub mod pages;
pub mod people;
pub mod session;

use axum::Router;
use axum::http::HeaderValue;
use axum::http::header::{
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use tower_http::set_header::SetResponseHeaderLayer;

use crate::state::AppState;

const STYLESHEET: &str = include_str!("../../assets/cockpit/cockpit.css");
const SCRIPT: &str = include_str!("../../assets/cockpit/cockpit.js");

/// Content Security Policy of every cockpit response: nothing but the cockpit's own files.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                   connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// The cockpit's routes.
pub fn routes() -> Router<AppState> {
    let pages = Router::new()
        .route("/cockpit", get(pages::home))
        .route("/cockpit/", get(pages::home))
        .route("/cockpit/sign-in", get(pages::sign_in_page).post(pages::sign_in_submit))
        .route("/cockpit/sign-out", post(pages::sign_out))
        .route("/cockpit/instances", get(instances::list).post(instances::create))
        .route("/cockpit/instances/new", get(instances::new))
        .route("/cockpit/instances/{id}", get(instances::show))
        .route("/cockpit/instances/{id}/edit", get(instances::edit).post(instances::update))
        .route("/cockpit/instances/{id}/delete", get(instances::confirm_delete).post(instances::delete))
        .route("/cockpit/instances/{id}/keys", post(keys::create))
        .route("/cockpit/instances/{id}/keys/{key}", get(keys::show))
        .route("/cockpit/instances/{id}/keys/{key}/download", get(keys::download))
        .route("/cockpit/instances/{id}/keys/{key}/delete", get(keys::confirm_delete).post(keys::delete))
        .route("/cockpit/users", get(people::list).post(people::create))
        .route("/cockpit/users/{id}", get(people::show).post(people::update))
        .route("/cockpit/users/{id}/delete", get(people::confirm_delete).post(people::delete))
        .route("/cockpit/role-collections", get(people::role_collections))
        .route("/cockpit/{*rest}", get(page_not_found))
        .layer(SetResponseHeaderLayer::if_not_present(CACHE_CONTROL, HeaderValue::from_static("no-store")));
    Router::new()
        .merge(pages)
        .route("/cockpit/assets/cockpit.css", get(stylesheet))
        .route("/cockpit/assets/cockpit.js", get(script))
        .layer(SetResponseHeaderLayer::overriding(CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP)))
        .layer(SetResponseHeaderLayer::overriding(X_FRAME_OPTIONS, HeaderValue::from_static("DENY")))
        .layer(SetResponseHeaderLayer::overriding(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .layer(SetResponseHeaderLayer::overriding(REFERRER_POLICY, HeaderValue::from_static("same-origin")))
}

async fn page_not_found() -> failure::CockpitFailure {
    failure::CockpitFailure::PageNotFound
}

async fn stylesheet() -> impl IntoResponse {
    ([(CONTENT_TYPE, "text/css; charset=utf-8"), (CACHE_CONTROL, "public, max-age=3600")], STYLESHEET)
}

async fn script() -> impl IntoResponse {
    ([(CONTENT_TYPE, "text/javascript; charset=utf-8"), (CACHE_CONTROL, "public, max-age=3600")], SCRIPT)
}
