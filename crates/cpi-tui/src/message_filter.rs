//! [`MessageFilter`]: what the message monitor shows (status, flow, time window, until), and the
//! [`MplQuery`] it becomes at a given instant.

use cpi_client::MplQuery;
use time::macros::format_description;
use time::{Date, Duration, OffsetDateTime, PrimitiveDateTime, Time};

use crate::format;

/// The statuses the monitor cycles through with `s` (`None` is every status).
pub const STATUSES: [Option<&str>; 6] =
    [None, Some("FAILED"), Some("COMPLETED"), Some("RETRY"), Some("PROCESSING"), Some("ESCALATED")];

/// How far back the monitor looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TimeWindow {
    /// No lower bound.
    #[default]
    All,
    /// The last 15 minutes.
    Minutes15,
    /// The last hour.
    Hour,
    /// The last 24 hours.
    Day,
    /// The last 7 days.
    Week,
}

impl TimeWindow {
    /// The next window (`t` cycles through them).
    pub fn next(self) -> TimeWindow {
        match self {
            TimeWindow::All => TimeWindow::Minutes15,
            TimeWindow::Minutes15 => TimeWindow::Hour,
            TimeWindow::Hour => TimeWindow::Day,
            TimeWindow::Day => TimeWindow::Week,
            TimeWindow::Week => TimeWindow::All,
        }
    }

    /// How long the window is (`None` for all time).
    pub fn length(self) -> Option<Duration> {
        match self {
            TimeWindow::All => None,
            TimeWindow::Minutes15 => Some(Duration::minutes(15)),
            TimeWindow::Hour => Some(Duration::HOUR),
            TimeWindow::Day => Some(Duration::DAY),
            TimeWindow::Week => Some(Duration::WEEK),
        }
    }

    /// As the filter bar shows it.
    pub fn label(self) -> &'static str {
        match self {
            TimeWindow::All => "all time",
            TimeWindow::Minutes15 => "last 15 min",
            TimeWindow::Hour => "last hour",
            TimeWindow::Day => "last 24 h",
            TimeWindow::Week => "last 7 days",
        }
    }
}

/// The upper bound of the logs' end: none, an age (before the instant of the query) or a UTC
/// instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Until {
    /// No upper bound: up to now.
    #[default]
    Now,
    /// Logs that ended at least this long ago.
    Ago(Duration),
    /// Logs that ended at or before this instant.
    At(OffsetDateTime),
}

impl Until {
    /// What the user typed: empty (now), an age (`30s`, `15m`, `2h`, `7d`, `1w`, optionally followed
    /// by `ago`) or a UTC instant (`2024-03-01`, `2024-03-01 10:15`, `2024-03-01T10:15:00Z`).
    pub fn parse(text: &str) -> Result<Until, String> {
        let text = text.trim();
        if text.is_empty() || text.eq_ignore_ascii_case("now") {
            return Ok(Until::Now);
        }
        let age = text.strip_suffix("ago").unwrap_or(text).trim();
        if let Some(age) = parse_age(age) {
            return Ok(Until::Ago(age));
        }
        parse_instant(text)
            .map(Until::At)
            .ok_or_else(|| format!("'{text}' is no age (2h) or UTC time (2024-03-01 10:15)"))
    }

    /// The instant it stands for when the query is made at `now`.
    pub fn instant(self, now: OffsetDateTime) -> Option<OffsetDateTime> {
        match self {
            Until::Now => None,
            Until::Ago(age) => Some(now - age),
            Until::At(at) => Some(at),
        }
    }

    /// As the filter bar shows it: `now`, `2 h ago`, `2024-03-01 10:15:00`.
    pub fn label(self) -> String {
        match self {
            Until::Now => "now".to_owned(),
            Until::Ago(age) => format!("{} ago", age_text(age, " ")),
            Until::At(at) => format!("{} UTC", format::timestamp(Some(at))),
        }
    }

    /// As it is edited again: empty, `2h`, `2024-03-01 10:15:00`.
    pub fn input(self) -> String {
        match self {
            Until::Now => String::new(),
            Until::Ago(age) => age_text(age, ""),
            Until::At(at) => format::timestamp(Some(at)),
        }
    }
}

/// `30s`, `15m`, `2h`, `7d` (as the CLI's `--since` takes them) and `1w`.
fn parse_age(text: &str) -> Option<Duration> {
    let split = text.find(|c: char| !c.is_ascii_digit())?;
    let (number, unit) = text.split_at(split);
    let n: i64 = number.parse().ok()?;
    match unit.trim() {
        "s" => Some(Duration::seconds(n)),
        "m" | "min" => Some(Duration::minutes(n)),
        "h" => Some(Duration::hours(n)),
        "d" => Some(Duration::days(n)),
        "w" => Some(Duration::weeks(n)),
        _ => None,
    }
}

/// An instant in UTC: a day (its start), a day and a time to the minute or the second, with a
/// space or a `T` between and an optional `Z`.
fn parse_instant(text: &str) -> Option<OffsetDateTime> {
    let text = text.strip_suffix(['Z', 'z']).unwrap_or(text).replacen(['T', 't'], " ", 1);
    let seconds = format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
    let minutes = format_description!("[year]-[month]-[day] [hour]:[minute]");
    let day = format_description!("[year]-[month]-[day]");
    let at = PrimitiveDateTime::parse(&text, seconds)
        .or_else(|_| PrimitiveDateTime::parse(&text, minutes))
        .or_else(|_| Date::parse(&text, day).map(|date| date.with_time(Time::MIDNIGHT)))
        .ok()?;
    Some(at.assume_utc())
}

