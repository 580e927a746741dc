//! SAP's LogFiles API over the server's own log files ([`crate::logs`]): `LogFiles` lists the
//! files of the logs directory (current and rotated) and downloads one gzip-compressed;
//! `LogFileArchives` zips every file of one type, or only the latest. Entries are built from the
//! directory listing on each request, never stored, and `$filter`/`$orderby` are evaluated in
//! memory ([`cpi_odata::eval`]) after the usual option checks. Everything needs
//! `IntegrationOperationServer.read` (MonitoringDataRead), the permission SAP documents for this
//! API. A file is only ever found by a name the listing returned, so no key reaches a path.

use axum::http::StatusCode;
use time::OffsetDateTime;

use cpi_odata::model::EntitySet;
use cpi_odata::query::{KeyPredicate, PathSuffix, QueryOptions, Segment};
use cpi_odata::value::{Entity, Value};
use cpi_odata::{ODataError, eval, service};

use super::read::{self, SERVER_PAGE_SIZE, key_text};
use super::target::{Key, check_key};
use super::{ApiRequest, ApiResponse, ApiResult, Feed, is_read, method_not_allowed};
use crate::http::authz::{Authorized, MonitoringRead};
use crate::http::errors::TenantError;
use crate::logs::{LogFileInfo, LogFileType, export};
use crate::state::AppState;

/// The `Application` of every log file: this server.
pub const APPLICATION: &str = "cpi";
/// The only `NodeScope` (SAP's worker nodes; this server is one).
pub const NODE_SCOPE: &str = "worker";
const GZIP: &str = "application/gzip";
const ZIP: &str = "application/zip";

/// A path below `LogFiles` or `LogFileArchives`: the set, and the key of one entity.
#[derive(Debug)]
pub struct LogTarget {
    set: &'static EntitySet,
    key: Option<Key>,
}

/// Whether an entity set is served here rather than from the store.
pub fn serves(set: &EntitySet) -> bool {
    set.name == service::LOG_FILES || set.name == service::LOG_FILE_ARCHIVES
}

/// Resolves a path below one of these sets (they have neither navigations nor links).
pub fn resolve(
    set: &'static EntitySet,
    key: Option<&KeyPredicate>,
    rest: &[Segment],
    links: Option<&Segment>,
) -> Result<LogTarget, TenantError> {
    if let Some(segment) = rest.first().or(links) {
        let name = if links.is_some() && rest.is_empty() { "$links" } else { segment.name.as_str() };
        return Err(ODataError::NotFound(format!("Resource not found for the segment '{name}'.")).into());
    }
    Ok(LogTarget { set, key: key.map(|k| check_key(set, k)).transpose()? })
}

/// Answers a read of `LogFiles` or `LogFileArchives`.
pub async fn handle(state: &AppState, request: ApiRequest, target: LogTarget, suffix: PathSuffix) -> ApiResult {
    if !is_read(&request.method) {
        return Err(method_not_allowed(&request.method));
    }
    let auth = Authorized::<MonitoringRead>::check(request.principal.clone())?;
    let LogTarget { set, key } = target;
    let archives = set.name == service::LOG_FILE_ARCHIVES;
    match (key, suffix) {
        (None, PathSuffix::None | PathSuffix::Count) => {
            let entities = if archives { archive_entities() } else { file_entities(&list(state, &auth).await?) };
            collection(&request, set, entities, suffix == PathSuffix::Count)
        }
        (Some(key), PathSuffix::None) => {
            check_entity_options(set, &request.query)?;
            let entity = if archives {
                archive_entity(archive_key(&key)?)
            } else {
                file_entity(&find(state, &auth, &key).await?)
            };
            Ok(ApiResponse::Entity(StatusCode::OK, entity))
        }
        (Some(key), PathSuffix::Value) if archives => archive(state, &auth, &key, &request.query).await,
        (Some(key), PathSuffix::Value) => download(state, &auth, &key).await,
        (Some(_), PathSuffix::Count) => {
            Err(ODataError::BadRequest("$count is only allowed on collections.".into()).into())
        }
        (None, PathSuffix::Value) => Err(ODataError::BadRequest("$value needs one entity's key.".into()).into()),
    }
}

