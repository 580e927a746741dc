//! The conformance suite every backend must pass.
//!
//! Each check is a public async function taking a fresh, empty store; [`run_all`] runs every
//! check, each on its own fresh store. Checks use fixed times at millisecond precision (no clock,
//! no sleeping) and expect records back exactly as written. A backend's test calls
//! `run_all(|| async { open_a_fresh_store().await })`.

mod artifacts;
mod content;
mod deployments;
mod entity_filters;
mod entity_reads;
mod entity_types;
mod fixtures;
mod identity;
mod instances;
mod keys;
mod message_store;
mod monitoring;
mod mpl_fixtures;
mod partners;
mod security;
mod tokens;

use std::future::Future;

pub use artifacts::{
    artifact_conflicts_and_missing, artifact_delete_and_package_cascade, artifact_package_contents, artifact_replace,
    artifact_subaccount_isolation, artifacts_round_trip,
};
pub use content::{package_conflicts_and_missing, package_custom_tags, package_update_and_delete, packages_round_trip};
pub use deployments::{
    deployment_failure, deployment_lifecycle, pending_deployments_oldest_first, redeploy_replaces_runtime,
    runtime_artifacts_listed_across_subaccounts, runtime_log_level_lifecycle, runtime_log_levels_round_trip,
    undeploy_and_missing,
};
pub use entity_filters::{
    entity_filter_datetimes, entity_filter_functions, entity_filter_literal_matching, entity_filter_logic_and_nulls,
    entity_filter_string_comparisons,
};
pub use entity_reads::{
    entity_orderby, entity_paging_and_count, entity_rows_typed_in_property_order, entity_runtime_sources,
    entity_sources_narrow,
};
pub use identity::{
    control_clients, missing_users, subaccount_conflicts, subaccounts_round_trip, user_updates, username_conflicts,
    users_round_trip,
};
pub use instances::{
    instance_conflicts, instance_delete_cascades_keys, instance_parameter_update, instances_round_trip,
    missing_instances,
};
pub use keys::{key_conflicts, keys_round_trip, missing_keys};
pub use message_store::{
    data_stores_round_trip, jms_broker_limits, number_ranges_round_trip, runtime_data_expiry,
    stored_message_conflicts_and_missing, stored_messages_round_trip, variables_round_trip,
};
pub use monitoring::{
    mpl_attachment_budget, mpl_children_round_trip, mpl_conflicts, mpl_media_reads, mpl_purge_by_age, mpls_round_trip,
};
pub use partners::{
    partner_delete, partner_entries_round_trip, partner_entry_conflicts_and_missing, partner_entry_updates,
    partners_are_distinct_ids,
};
pub use security::{
    access_policies_and_references, certificate_user_mappings, credential_reads_leave_secrets_out,
    credentials_lifecycle, keystore_entries_lifecycle, partner_user_credentials, sealed_values_round_trip,
};
pub use tokens::{cockpit_sessions, refresh_tokens, signing_key_conflicts, signing_keys_lifecycle};

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
        cockpit_sessions,
        packages_round_trip,
        package_update_and_delete,
        package_conflicts_and_missing,
        package_custom_tags,
        artifacts_round_trip,
        artifact_conflicts_and_missing,
        artifact_replace,
        artifact_package_contents,
        artifact_delete_and_package_cascade,
        artifact_subaccount_isolation,
        deployment_lifecycle,
        deployment_failure,
        pending_deployments_oldest_first,
        redeploy_replaces_runtime,
        undeploy_and_missing,
        runtime_artifacts_listed_across_subaccounts,
        runtime_log_levels_round_trip,
        runtime_log_level_lifecycle,
        entity_rows_typed_in_property_order,
        entity_runtime_sources,
        entity_sources_narrow,
        entity_orderby,
        entity_paging_and_count,
        entity_filter_string_comparisons,
        entity_filter_logic_and_nulls,
        entity_filter_functions,
        entity_filter_literal_matching,
        entity_filter_datetimes,
        mpls_round_trip,
        mpl_children_round_trip,
        mpl_media_reads,
        mpl_conflicts,
        mpl_purge_by_age,
        mpl_attachment_budget,
        credentials_lifecycle,
        credential_reads_leave_secrets_out,
        sealed_values_round_trip,
        keystore_entries_lifecycle,
        certificate_user_mappings,
        access_policies_and_references,
        partner_user_credentials,
        partner_entries_round_trip,
        partners_are_distinct_ids,
        partner_entry_conflicts_and_missing,
        partner_entry_updates,
        partner_delete,
        stored_messages_round_trip,
        stored_message_conflicts_and_missing,
        data_stores_round_trip,
        variables_round_trip,
        number_ranges_round_trip,
        jms_broker_limits,
        runtime_data_expiry,
    );
}
