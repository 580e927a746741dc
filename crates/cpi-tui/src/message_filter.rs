//! [`MessageFilter`]: what the message monitor shows (status, flow, time window), and the
//! [`MplQuery`] it becomes at a given instant.

use cpi_client::MplQuery;
use time::{Duration, OffsetDateTime};

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

/// The monitor's filters.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MessageFilter {
    /// One status, or every status.
    pub status: Option<String>,
    /// One integration flow's id, or every flow.
    pub flow: Option<String>,
    /// How far back.
    pub window: TimeWindow,
}

impl MessageFilter {
    /// The most logs one load reads (newest first).
    pub const LIMIT: u32 = 500;

    /// The next status filter in [`STATUSES`].
    pub fn next_status(&mut self) {
        let current = STATUSES.iter().position(|status| status.as_deref() == self.status.as_deref()).unwrap_or(0);
        self.status = STATUSES[(current + 1) % STATUSES.len()].map(str::to_owned);
    }

    /// The query at `now`: the window becomes `LogEnd ge now - window`.
    pub fn query(&self, now: OffsetDateTime) -> MplQuery {
        MplQuery {
            status: self.status.clone(),
            flow: self.flow.clone(),
            since: self.window.length().map(|length| now - length),
            until: None,
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
    fn windows_cycle() {
        let mut window = TimeWindow::All;
        for _ in 0..5 {
            window = window.next();
        }
        assert_eq!(window, TimeWindow::All);
        assert_eq!(TimeWindow::Day.length(), Some(Duration::DAY));
    }
}