/// The listed files, after every line queued so far has been written.
async fn list(state: &AppState, _auth: &Authorized<MonitoringRead>) -> Result<Vec<LogFileInfo>, TenantError> {
    state.logs.flush().await;
    let logs = state.logs.clone();
    blocking(move || logs.list()).await
}

/// Runs blocking file work off the runtime; failures are logged and answered with a 500.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> std::io::Result<T> + Send + 'static,
) -> Result<T, TenantError> {
    match tokio::task::spawn_blocking(work).await {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(error)) if error.kind() == std::io::ErrorKind::NotFound => {
            // Rotated away between the listing and the read.
            Err(ODataError::NotFound("The log file no longer exists.".into()).into())
        }
        Ok(Err(error)) => {
            tracing::error!(error = %error, "log file read failed");
            Err(ODataError::Internal.into())
        }
        Err(error) => {
            tracing::error!(error = %error, "log file task failed");
            Err(ODataError::Internal.into())
        }
    }
}

/// A collection (or its `$count`) from in-memory entities: the set's option checks, then
/// `$filter`, `$orderby`, `$inlinecount`, `$skip`/`$top` and server paging as for every set.
fn collection(request: &ApiRequest, set: &'static EntitySet, mut entities: Vec<Entity>, count_only: bool) -> ApiResult {
    let query = &request.query;
    read::check_options(set, query)?;
    let model = service::model();
    if let Some(filter) = &query.filter {
        entities.retain(|entity| eval::matches(filter, entity, model));
    }
    let total = u64::try_from(entities.len()).unwrap_or(u64::MAX);
    if count_only {
        return Ok(ApiResponse::Count(total));
    }
    eval::sort(&mut entities, &query.orderby, model);
    let token = query.skiptoken.unwrap_or(0);
    let wanted = query.top.map(|top| top.saturating_sub(token));
    let page = wanted.map_or(SERVER_PAGE_SIZE, |w| w.min(SERVER_PAGE_SIZE));
    let skip = usize::try_from(query.skip.unwrap_or(0).saturating_add(token)).unwrap_or(usize::MAX);
    let mut entities: Vec<Entity> = entities.into_iter().skip(skip).collect();
    let more = u64::try_from(entities.len()).unwrap_or(u64::MAX) > page && wanted.is_none_or(|w| w > page);
    entities.truncate(usize::try_from(page).unwrap_or(usize::MAX));
    let next = more.then(|| read::next_link(set.name, &request.raw_query, token + page));
    let count = query.inlinecount.then_some(total);
    Ok(ApiResponse::Feed(Feed { path: set.name.to_owned(), set, entities, count, next }))
}

fn check_entity_options(set: &EntitySet, query: &QueryOptions) -> Result<(), TenantError> {
    if query.filter.is_some() || !query.orderby.is_empty() || query.top.is_some() || query.skip.is_some() {
        return Err(
            ODataError::BadRequest("$filter, $orderby, $top and $skip apply to collections only.".into()).into()
        );
    }
    read::check_options(set, query)
}

/// An entity of `set` with each property's value from `value_of` (by name, so the order is
/// the type's).
fn entity(set: &'static EntitySet, value_of: impl Fn(&str) -> Value) -> Entity {
    let values = set.entity_type.properties.iter().map(|p| value_of(p.name)).collect();
    Entity { set, values, expanded: Vec::new() }
}

fn text(value: &str) -> Value {
    Value::String(value.to_owned())
}

fn file_entity(file: &LogFileInfo) -> Entity {
    entity(service::log_files(), |property| match property {
        "Name" => text(&file.name),
        "Application" => text(APPLICATION),
        "LastModified" => Value::DateTime(i64::try_from(cpi_odata::unix_millis(file.modified)).unwrap_or(0)),
        "ContentType" => text(GZIP),
        "LogFileType" => text(file.log_name.file_type.as_str()),
        "NodeScope" => text(NODE_SCOPE),
        "Size" => Value::Int64(i64::try_from(file.size).unwrap_or(i64::MAX)),
        _ => Value::Null,
    })
}

fn file_entities(files: &[LogFileInfo]) -> Vec<Entity> {
    files.iter().map(file_entity).collect()
}

