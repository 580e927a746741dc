//! The bounded pool the three commands run their calls in, and the progress they show on
//! stderr: a line rewritten in place on a terminal, otherwise a line every few seconds and one
//! at the end.

use std::future::Future;
use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

use futures::StreamExt;

/// How often a terminal's progress line is redrawn at most.
const TERMINAL_EVERY: Duration = Duration::from_millis(100);
/// How often progress is written when stderr is not a terminal.
const LOG_EVERY: Duration = Duration::from_secs(5);

/// Runs `work` on every item with at most `jobs` at a time, handing each result to `done` as
/// it completes (in completion order).
pub async fn for_each_bounded<I, F, Fut>(items: I, jobs: usize, work: F, mut done: impl FnMut(Fut::Output))
where
    I: IntoIterator,
    F: FnMut(I::Item) -> Fut,
    Fut: Future,
{
    let mut results = futures::stream::iter(items).map(work).buffer_unordered(jobs.max(1));
    while let Some(result) = results.next().await {
        done(result);
    }
}

/// Progress of `verb`ing `total` items, e.g. `backing up 123/1000 artifacts`.
#[derive(Debug)]
pub struct Progress {
    verb: &'static str,
    noun: &'static str,
    total: usize,
    done: usize,
    terminal: bool,
    started: Instant,
    shown: Option<Instant>,
}

impl Progress {
    /// Starts showing progress on stderr.
    pub fn new(verb: &'static str, noun: &'static str, total: usize) -> Progress {
        Progress {
            verb,
            noun,
            total,
            done: 0,
            terminal: std::io::stderr().is_terminal(),
            started: Instant::now(),
            shown: None,
        }
    }

    /// One more item is done.
    pub fn advance(&mut self) {
        self.done += 1;
        let every = if self.terminal { TERMINAL_EVERY } else { LOG_EVERY };
        let since = self.shown.unwrap_or(self.started).elapsed();
        if since >= every && self.done < self.total {
            self.show(false);
        }
    }

    /// Prints a message (e.g. a failure) without garbling the progress line.
    pub fn message(&mut self, text: &str) {
        let mut stderr = std::io::stderr().lock();
        if self.terminal && self.shown.is_some() {
            let _ = write!(stderr, "\r\x1b[K");
            self.shown = None;
        }
        let _ = writeln!(stderr, "{text}");
    }

    /// Removes a transient progress line (when the work needs no final line).
    pub fn clear(&mut self) {
        if self.terminal && self.shown.take().is_some() {
            let mut stderr = std::io::stderr().lock();
            let _ = write!(stderr, "\r\x1b[K");
            let _ = stderr.flush();
        }
    }

    /// The final progress line.
    pub fn finish(&mut self) {
        self.show(true);
    }

    /// The seconds since the start.
    pub fn seconds(&self) -> f64 {
        (self.started.elapsed().as_secs_f64() * 10.0).round() / 10.0
    }

    fn show(&mut self, last: bool) {
        let line = self.line(last);
        let mut stderr = std::io::stderr().lock();
        let _ = if self.terminal {
            write!(stderr, "\r\x1b[K{line}{}", if last { "\n" } else { "" })
        } else {
            writeln!(stderr, "{line}")
        };
        let _ = stderr.flush();
        self.shown = Some(Instant::now());
    }

    fn line(&self, last: bool) -> String {
        let (verb, done, total, noun) = (self.verb, self.done, self.total, self.noun);
        if last {
            format!("{verb} {done}/{total} {noun}: done in {:.1} s", self.seconds())
        } else {
            format!("{verb} {done}/{total} {noun} …")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_pool_runs_every_item_within_its_bound() {
        let running = std::sync::atomic::AtomicUsize::new(0);
        let most = std::sync::atomic::AtomicUsize::new(0);
        let mut results = Vec::new();
        let work = |item: u32| {
            let (running, most) = (&running, &most);
            async move {
                let now = running.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
                most.fetch_max(now, std::sync::atomic::Ordering::SeqCst);
                tokio::time::sleep(Duration::from_millis(5)).await;
                running.fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
                item * 2
            }
        };
        for_each_bounded(0..20, 3, work, |result| results.push(result)).await;
        results.sort_unstable();
        assert_eq!(results, (0..20).map(|i| i * 2).collect::<Vec<_>>());
        assert!(most.into_inner() <= 3);
    }

    #[test]
    fn lines_name_the_count() {
        let mut progress = Progress::new("backing up", "artifacts", 10);
        progress.done = 3;
        assert_eq!(progress.line(false), "backing up 3/10 artifacts …");
        assert!(progress.line(true).starts_with("backing up 3/10 artifacts: done in "));
    }
}
