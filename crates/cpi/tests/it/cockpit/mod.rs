//! The cockpit over real HTTP: sign-in everywhere, CSRF on every form, sessions, the wizard's
//! server side, keys and users. The browser walk is in `browser.rs` (Playwright).

mod access;
mod browser;
mod pages;

use reqwest::StatusCode;
use reqwest::header::{COOKIE, LOCATION, SET_COOKIE};

use crate::harness::{COCKPIT_PASSWORD, TestServer};

/// A browser without a browser: keeps the cockpit's cookies, follows nothing by itself.
pub struct Browser<'a> {
    pub server: &'a TestServer,
    pub cookies: Vec<(String, String)>,
}

/// What a request answered.
pub struct Page {
    pub status: StatusCode,
    pub location: Option<String>,
    pub set_cookies: Vec<String>,
    pub body: String,
    pub headers: reqwest::header::HeaderMap,
}

impl Page {
    /// The value of the first `name="csrf"` (or other named) hidden field.
    pub fn field(&self, name: &str) -> String {
        let marker = format!("name=\"{name}\" value=\"");
        let start =
            self.body.find(&marker).unwrap_or_else(|| panic!("no {name} field in {}", self.body)) + marker.len();
        self.body[start..].split('"').next().unwrap().to_owned()
    }

    pub fn csrf(&self) -> String {
        self.field("csrf")
    }
}

impl<'a> Browser<'a> {
    pub fn new(server: &'a TestServer) -> Self {
        Browser { server, cookies: Vec::new() }
    }

    fn cookie_header(&self) -> String {
        self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ")
    }

    fn remember(&mut self, response: &reqwest::Response) {
        for value in response.headers().get_all(SET_COOKIE) {
            let text = value.to_str().unwrap();
            let pair = text.split(';').next().unwrap();
            let (name, value) = pair.split_once('=').unwrap();
            self.cookies.retain(|(k, _)| k != name);
            let cleared = text.contains("Max-Age=0");
            if !cleared {
                self.cookies.push((name.to_owned(), value.to_owned()));
            }
        }
    }

    async fn page(&mut self, response: reqwest::Response) -> Page {
        self.remember(&response);
        let status = response.status();
        let headers = response.headers().clone();
        let location = headers.get(LOCATION).map(|l| l.to_str().unwrap().to_owned());
        let set_cookies = headers.get_all(SET_COOKIE).iter().map(|v| v.to_str().unwrap().to_owned()).collect();
        Page { status, location, set_cookies, body: response.text().await.unwrap(), headers }
    }

    pub async fn get(&mut self, path: &str) -> Page {
        let response =
            self.server.http.get(self.server.url(path)).header(COOKIE, self.cookie_header()).send().await.unwrap();
        self.page(response).await
    }

    pub async fn post(&mut self, path: &str, form: &[(&str, &str)]) -> Page {
        let response = self
            .server
            .http
            .post(self.server.url(path))
            .header(COOKIE, self.cookie_header())
            .form(form)
            .send()
            .await
            .unwrap();
        self.page(response).await
    }

    /// Signs in as `username` and returns the answer of the sign-in post.
    pub async fn sign_in_as(&mut self, username: &str, password: &str) -> Page {
        let form = self.get("/cockpit/sign-in").await;
        assert_eq!(form.status, StatusCode::OK);
        let token = form.field("token");
        self.post(
            "/cockpit/sign-in",
            &[("username", username), ("password", password), ("token", &token), ("next", "/cockpit/instances")],
        )
        .await
    }

    /// Signs in as the bootstrap admin.
    pub async fn signed_in(server: &'a TestServer) -> Browser<'a> {
        let mut browser = Browser::new(server);
        let answer = browser.sign_in_as("admin", COCKPIT_PASSWORD).await;
        assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
        browser
    }

    /// A page's CSRF token.
    pub async fn csrf(&mut self, path: &str) -> String {
        self.get(path).await.csrf()
    }
}
