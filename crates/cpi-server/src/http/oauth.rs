//! The XSUAA-compatible token service: `/oauth/token` (POST and GET; also Neo's
//! `/oauth2/api/v1/token`), `/token_keys`, `/token_key`, `/.well-known/openid-configuration`.

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::json;

use cpi_xsuaa::TokenRequest;

use crate::http::errors::{OAuthFailure, no_store};
use crate::state::AppState;
use crate::token_service;

/// Largest accepted token request body.
pub const TOKEN_BODY_LIMIT: usize = 64 * 1024;

/// The token-service routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/oauth/token", get(token).post(token))
        .route("/oauth2/api/v1/token", get(token).post(token))
        .route("/token_keys", get(token_keys))
        .route("/token_key", get(token_key))
        .route("/.well-known/openid-configuration", get(discovery))
        .layer(axum::extract::DefaultBodyLimit::max(TOKEN_BODY_LIMIT))
}

async fn token(State(state): State<AppState>, headers: HeaderMap, RawQuery(query): RawQuery, body: Bytes) -> Response {
    let authorization = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok());
    let request = TokenRequest::parse(authorization, query.as_deref().unwrap_or(""), &body);
    match token_service::issue(&state, request).await {
        Ok(body) => {
            let mut response = Json(body).into_response();
            no_store(&mut response);
            response
        }
        Err(error) => OAuthFailure(error).into_response(),
    }
}

async fn token_keys(State(state): State<AppState>) -> Response {
    let keys = state.keys.zone(state.default_zone.id).map(|z| z.jwks.clone()).unwrap_or_default();
    Json(json!({ "keys": keys })).into_response()
}

async fn token_key(State(state): State<AppState>) -> Response {
    let key = state.keys.zone(state.default_zone.id).and_then(|z| z.jwks.last().cloned());
    Json(json!(key)).into_response()
}

async fn discovery(State(state): State<AppState>) -> Response {
    let base = &state.public_url;
    Json(json!({
        "issuer": format!("{base}/oauth/token"),
        "authorization_endpoint": format!("{base}/oauth/authorize"),
        "token_endpoint": format!("{base}/oauth/token"),
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        "token_endpoint_auth_signing_alg_values_supported": ["RS256"],
        "userinfo_endpoint": format!("{base}/userinfo"),
        "jwks_uri": format!("{base}/token_keys"),
        "scopes_supported": ["openid"],
        "response_types_supported": ["code", "id_token", "token"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "claim_types_supported": ["normal"],
        "claims_supported": ["sub", "user_name", "origin", "iss", "auth_time", "amr", "acr", "client_id", "aud", "zid", "grant_type", "user_id", "azp", "scope", "exp", "iat", "jti", "rev_sig", "cid", "given_name", "family_name", "phone_number", "email"],
        "grant_types_supported": ["client_credentials", "password", "refresh_token"],
    }))
    .into_response()
}
