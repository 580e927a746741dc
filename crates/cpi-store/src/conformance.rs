//! The conformance suite every backend must pass.
//!
//! Each check is a public async function taking a fresh, empty store; [`run_all`] runs every
//! check, each on its own fresh store. Checks use fixed times at millisecond precision (no clock,
//! no sleeping) and expect records back exactly as written. A backend's test calls
//! `run_all(|| async { open_a_fresh_store().await })`.

mod content;
mod fixtures;
mod identity;
mod instances;
mod keys;
mod tokens;

use std::future::Future;

pub use content::{package_conflicts_and_missing, package_update_and_delete, packages_round_trip};
pub use identity::{
    control_clients, missing_users, subaccount_conflicts, subaccounts_round_trip, user_updates, username_conflicts,
    users_round_trip,
};
pub use instances::{
    instance_conflicts, instance_delete_cascades_keys, instance_parameter_update, instances_round_trip,
    missing_instances,
};
pub use keys::{key_conflicts, keys_round_trip, missing_keys};
pub use tokens::{refresh_tokens, signing_key_conflicts, signing_keys_lifecycle};

use crate::Store;

/// Runs each listed check on a store of its own, naming the check on stderr first so that a
/// failing assertion is easy to place.
macro_rules! each_on_a_fresh_store {
    ($make:expr; $($check:ident),+ $(,)?) => {
        $(
            eprintln!("conformance: {}", stringify!($check));
            $check(&$make().await).await;
        )+
    };
}

/// Runs every check of the suite, each on a fresh store from `make`.
pub async fn run_all<S, F, Fut>(make: F)
where
    S: Store,
    F: Fn() -> Fut,
    Fut: Future<Output = S>,
{
    each_on_a_fresh_store!(make;
        subaccounts_round_trip,
        subaccount_conflicts,
        users_round_trip,
        user_updates,
        username_conflicts,
        missing_users,
        control_clients,
        instances_round_trip,
        instance_parameter_update,
        instance_conflicts,
        missing_instances,
        instance_delete_cascades_keys,
        keys_round_trip,
        key_conflicts,
        missing_keys,
        signing_keys_lifecycle,
        signing_key_conflicts,
        refresh_tokens,
        packages_round_trip,
        package_update_and_delete,
        package_conflicts_and_missing,
    );
}