/// The file a `LogFiles` key names: 400 for a name that could not be a file of the logs
/// directory, 404 for one the listing does not have.
async fn find(state: &AppState, auth: &Authorized<MonitoringRead>, key: &Key) -> Result<LogFileInfo, TenantError> {
    let name = key_text(key, "Name")?;
    let application = key_text(key, "Application")?;
    if name.is_empty() || name.contains(['/', '\\', '\0']) || name.contains("..") {
        return Err(ODataError::BadRequest(format!("Invalid log file name '{name}'.")).into());
    }
    let not_found = || -> TenantError {
        ODataError::NotFound(format!("Log file '{name}' of application '{application}' not found.")).into()
    };
    if application != APPLICATION {
        return Err(not_found());
    }
    list(state, auth).await?.into_iter().find(|file| file.name == name).ok_or_else(not_found)
}

/// `LogFiles(…)/$value`: the file gzip-compressed.
async fn download(state: &AppState, auth: &Authorized<MonitoringRead>, key: &Key) -> ApiResult {
    let file = find(state, auth, key).await?;
    let filename = if file.log_name.compressed { file.name.clone() } else { format!("{}.gz", file.name) };
    let body = blocking(move || export::gzip(&file)).await?;
    Ok(ApiResponse::Raw { status: StatusCode::OK, content_type: GZIP.into(), filename: Some(filename), body })
}

/// Which files of a type an archive holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    All,
    Latest,
}

impl Scope {
    fn as_str(self) -> &'static str {
        match self {
            Scope::All => "all",
            Scope::Latest => "latest",
        }
    }
}

fn archive_entity((scope, file_type): (Scope, LogFileType)) -> Entity {
    entity(service::log_file_archives(), |property| match property {
        "Scope" => text(scope.as_str()),
        "LogFileType" => text(file_type.as_str()),
        "NodeScope" => text(NODE_SCOPE),
        "ContentType" => text(ZIP),
        _ => Value::Null,
    })
}

fn archive_entities() -> Vec<Entity> {
    [Scope::All, Scope::Latest]
        .into_iter()
        .flat_map(|scope| LogFileType::ALL.into_iter().map(move |file_type| archive_entity((scope, file_type))))
        .collect()
}

/// A `LogFileArchives` key: Scope `all`|`latest`, LogFileType `http`|`trace`, NodeScope
/// `worker`; anything else is a 400.
fn archive_key(key: &Key) -> Result<(Scope, LogFileType), TenantError> {
    let bad = |name: &str, value: &str, allowed: &str| -> TenantError {
        ODataError::BadRequest(format!("Invalid value '{value}' for {name}: expected {allowed}.")).into()
    };
    let scope = match key_text(key, "Scope")? {
        "all" => Scope::All,
        "latest" => Scope::Latest,
        other => return Err(bad("Scope", other, "'all' or 'latest'")),
    };
    let type_text = key_text(key, "LogFileType")?;
    let file_type = LogFileType::parse(type_text).ok_or_else(|| bad("LogFileType", type_text, "'http' or 'trace'"))?;
    let node_scope = key_text(key, "NodeScope")?;
    if node_scope != NODE_SCOPE {
        return Err(bad("NodeScope", node_scope, "'worker'"));
    }
    Ok((scope, file_type))
}

/// The optional `ModifiedAfter=yyyy-MM-dd'T'HH:mm:ss'Z'` of an archive download.
fn modified_after(query: &QueryOptions) -> Result<Option<OffsetDateTime>, TenantError> {
    let Some(raw) = query.custom("ModifiedAfter") else { return Ok(None) };
    let value = raw.trim_matches('\'');
    let format = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");
    time::PrimitiveDateTime::parse(value, &format).map(|at| Some(at.assume_utc())).map_err(|_| {
        ODataError::BadRequest(format!(
            "Invalid ModifiedAfter '{raw}': expected yyyy-MM-dd'T'HH:mm:ss'Z', e.g. 2017-04-13T15:51:04Z."
        ))
        .into()
    })
}

/// The files an archive holds: that type's, modified after the bound, all or the latest.
fn archive_files(
    files: Vec<LogFileInfo>,
    scope: Scope,
    file_type: LogFileType,
    after: Option<OffsetDateTime>,
) -> Vec<LogFileInfo> {
    let chosen =
        files.into_iter().filter(|f| f.log_name.file_type == file_type && after.is_none_or(|bound| f.modified > bound));
    match scope {
        Scope::All => chosen.collect(),
        // The most recently written; the current file wins a tie with a rotated one.
        Scope::Latest => chosen.max_by_key(|f| (f.modified, f.log_name.rotated.is_none())).into_iter().collect(),
    }
}

