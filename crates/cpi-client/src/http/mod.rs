//! The authenticated JSON API client and its error type.

mod client;
mod error;
mod options;
mod retry;

pub use client::{ApiClient, ApiResponse, percent_encode, with_query};
pub use error::{ApiError, ErrorClass, body_excerpt, error_message};
pub use options::HttpOptions;
pub use retry::{RetryPolicy, SleepFuture, Sleeper, TokioSleeper, parse_retry_after};