/// An age in its largest whole unit: `2h`, `90m` (`2 h` with a space).
fn age_text(age: Duration, space: &str) -> String {
    let seconds = age.whole_seconds();
    let (value, unit) = [(86_400, "d"), (3_600, "h"), (60, "m")]
        .into_iter()
        .find(|(size, _)| seconds != 0 && seconds % size == 0)
        .map_or((seconds, "s"), |(size, unit)| (seconds / size, unit));
    let unit = if space.is_empty() || unit != "m" { unit } else { "min" };
    format!("{value}{space}{unit}")
}

/// The monitor's filters.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MessageFilter {
    /// One status, or every status.
    pub status: Option<String>,
    /// One integration flow's id, or every flow.
    pub flow: Option<String>,
    /// How far back.
    pub window: TimeWindow,
    /// Up to when.
    pub until: Until,
}

impl MessageFilter {
    /// The most logs one load reads (newest first).
    pub const LIMIT: u32 = 500;

    /// The next status filter in [`STATUSES`].
    pub fn next_status(&mut self) {
        let current = STATUSES.iter().position(|status| status.as_deref() == self.status.as_deref()).unwrap_or(0);
        self.status = STATUSES[(current + 1) % STATUSES.len()].map(str::to_owned);
    }

    /// The query at `now`: the window becomes `LogEnd ge now - window`, the until
    /// `LogEnd le now - age` (or `le` the instant).
    pub fn query(&self, now: OffsetDateTime) -> MplQuery {
        MplQuery {
            status: self.status.clone(),
            flow: self.flow.clone(),
            since: self.window.length().map(|length| now - length),
            until: self.until.instant(now),
            top: Some(MessageFilter::LIMIT),
        }
    }
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::*;

    #[test]
    fn filters_become_queries_relative_to_now() {
        let mut filter = MessageFilter { flow: Some("Parser".into()), window: TimeWindow::Hour, ..Default::default() };
        filter.next_status();
        let query = filter.query(datetime!(2024-01-31 12:00 UTC));
        assert_eq!(query.status.as_deref(), Some("FAILED"));
        assert_eq!(query.flow.as_deref(), Some("Parser"));
        assert_eq!(query.since, Some(datetime!(2024-01-31 11:00 UTC)));
        assert_eq!(query.top, Some(500));
        for _ in 1..STATUSES.len() {
            filter.next_status();
        }
        assert_eq!(filter.status, None, "the cycle comes back to every status");
        assert_eq!(MessageFilter::default().query(datetime!(2024-01-31 12:00 UTC)).since, None);
    }

    #[test]
    fn until_takes_an_age_or_a_utc_instant() {
        let now = datetime!(2024-01-31 12:00 UTC);
        let until = |text| Until::parse(text).map(|until| until.instant(now));
        assert_eq!(until(""), Ok(None));
        assert_eq!(until(" now "), Ok(None));
        assert_eq!(until("2h"), Ok(Some(datetime!(2024-01-31 10:00 UTC))));
        assert_eq!(until("90m ago"), Ok(Some(datetime!(2024-01-31 10:30 UTC))));
        assert_eq!(until("1w"), Ok(Some(datetime!(2024-01-24 12:00 UTC))));
        assert_eq!(until("2024-01-30"), Ok(Some(datetime!(2024-01-30 00:00 UTC))));
        assert_eq!(until("2024-01-30 08:15"), Ok(Some(datetime!(2024-01-30 08:15 UTC))));
        assert_eq!(until("2024-01-30T08:15:30Z"), Ok(Some(datetime!(2024-01-30 08:15:30 UTC))));
        assert_eq!(until("soon"), Err("'soon' is no age (2h) or UTC time (2024-03-01 10:15)".into()));
        assert!(until("2x").is_err() && until("2024-13-01").is_err());
    }

    #[test]
    fn until_reads_and_edits_in_its_largest_unit() {
        let ago = |text| Until::parse(text).unwrap();
        assert_eq!((ago("120m").label(), ago("120m").input()), ("2 h ago".into(), "2h".into()));
        assert_eq!((ago("90m").label(), ago("90m").input()), ("90 min ago".into(), "90m".into()));
        assert_eq!((ago("7d").label(), ago("45s").input()), ("7 d ago".into(), "45s".into()));
        let at = ago("2024-01-30 08:15");
        assert_eq!((at.label(), at.input()), ("2024-01-30 08:15:00 UTC".into(), "2024-01-30 08:15:00".into()));
        assert_eq!((Until::Now.label(), Until::Now.input()), ("now".into(), String::new()));
        let filter = MessageFilter { until: ago("1h"), ..Default::default() };
        assert_eq!(filter.query(datetime!(2024-01-31 12:00 UTC)).until, Some(datetime!(2024-01-31 11:00 UTC)));
    }

    #[test]
    fn windows_cycle() {
        let mut window = TimeWindow::All;
        for _ in 0..5 {
            window = window.next();
        }
        assert_eq!(window, TimeWindow::All);
        assert_eq!(TimeWindow::Day.length(), Some(Duration::DAY));
    }
}
