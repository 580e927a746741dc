use std::collections::HashSet;

use super::*;
use crate::model::{EdmType, EntitySet, ReturnType, SupportedOptions};

#[test]
fn has_sap_counts() {
    assert_eq!(MODEL.entity_types.len(), 79);
    assert_eq!(MODEL.entity_sets.len(), 78);
    assert_eq!(MODEL.function_imports.len(), 23);
    assert_eq!(MODEL.complex_types.len(), 4);
    assert!(std::ptr::eq(model(), &MODEL));
}

#[test]
fn accessors_return_their_sets() {
    assert_eq!(sets::ACCESSORS.len(), MODEL.entity_sets.len());
    for (name, accessor) in sets::ACCESSORS {
        assert_eq!(accessor().name, *name);
        assert!(std::ptr::eq(accessor(), MODEL.entity_set(name).expect(name)));
    }
    assert_eq!(BUILD_AND_DEPLOY_STATUS, "BuildAndDeployStatus");
    assert_eq!(RUNTIME_ARTIFACT_ERROR_INFORMATIONS, "RuntimeArtifactErrorInformations");
    assert_eq!(api_definitions().entity_type.name, "Definition");
}

#[test]
fn names_are_unique() {
    let types: HashSet<_> = MODEL.entity_types.iter().map(|t| t.name).collect();
    assert_eq!(types.len(), MODEL.entity_types.len());
    let sets: HashSet<_> = MODEL.entity_sets.iter().map(|s| s.name).collect();
    assert_eq!(sets.len(), MODEL.entity_sets.len());
    let functions: HashSet<_> = MODEL.function_imports.iter().map(|f| f.name).collect();
    assert_eq!(functions.len(), MODEL.function_imports.len());
}

#[test]
fn keys_are_required_properties() {
    for ty in MODEL.entity_types {
        assert!(!ty.keys.is_empty(), "{}", ty.name);
        for key in ty.keys {
            let p = ty.property(key).unwrap_or_else(|| panic!("{}.{key}", ty.name));
            assert!(!p.nullable, "{}.{key}", ty.name);
        }
    }
}

#[test]
fn references_resolve() {
    for ty in MODEL.entity_types {
        assert!(MODEL.entity_sets.iter().any(|s| std::ptr::eq(s.entity_type, *ty)) || ty.name == "RuntimeArtifact");
        for nav in ty.navigations {
            assert!(MODEL.entity_set(nav.target_set).is_some(), "{}/{}", ty.name, nav.name);
        }
        for p in ty.properties {
            if let EdmType::Complex(name) = p.edm {
                assert!(MODEL.complex_type(name).is_some(), "{name}");
            }
        }
    }
    for set in MODEL.entity_sets {
        assert!(MODEL.entity_types.iter().any(|t| std::ptr::eq(*t, set.entity_type)), "{}", set.name);
    }
    for f in MODEL.function_imports {
        assert_eq!(f.http_method, "POST");
        if let ReturnType::Entity(set) | ReturnType::Entities(set) = f.returns {
            assert!(MODEL.entity_set(set).is_some(), "{}", f.name);
        }
    }
}

#[test]
fn data_stores_and_variables_take_no_options() {
    assert_eq!(data_stores().options, SupportedOptions::NONE);
    assert_eq!(data_store_entries().options, SupportedOptions::NONE);
    assert_eq!(variables().options, SupportedOptions::NONE);
    assert_eq!(integration_packages().options, SupportedOptions::ALL);
}

#[test]
fn key_shapes_match_sap() {
    assert_eq!(integration_designtime_artifacts().entity_type.keys, ["Id", "Version"]);
    assert_eq!(resources().entity_type.keys, ["Name", "ResourceType"]);
    assert_eq!(configurations().entity_type.keys, ["ParameterKey"]);
    assert_eq!(entry_points().entity_type.keys, ["Url"]);
    assert!(integration_runtime_artifacts().entity_type.has_stream);
    assert!(!service_endpoints().entity_type.has_stream);
    let deploy = MODEL.function_import("DeployIntegrationDesigntimeArtifact").expect("deploy");
    assert_eq!(deploy.returns, ReturnType::Primitive(EdmType::String));
    let copy = MODEL.function_import("CopyIntegrationPackage").expect("copy");
    assert!(copy.parameters[1].nullable && !copy.parameters[0].nullable);
}

#[test]
fn monitoring_security_and_partner_keys_match_sap() {
    let mpl = message_processing_logs().entity_type;
    assert_eq!(mpl.keys, ["MessageGuid"]);
    assert_eq!(mpl.property("IntegrationArtifact").map(|p| p.edm), Some(EdmType::Complex("IntegrationArtifact")));
    let error = mpl.navigation("ErrorInformation").expect("ErrorInformation");
    assert_eq!(error.multiplicity, crate::model::Multiplicity::ZeroOrOne);
    assert!(message_processing_log_error_informations().entity_type.has_stream);
    assert!(message_processing_log_attachments().entity_type.has_stream);
    assert_eq!(string_parameters().entity_type.keys, ["Pid", "Id"]);
    assert_eq!(alternative_partners().entity_type.keys, ["Hexagency", "Hexscheme", "Hexid"]);
    assert_eq!(access_policies().entity_type.property("Id").map(|p| p.edm), Some(EdmType::Int64));
    assert_eq!(log_file_archives().entity_type.keys, ["Scope", "LogFileType", "NodeScope"]);
    assert!(!secure_parameters().options.select && secure_parameters().options.filter);
    assert!(!user_credential_parameters().options.paging && user_credential_parameters().options.filter);
    assert_eq!(binary_parameters().entity_type.property("Value").map(|p| p.edm), Some(EdmType::Binary));
}

#[test]
fn binary_parameters_page_by_thirty_and_the_rest_by_a_thousand() {
    assert_eq!(binary_parameters().page_size, 30);
    for set in MODEL.entity_sets.iter().filter(|s| s.name != "BinaryParameters") {
        assert_eq!(set.page_size, crate::model::DEFAULT_PAGE_SIZE, "{}", set.name);
    }
}

#[test]
fn partner_parameters_list_the_value_after_the_audit_fields() {
    let names = |set: &EntitySet| set.entity_type.properties.iter().map(|p| p.name).collect::<Vec<_>>();
    let audit = ["Pid", "Id", "LastModifiedBy", "LastModifiedTime", "CreatedBy", "CreatedTime"];
    assert_eq!(names(string_parameters()), [&audit[..], &["Value"]].concat());
    assert_eq!(names(binary_parameters()), [&audit[..], &["ContentType", "Value"]].concat());
    assert_eq!(names(user_credential_parameters()), [&audit[..], &["User", "Password"]].concat());
}
