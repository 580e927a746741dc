//! Slowing down repeated failed client authentication per client id, without touching others.
//! A fixed window per client id: after `max_failures` failures within `window`, further attempts
//! of that client id are refused until the window ends. The clock is the caller's.

use std::collections::HashMap;

use time::{Duration, OffsetDateTime};

/// Failure counts per client id.
#[derive(Debug)]
pub struct FailureThrottle {
    max_failures: u32,
    window: Duration,
    entries: HashMap<String, (OffsetDateTime, u32)>,
}

impl FailureThrottle {
    /// A throttle allowing `max_failures` per `window`.
    pub fn new(max_failures: u32, window: Duration) -> Self {
        FailureThrottle { max_failures, window, entries: HashMap::new() }
    }

    /// `Err(seconds to wait)` if this client id is currently locked out.
    pub fn check(&mut self, client_id: &str, now: OffsetDateTime) -> Result<(), u64> {
        match self.entries.get(client_id) {
            Some((start, count)) if now - *start < self.window && *count >= self.max_failures => {
                let left = (*start + self.window - now).whole_seconds().max(1);
                Err(u64::try_from(left).unwrap_or(1))
            }
            _ => Ok(()),
        }
    }

    /// Records a failed attempt.
    pub fn record_failure(&mut self, client_id: &str, now: OffsetDateTime) {
        if self.entries.len() > 100_000 {
            let window = self.window;
            self.entries.retain(|_, (start, _)| now - *start < window);
        }
        let entry = self.entries.entry(client_id.to_owned()).or_insert((now, 0));
        if now - entry.0 >= self.window {
            *entry = (now, 0);
        }
        entry.1 += 1;
    }

    /// Forgets failures after a success.
    pub fn record_success(&mut self, client_id: &str) {
        self.entries.remove(client_id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn locks_one_client_out_for_the_rest_of_the_window_only() {
        let t0 = datetime!(2026-01-01 0:00 UTC);
        let mut throttle = FailureThrottle::new(3, Duration::seconds(60));
        for _ in 0..3 {
            assert!(throttle.check("a", t0).is_ok());
            throttle.record_failure("a", t0);
        }
        assert_eq!(throttle.check("a", t0 + Duration::seconds(10)), Err(50));
        assert!(throttle.check("b", t0).is_ok());
        assert!(throttle.check("a", t0 + Duration::seconds(61)).is_ok());
    }
}
