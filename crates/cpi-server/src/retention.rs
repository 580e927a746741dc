//! Retention of message processing logs: a background task that, once at start and then at
//! every interval, deletes the logs older than the retention period (by the injected clock) and
//! the attachments of the oldest logs beyond the attachment budget. Tests ask it for a pass and
//! await the result instead of waiting for the interval.
//!
//! The rules come from the settings `mpl_retention_days` (default 30) and
//! `mpl_attachment_budget_mb` (default 1024); a pass runs every 10 minutes and deletes logs in
//! transactions of 5,000, releasing the write lock between them.

use std::time::Duration;

use tokio::sync::{mpsc, oneshot, watch};
use tokio::task::JoinHandle;

use crate::state::AppState;

/// Logs deleted per transaction (the write lock is released between transactions).
const PURGE_BATCH: u64 = 5_000;
/// Bytes per megabyte of the budget setting.
const MEGABYTE: u64 = 1024 * 1024;

/// The retention rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MplRetention {
    /// Logs that ended longer ago than this are deleted.
    pub max_age: time::Duration,
    /// Attachment payloads beyond this many bytes are deleted, oldest logs' first.
    pub attachment_budget_bytes: u64,
    /// Time between passes.
    pub interval: Duration,
}

impl MplRetention {
    /// Default retention of logs, in days.
    pub const DEFAULT_DAYS: u32 = 30;
    /// Default attachment budget, in MiB.
    pub const DEFAULT_BUDGET_MB: u64 = 1024;
    /// Default time between passes.
    pub const DEFAULT_INTERVAL: Duration = Duration::from_secs(600);

    /// Rules from the settings (`mpl_retention_days`, `mpl_attachment_budget_mb`), with the
    /// default interval.
    pub fn new(days: u32, attachment_budget_mb: u64) -> Self {
        MplRetention {
            max_age: time::Duration::days(i64::from(days)),
            attachment_budget_bytes: attachment_budget_mb.saturating_mul(MEGABYTE),
            interval: Self::DEFAULT_INTERVAL,
        }
    }
}

impl Default for MplRetention {
    fn default() -> Self {
        MplRetention::new(Self::DEFAULT_DAYS, Self::DEFAULT_BUDGET_MB)
    }
}

/// What one pass deleted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RetentionPass {
    /// Logs (with all their children).
    pub logs: u64,
    /// Attachments over the budget.
    pub attachments: u64,
}

/// Runs one pass: logs past their age, then attachments over the budget.
pub async fn run_pass(state: &AppState, rules: &MplRetention) -> anyhow::Result<RetentionPass> {
    let cutoff = state.clock.now() - rules.max_age;
    let logs = state.store.purge_mpls(cutoff, PURGE_BATCH).await?;
    let attachments = state.store.purge_attachments_over_budget(rules.attachment_budget_bytes).await?;
    if logs > 0 || attachments > 0 {
        tracing::info!(logs, attachments, %cutoff, "message processing logs purged");
    }
    Ok(RetentionPass { logs, attachments })
}

type PassRequest = oneshot::Sender<anyhow::Result<RetentionPass>>;

/// The running retention task: ask it for a pass, or see how many it has finished.
#[derive(Debug, Clone)]
pub struct RetentionHandle {
    requests: mpsc::Sender<PassRequest>,
    passes: watch::Receiver<u64>,
}

impl RetentionHandle {
    /// Runs a pass now, in the task (after the one in progress, if any), and returns its result.
    pub async fn run_now(&self) -> anyhow::Result<RetentionPass> {
        let (reply, result) = oneshot::channel();
        self.requests.send(reply).await.map_err(|_| anyhow::anyhow!("the retention task has stopped"))?;
        result.await.map_err(|_| anyhow::anyhow!("the retention task has stopped"))?
    }

    /// Waits until the task has finished at least `count` passes (the first runs at start).
    pub async fn wait_for_passes(&self, count: u64) -> anyhow::Result<()> {
        let mut passes = self.passes.clone();
        passes.wait_for(|&done| done >= count).await.map_err(|_| anyhow::anyhow!("the retention task has stopped"))?;
        Ok(())
    }
}

/// Starts the task: a pass at once, then one every interval and one per request.
pub fn spawn(state: AppState, rules: MplRetention) -> (RetentionHandle, JoinHandle<()>) {
    let (requests, mut pending) = mpsc::channel::<PassRequest>(4);
    let (finished, passes) = watch::channel(0u64);
    let task = tokio::spawn(async move {
        let mut ticks = tokio::time::interval(rules.interval);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            let reply = tokio::select! {
                _ = ticks.tick() => None,
                Some(reply) = pending.recv() => Some(reply),
            };
            let result = run_pass(&state, &rules).await;
            if let Err(error) = &result {
                tracing::warn!(error = %error, "message processing log retention failed");
            }
            finished.send_modify(|done| *done += 1);
            if let Some(reply) = reply {
                let _ = reply.send(result);
            }
        }
    });
    (RetentionHandle { requests, passes }, task)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_become_an_age_and_a_byte_budget() {
        let rules = MplRetention::new(7, 2);
        assert_eq!(rules.max_age, time::Duration::days(7));
        assert_eq!(rules.attachment_budget_bytes, 2 * 1024 * 1024);
        let defaults = MplRetention::default();
        assert_eq!((defaults.max_age, defaults.attachment_budget_bytes), (time::Duration::days(30), 1024 * MEGABYTE));
        assert_eq!(defaults.interval, Duration::from_secs(600));
        assert_eq!(MplRetention::new(1, u64::MAX).attachment_budget_bytes, u64::MAX, "no overflow");
    }
}
