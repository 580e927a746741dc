//! Users and role collections of the subaccount: the users table with a create form, a user's
//! page (role collections, delete), and the role collections with what each grants.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use uuid::Uuid;

use cpi_domain::RoleCollection;
use cpi_domain::role::role_template;
use cpi_store::UserRecord;

use crate::cockpit::failure::{CockpitFailure, control_status, render};
use crate::cockpit::instances::ConfirmPage;
use crate::cockpit::pages::{Chrome, Nothing, NoticeQuery, Section, see_other};
use crate::cockpit::session::{Posted, SignedIn};
use crate::control::{ControlError, OrControl};
use crate::state::AppState;
use crate::users::{self, NewUser};

/// A role collection as the pages show it.
#[derive(Debug)]
pub struct CollectionView {
    name: &'static str,
    description: &'static str,
    grants: Vec<String>,
}

fn collections() -> Vec<CollectionView> {
    RoleCollection::ALL
        .iter()
        .map(|c| {
            let mut grants: Vec<String> = c.api_permissions().iter().map(|p| p.as_str().to_owned()).collect();
            grants.extend(c.runtime_roles().iter().map(|r| format!("{r} (runtime role)")));
            CollectionView { name: c.name(), description: c.description(), grants }
        })
        .collect()
}

#[derive(Template)]
#[template(path = "cockpit/users.html")]
struct UsersPage {
    chrome: Chrome,
    users: Vec<UserRecord>,
    collections: Vec<CollectionView>,
    form: Vec<(String, String)>,
    error: Option<String>,
}

impl UsersPage {
    fn value(&self, field: &str) -> String {
        field_value(&self.form, field).unwrap_or_default().to_owned()
    }

    fn checked(&self, collection: &str) -> bool {
        self.form.iter().any(|(k, v)| k == "role_collection" && v == collection)
    }
}

/// Names of a user's role collections, comma separated.
pub fn collection_names(user: &UserRecord) -> String {
    user.role_collections.iter().map(|c| c.name()).collect::<Vec<_>>().join(", ")
}

fn field_value<'a>(form: &'a [(String, String)], field: &str) -> Option<&'a str> {
    form.iter().find(|(k, _)| k == field).map(|(_, v)| v.as_str())
}

fn chosen(form: &[(String, String)]) -> Vec<String> {
    form.iter().filter(|(k, _)| k == "role_collection").map(|(_, v)| v.clone()).collect()
}

async fn users_page(
    state: &AppState,
    session: &SignedIn,
    notice: Option<&str>,
    form: Vec<(String, String)>,
    error: Option<(StatusCode, String)>,
) -> Result<Response, CockpitFailure> {
    let users = state.store.list_users(session.zone.id).await.or_control("user")?;
    let chrome = Chrome::new(session, Section::Users, "Users").with_notice(notice);
    let (status, error) = match error {
        Some((status, message)) => (status, Some(message)),
        None => (StatusCode::OK, None),
    };
    Ok(render(status, &UsersPage { chrome, users, collections: collections(), form, error }))
}

/// `GET /cockpit/users`.
pub(crate) async fn list(
    State(state): State<AppState>,
    session: SignedIn,
    Query(query): Query<NoticeQuery>,
) -> Result<Response, CockpitFailure> {
    users_page(&state, &session, query.notice.as_deref(), Vec::new(), None).await
}

/// `POST /cockpit/users`.
pub(crate) async fn create(
    State(state): State<AppState>,
    posted: Posted<Vec<(String, String)>>,
) -> Result<Response, CockpitFailure> {
    let Posted { session, form } = posted;
    let new = NewUser {
        username: field_value(&form, "username").unwrap_or_default().trim().to_owned(),
        email: field_value(&form, "email").map(str::to_owned),
        password: field_value(&form, "password").unwrap_or_default().to_owned(),
        role_collections: chosen(&form),
    };
    match users::create_user(&state, session.zone.id, new).await {
        Ok(_) => Ok(see_other("/cockpit/users?notice=user-created")),
        Err(e @ ControlError::Internal(_)) => Err(e.into()),
        Err(e) => {
            let kept: Vec<(String, String)> = form.into_iter().filter(|(k, _)| k != "password").collect();
            users_page(&state, &session, None, kept, Some(control_status(&e))).await
        }
    }
}