/// `LogFileArchives(…)/$value`: a zip of the chosen files.
async fn archive(state: &AppState, auth: &Authorized<MonitoringRead>, key: &Key, query: &QueryOptions) -> ApiResult {
    let (scope, file_type) = archive_key(key)?;
    let after = modified_after(query)?;
    let files = archive_files(list(state, auth).await?, scope, file_type, after);
    let body = blocking(move || export::zip(&files)).await?;
    let filename = format!("cpi_{}_logs_{}.zip", file_type.as_str(), scope.as_str());
    Ok(ApiResponse::Raw { status: StatusCode::OK, content_type: ZIP.into(), filename: Some(filename), body })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::logs::LogName;
    use cpi_odata::query::{Literal, parse_query};

    fn info(name: &str, modified_s: i64) -> LogFileInfo {
        LogFileInfo {
            name: name.to_owned(),
            log_name: LogName::parse(name).unwrap(),
            modified: OffsetDateTime::from_unix_timestamp(modified_s).unwrap(),
            size: 1,
            path: name.into(),
        }
    }

    fn key(values: &[(&'static str, &str)]) -> Key {
        Key { values: values.iter().map(|(n, v)| (*n, Literal::String((*v).to_owned()))).collect() }
    }

    #[test]
    fn archive_keys_take_sap_values_only() {
        let good = key(&[("Scope", "latest"), ("LogFileType", "trace"), ("NodeScope", "worker")]);
        assert_eq!(archive_key(&good).unwrap(), (Scope::Latest, LogFileType::Trace));
        for bad in [
            [("Scope", "some"), ("LogFileType", "http"), ("NodeScope", "worker")],
            [("Scope", "all"), ("LogFileType", "audit"), ("NodeScope", "worker")],
            [("Scope", "all"), ("LogFileType", "http"), ("NodeScope", "tmn")],
        ] {
            assert_eq!(archive_key(&key(&bad)).unwrap_err().error.status(), 400);
        }
    }

    #[test]
    fn archives_choose_by_type_time_and_scope() {
        let files = vec![
            info("http_access.log", 300),
            info("http_access_2026-11-23.log.gz", 100),
            info("http_access_2026-11-24.log.gz", 300),
            info("trace.log", 400),
        ];
        let names = |scope, after: Option<i64>| {
            let after = after.map(|s| OffsetDateTime::from_unix_timestamp(s).unwrap());
            archive_files(files.clone(), scope, LogFileType::Http, after)
                .into_iter()
                .map(|f| f.name)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            names(Scope::All, None),
            ["http_access.log", "http_access_2026-11-23.log.gz", "http_access_2026-11-24.log.gz"]
        );
        assert_eq!(names(Scope::All, Some(100)), ["http_access.log", "http_access_2026-11-24.log.gz"]);
        assert_eq!(names(Scope::Latest, None), ["http_access.log"]);
        assert!(names(Scope::Latest, Some(300)).is_empty());
    }

    #[test]
    fn modified_after_has_sap_format() {
        let query = |q: &str| parse_query(q).unwrap();
        assert_eq!(
            modified_after(&query("ModifiedAfter=2017-04-13T15:51:04Z")).unwrap(),
            Some(time::macros::datetime!(2017-04-13 15:51:04 UTC))
        );
        assert_eq!(modified_after(&query("")).unwrap(), None);
        assert_eq!(modified_after(&query("ModifiedAfter=2017-04-13")).unwrap_err().error.status(), 400);
    }

    #[test]
    fn entities_carry_sap_properties() {
        let entity = file_entity(&info("trace_2026-11-24.3.log.gz", 5));
        assert_eq!(entity.text("Name"), Some("trace_2026-11-24.3.log.gz"));
        assert_eq!(entity.text("LogFileType"), Some("trace"));
        assert_eq!(entity.text("ContentType"), Some(GZIP));
        assert_eq!(entity.get("LastModified"), Some(&Value::DateTime(5000)));
        assert_eq!(entity.get("Size"), Some(&Value::Int64(1)));
        assert_eq!(archive_entities().len(), 4);
        assert!(archive_entities().iter().all(|e| e.text("ContentType") == Some(ZIP)));
    }
}
