//! What every cockpit page shares: the chrome (title, user, subaccount, navigation, CSRF token,
//! notice), the sign-in and sign-out pages, and the notices that redirects carry by code.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::header::{LOCATION, SET_COOKIE};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::cockpit::failure::{CockpitFailure, render};
use crate::cockpit::session::{
    Posted, SESSION_COOKIE, SESSION_LIFETIME, SIGN_IN_COOKIE, SignInError, SignInNonce, SignedIn, set_cookie, sign_in,
};
use crate::state::AppState;

/// The sections of the navigation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// Instances and Subscriptions.
    Instances,
    /// Users.
    Users,
    /// Role Collections.
    RoleCollections,
}

/// The frame of a signed-in page.
#[derive(Debug)]
pub struct Chrome {
    /// The page title.
    pub title: String,
    /// The signed-in user's name.
    pub user: String,
    /// The subaccount's subdomain.
    pub subdomain: String,
    /// The session's CSRF token for the page's forms.
    pub csrf: String,
    /// The section the page belongs to.
    pub section: Section,
    /// A notice from the action that led here.
    pub notice: Option<&'static str>,
}

impl Chrome {
    /// The chrome of a page.
    pub fn new(session: &SignedIn, section: Section, title: impl Into<String>) -> Self {
        Chrome {
            title: title.into(),
            user: session.user.username.clone(),
            subdomain: session.zone.subdomain.clone(),
            csrf: session.csrf().to_owned(),
            section,
            notice: None,
        }
    }

    /// With the notice named by a redirect's `notice` code.
    pub fn with_notice(mut self, code: Option<&str>) -> Self {
        self.notice = code.and_then(notice_text);
        self
    }

    /// Whether the page belongs to the section named `instances`, `users` or `role-collections`
    /// (for `aria-current`).
    pub fn is_in(&self, section: &str) -> bool {
        let name = match self.section {
            Section::Instances => "instances",
            Section::Users => "users",
            Section::RoleCollections => "role-collections",
        };
        name == section
    }
}

/// The texts of the notices redirects may ask for (never text from the URL itself).
fn notice_text(code: &str) -> Option<&'static str> {
    Some(match code {
        "instance-created" => "The service instance was created.",
        "instance-updated" => "The service instance was updated. Role changes apply to tokens issued from now on.",
        "instance-deleted" => "The service instance and its service keys were deleted.",
        "key-created" => "The service key was created.",
        "key-deleted" => "The service key was deleted. Its secret no longer works.",
        "user-created" => "The user was created.",
        "user-updated" => "The user's role collections were saved.",
        "user-deleted" => "The user was deleted.",
        _ => return None,
    })
}

/// The `notice` query parameter.
#[derive(Debug, Deserialize)]
pub struct NoticeQuery {
    /// A notice code.
    pub notice: Option<String>,
}

/// Percent-encodes a query value.
pub fn encode_query(value: &str) -> String {
    serde_urlencoded::to_string([("v", value)]).map(|s| s[2..].to_owned()).unwrap_or_default()
}

/// A 303 redirect.
pub fn see_other(target: &str) -> Response {
    (StatusCode::SEE_OTHER, [(LOCATION, target.to_owned())]).into_response()
}

#[derive(Template)]
#[template(path = "cockpit/sign_in.html")]
struct SignInPage {
    next: String,
    token: String,
    username: String,
    error: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct SignInQuery {
    next: Option<String>,
}

/// Only local cockpit paths are followed after sign-in (no open redirect).
fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with("/cockpit/") && !n.starts_with("//") && !n.contains('\\') => n.to_owned(),
        _ => "/cockpit/instances".to_owned(),
    }
}

/// `GET /cockpit/sign-in`.
pub(crate) async fn sign_in_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<SignInQuery>,
) -> Response {
    let nonce = SignInNonce::of(&state, &headers);
    let page = SignInPage {
        next: safe_next(q.next.as_deref()),
        token: nonce.form_token(),
        username: String::new(),
        error: None,
    };
    let mut response = render(StatusCode::OK, &page);
    if nonce.fresh {
        response.headers_mut().append(SET_COOKIE, set_cookie(&state, SIGN_IN_COOKIE, &nonce.nonce, 3600));
    }
    response
}