#[derive(Template)]
#[template(path = "cockpit/user.html")]
struct UserPage {
    chrome: Chrome,
    user: UserRecord,
    collections: Vec<CollectionView>,
    is_self: bool,
}

impl UserPage {
    fn holds(&self, name: &str) -> bool {
        self.user.role_collections.iter().any(|c| c.name() == name)
    }
}

/// `GET /cockpit/users/{id}`.
pub(crate) async fn show(
    State(state): State<AppState>,
    session: SignedIn,
    Path(id): Path<Uuid>,
    Query(query): Query<NoticeQuery>,
) -> Result<Response, CockpitFailure> {
    let user = state.store.get_user(session.zone.id, id).await.or_control("user")?;
    let chrome = Chrome::new(&session, Section::Users, user.username.clone()).with_notice(query.notice.as_deref());
    let is_self = user.id == session.user.id;
    Ok(render(StatusCode::OK, &UserPage { chrome, user, collections: collections(), is_self }))
}

/// `POST /cockpit/users/{id}`: sets the role collections.
pub(crate) async fn update(
    State(state): State<AppState>,
    Path(id): Path<Uuid>,
    posted: Posted<Vec<(String, String)>>,
) -> Result<Response, CockpitFailure> {
    let Posted { session, form } = posted;
    let mut names = chosen(&form);
    let admin = RoleCollection::SubaccountAdministrator.name().to_owned();
    if id == session.user.id && !names.contains(&admin) {
        names.push(admin);
    }
    users::update_user(&state, session.zone.id, id, None, Some(&names)).await?;
    Ok(see_other(&format!("/cockpit/users/{id}?notice=user-updated")))
}

/// `GET /cockpit/users/{id}/delete`.
pub(crate) async fn confirm_delete(
    State(state): State<AppState>,
    session: SignedIn,
    Path(id): Path<Uuid>,
) -> Result<Response, CockpitFailure> {
    let user = state.store.get_user(session.zone.id, id).await.or_control("user")?;
    if user.id == session.user.id {
        return Err(ControlError::BadRequest("you cannot delete the user you are signed in as".into()).into());
    }
    let page = ConfirmPage {
        chrome: Chrome::new(&session, Section::Users, format!("Delete {}", user.username)),
        question: format!("Delete the user {}?", user.username),
        consequence: "The user can no longer sign in or get tokens with the password grant.".into(),
        action: format!("/cockpit/users/{id}/delete"),
        button: "Delete user".into(),
        cancel: format!("/cockpit/users/{id}"),
    };
    Ok(render(StatusCode::OK, &page))
}

/// `POST /cockpit/users/{id}/delete`.
pub(crate) async fn delete(
    State(state): State<AppState>,
    Path(id): Path<Uuid>,
    posted: Posted<Nothing>,
) -> Result<Response, CockpitFailure> {
    if id == posted.session.user.id {
        return Err(ControlError::BadRequest("you cannot delete the user you are signed in as".into()).into());
    }
    state.store.delete_user(posted.session.zone.id, id).await.or_control("user")?;
    Ok(see_other("/cockpit/users?notice=user-deleted"))
}

/// A role collection's row on the role collections page.
#[derive(Debug)]
pub struct CollectionRow {
    view: CollectionView,
    templates: Vec<(&'static str, &'static str)>,
    members: Vec<String>,
}

#[derive(Template)]
#[template(path = "cockpit/role_collections.html")]
struct CollectionsPage {
    chrome: Chrome,
    rows: Vec<CollectionRow>,
}

/// `GET /cockpit/role-collections`.
pub(crate) async fn role_collections(
    State(state): State<AppState>,
    session: SignedIn,
) -> Result<Response, CockpitFailure> {
    let users = state.store.list_users(session.zone.id).await.or_control("user")?;
    let rows = RoleCollection::ALL
        .iter()
        .zip(collections())
        .map(|(c, view)| CollectionRow {
            templates: c
                .persona_templates()
                .iter()
                .filter_map(|name| role_template(name))
                .map(|t| (t.name, t.description))
                .collect(),
            members: users.iter().filter(|u| u.role_collections.contains(c)).map(|u| u.username.clone()).collect(),
            view,
        })
        .collect();
    let chrome = Chrome::new(&session, Section::RoleCollections, "Role Collections");
    Ok(render(StatusCode::OK, &CollectionsPage { chrome, rows }))
}
