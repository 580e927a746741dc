//! The conformance suite every backend must pass (filled in by the store work).