#[derive(Debug, Deserialize)]
pub(crate) struct SignInForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: Option<String>,
    #[serde(default)]
    token: String,
}

/// `POST /cockpit/sign-in`.
pub(crate) async fn sign_in_submit(
    State(state): State<AppState>,
    headers: HeaderMap,
    axum::Form(form): axum::Form<SignInForm>,
) -> Result<Response, CockpitFailure> {
    let next = safe_next(form.next.as_deref());
    let again = |status: StatusCode, error: String| {
        let nonce = SignInNonce::of(&state, &headers);
        let page = SignInPage {
            next: next.clone(),
            token: nonce.form_token(),
            username: form.username.clone(),
            error: Some(error),
        };
        render(status, &page)
    };
    if !SignInNonce::accepts(&headers, &form.token) {
        let text = "The sign-in form has expired. Please sign in again.".to_owned();
        return Ok(again(StatusCode::FORBIDDEN, text));
    }
    match sign_in(&state, form.username.trim(), form.password.clone()).await {
        Ok(token) => {
            let mut response = see_other(&next);
            let cookies = response.headers_mut();
            cookies.append(SET_COOKIE, set_cookie(&state, SESSION_COOKIE, &token, SESSION_LIFETIME.whole_seconds()));
            cookies.append(SET_COOKIE, set_cookie(&state, SIGN_IN_COOKIE, "", 0));
            Ok(response)
        }
        Err(SignInError::BadCredentials) => Ok(again(
            StatusCode::UNAUTHORIZED,
            "The user name or password is wrong, or the user is not a subaccount administrator.".into(),
        )),
        Err(SignInError::LockedOut(seconds)) => Ok(again(
            StatusCode::TOO_MANY_REQUESTS,
            format!("Too many failed attempts. Try again in {seconds} seconds."),
        )),
        Err(SignInError::Internal(failure)) => Err(failure),
    }
}

#[derive(Debug, Deserialize)]
pub(crate) struct Nothing {}

/// `POST /cockpit/sign-out`.
pub(crate) async fn sign_out(
    State(state): State<AppState>,
    posted: Posted<Nothing>,
) -> Result<Response, CockpitFailure> {
    posted.session.sign_out(&state).await?;
    let mut response = see_other("/cockpit/sign-in");
    response.headers_mut().append(SET_COOKIE, set_cookie(&state, SESSION_COOKIE, "", 0));
    Ok(response)
}

/// `GET /cockpit/`: the instances.
pub(crate) async fn home(_session: SignedIn) -> Response {
    see_other("/cockpit/instances")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_pages_are_followed_after_sign_in() {
        assert_eq!(safe_next(Some("/cockpit/users?x=1")), "/cockpit/users?x=1");
        for bad in ["https://evil.example/", "//evil.example/cockpit/", "/api/v1/", "/cockpit\\..", ""] {
            assert_eq!(safe_next(Some(bad)), "/cockpit/instances", "{bad}");
        }
        assert_eq!(safe_next(None), "/cockpit/instances");
    }

    proptest::proptest! {
        /// Whatever `next` a sign-in link carries, the redirect after sign-in stays in the cockpit.
        #[test]
        fn the_page_after_sign_in_is_always_a_cockpit_page(next in "\\PC{0,40}") {
            let target = safe_next(Some(&next));
            proptest::prop_assert!(target.starts_with("/cockpit/") && !target.starts_with("//"));
            proptest::prop_assert!(!target.contains('\\'));
        }
    }

    #[test]
    fn notices_come_only_from_known_codes() {
        assert!(notice_text("key-created").is_some());
        assert!(notice_text("<script>").is_none());
        assert_eq!(encode_query("/cockpit/a b?c=d&e"), "%2Fcockpit%2Fa+b%3Fc%3Dd%26e");
    }
}
