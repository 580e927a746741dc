//! Time and randomness, injected so that tests control expiry without sleeping.

use std::sync::Mutex;

use aws_lc_rs::rand::SecureRandom;
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

/// A source of the current time.
pub trait Clock: Send + Sync + std::fmt::Debug {
    /// Now, in UTC.
    fn now(&self) -> OffsetDateTime;
}

/// The system clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc()
    }
}

/// A clock that only moves when told (for tests).
#[derive(Debug)]
pub struct ManualClock(Mutex<OffsetDateTime>);

impl ManualClock {
    /// A clock standing at `at`.
    pub fn new(at: OffsetDateTime) -> Self {
        ManualClock(Mutex::new(at))
    }

    /// Moves the clock forward.
    pub fn advance(&self, by: Duration) {
        let mut now = self.0.lock().unwrap_or_else(|e| e.into_inner());
        *now += by;
    }
}

impl Clock for ManualClock {
    fn now(&self) -> OffsetDateTime {
        *self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// A source of cryptographically secure randomness.
pub trait Random: Send + Sync + std::fmt::Debug {
    /// Fills the buffer with random bytes.
    fn fill(&self, buf: &mut [u8]);

    /// A random (v4) UUID.
    fn uuid(&self) -> Uuid {
        let mut bytes = [0u8; 16];
        self.fill(&mut bytes);
        uuid::Builder::from_random_bytes(bytes).into_uuid()
    }

    /// 32 random bytes.
    fn bytes32(&self) -> [u8; 32] {
        let mut bytes = [0u8; 32];
        self.fill(&mut bytes);
        bytes
    }

    /// A random number in `lo..hi`.
    fn number(&self, lo: u32, hi: u32) -> u32 {
        let mut bytes = [0u8; 4];
        self.fill(&mut bytes);
        lo + u32::from_le_bytes(bytes) % (hi - lo).max(1)
    }
}

/// The operating system's CSPRNG (via aws-lc).
#[derive(Debug, Default)]
pub struct SystemRandomSource(aws_lc_rs::rand::SystemRandom);

impl Random for SystemRandomSource {
    fn fill(&self, buf: &mut [u8]) {
        // The system RNG does not fail on supported platforms; a failure is unrecoverable.
        if self.0.fill(buf).is_err() {
            panic!("the operating system's random number generator failed");
        }
    }
}
