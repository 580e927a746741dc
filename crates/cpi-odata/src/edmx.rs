//! `$metadata`: an EDMX 1.0 / OData V2 document generated from a [`ServiceModel`].
//! Associations follow SAP's naming: `<FromType>_2_r_<Nav>` with the roles `<FromType>`
//! (multiplicity `1`) and `r_<Nav>` (the navigation's multiplicity).

use crate::atom::escape;
use crate::model::{
    ComplexType, EntitySet, EntityType, FunctionImport, Multiplicity, Navigation, Property, ReturnType, ServiceModel,
};
use crate::{CONTAINER, NAMESPACE};

/// The `$metadata` document of a service.
pub fn metadata(model: &ServiceModel) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str("<edmx:Edmx Version=\"1.0\" xmlns:edmx=\"http://schemas.microsoft.com/ado/2007/06/edmx\">\n");
    out.push_str(concat!(
        " <edmx:DataServices m:DataServiceVersion=\"2.0\"",
        " xmlns:m=\"http://schemas.microsoft.com/ado/2007/08/dataservices/metadata\">\n"
    ));
    out.push_str(&format!(
        "  <Schema Namespace=\"{NAMESPACE}\" xmlns=\"http://schemas.microsoft.com/ado/2008/09/edm\">\n"
    ));
    for ty in model.entity_types {
        entity_type(&mut out, ty);
    }
    for complex in model.complex_types {
        complex_type(&mut out, complex);
    }
    for (ty, nav) in associations(model) {
        association(&mut out, model, ty, nav);
    }
    container(&mut out, model);
    out.push_str("  </Schema>\n </edmx:DataServices>\n</edmx:Edmx>\n");
    out
}

/// Every navigation whose association can be declared: its source type has an entity set and
/// its target set exists.
fn associations(model: &ServiceModel) -> impl Iterator<Item = (&'static EntityType, &'static Navigation)> + '_ {
    model.entity_types.iter().flat_map(move |ty| {
        ty.navigations
            .iter()
            .filter(move |nav| source_set(model, ty).is_some() && model.entity_set(nav.target_set).is_some())
            .map(move |nav| (*ty, nav))
    })
}

/// The entity set of an entity type (the first, if several share it).
fn source_set<'m>(model: &'m ServiceModel, ty: &EntityType) -> Option<&'m EntitySet> {
    model.entity_sets.iter().find(|s| s.entity_type.name == ty.name)
}

/// SAP's association name for a navigation.
pub fn association_name(ty: &EntityType, nav: &Navigation) -> String {
    format!("{}_2_r_{}", ty.name, nav.name)
}

/// The EDMX multiplicity text.
fn multiplicity(m: Multiplicity) -> &'static str {
    match m {
        Multiplicity::ZeroOrOne => "0..1",
        Multiplicity::One => "1",
        Multiplicity::Many => "*",
    }
}

/// A `<Property>` element.
fn property(out: &mut String, indent: &str, p: &Property) {
    out.push_str(&format!(
        "{indent}<Property Name=\"{}\" Type=\"{}\" Nullable=\"{}\"/>\n",
        escape(p.name),
        escape(&p.edm.edmx_name()),
        p.nullable
    ));
}

/// An `<EntityType>` with its key, properties and navigation properties.
fn entity_type(out: &mut String, ty: &EntityType) {
    let stream = if ty.has_stream { " m:HasStream=\"true\"" } else { "" };
    out.push_str(&format!("   <EntityType Name=\"{}\"{stream}>\n    <Key>\n", escape(ty.name)));
    for key in ty.keys {
        out.push_str(&format!("     <PropertyRef Name=\"{}\"/>\n", escape(key)));
    }
    out.push_str("    </Key>\n");
    for p in ty.properties {
        property(out, "    ", p);
    }
    for nav in ty.navigations {
        out.push_str(&format!(
            concat!(
                "    <NavigationProperty Name=\"{name}\" Relationship=\"{ns}.{assoc}\"",
                " FromRole=\"{from}\" ToRole=\"r_{name}\"/>\n"
            ),
            ns = NAMESPACE,
            name = escape(nav.name),
            assoc = escape(&association_name(ty, nav)),
            from = escape(ty.name),
        ));
    }
    out.push_str("   </EntityType>\n");
}

/// A `<ComplexType>`.
fn complex_type(out: &mut String, complex: &ComplexType) {
    out.push_str(&format!("   <ComplexType Name=\"{}\">\n", escape(complex.name)));
    for p in complex.properties {
        property(out, "    ", p);
    }
    out.push_str("   </ComplexType>\n");
}

/// An `<Association>` of one navigation.
fn association(out: &mut String, model: &ServiceModel, ty: &EntityType, nav: &Navigation) {
    let Some(target) = model.entity_set(nav.target_set) else {
        return;
    };
    out.push_str(&format!("   <Association Name=\"{}\">\n", escape(&association_name(ty, nav))));
    out.push_str(&format!(
        "    <End Type=\"{NAMESPACE}.{from}\" Multiplicity=\"1\" Role=\"{from}\"/>\n",
        from = escape(ty.name)
    ));
    out.push_str(&format!(
        "    <End Type=\"{NAMESPACE}.{}\" Multiplicity=\"{}\" Role=\"r_{}\"/>\n",
        escape(target.entity_type.name),
        multiplicity(nav.multiplicity),
        escape(nav.name)
    ));
    out.push_str("   </Association>\n");
}

/// The `<EntityContainer>`: entity sets, association sets, function imports.
fn container(out: &mut String, model: &ServiceModel) {
    out.push_str(&format!("   <EntityContainer Name=\"{CONTAINER}\" m:IsDefaultEntityContainer=\"true\">\n"));
    for set in model.entity_sets {
        out.push_str(&format!(
            "    <EntitySet Name=\"{}\" EntityType=\"{NAMESPACE}.{}\"/>\n",
            escape(set.name),
            escape(set.entity_type.name)
        ));
    }
    for (ty, nav) in associations(model) {
        association_set(out, model, ty, nav);
    }
    for function in model.function_imports {
        function_import(out, model, function);
    }
    out.push_str("   </EntityContainer>\n");
}

/// An `<AssociationSet>` of one navigation.
fn association_set(out: &mut String, model: &ServiceModel, ty: &EntityType, nav: &Navigation) {
    let Some(source) = source_set(model, ty) else {
        return;
    };
    let name = escape(&association_name(ty, nav));
    out.push_str(&format!("    <AssociationSet Name=\"{name}\" Association=\"{NAMESPACE}.{name}\">\n"));
    out.push_str(&format!("     <End EntitySet=\"{}\" Role=\"{}\"/>\n", escape(source.name), escape(ty.name)));
    out.push_str(&format!("     <End EntitySet=\"{}\" Role=\"r_{}\"/>\n", escape(nav.target_set), escape(nav.name)));
    out.push_str("    </AssociationSet>\n");
}

/// The `ReturnType` (and `EntitySet`) attributes of a function import.
fn return_attributes(model: &ServiceModel, returns: ReturnType) -> String {
    let entity = |set: &str, collection: bool| {
        let ty = model.entity_set(set).map_or("", |s| s.entity_type.name);
        let ty = format!("{NAMESPACE}.{ty}");
        let ty = if collection { format!("Collection({ty})") } else { ty };
        format!(" ReturnType=\"{}\" EntitySet=\"{}\"", escape(&ty), escape(set))
    };
    match returns {
        ReturnType::None => String::new(),
        ReturnType::Primitive(edm) => format!(" ReturnType=\"{}\"", escape(&edm.edmx_name())),
        ReturnType::Entity(set) => entity(set, false),
        ReturnType::Entities(set) => entity(set, true),
    }
}

/// A `<FunctionImport>` with its parameters.
fn function_import(out: &mut String, model: &ServiceModel, function: &FunctionImport) {
    out.push_str(&format!(
        "    <FunctionImport Name=\"{}\"{} m:HttpMethod=\"{}\">\n",
        escape(function.name),
        return_attributes(model, function.returns),
        escape(function.http_method)
    ));
    for p in function.parameters {
        out.push_str(&format!(
            "     <Parameter Name=\"{}\" Type=\"{}\" Nullable=\"{}\"/>\n",
            escape(p.name),
            escape(&p.edm.edmx_name()),
            p.nullable
        ));
    }
    out.push_str("    </FunctionImport>\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::atom::balanced_elements;
    use crate::service::MODEL;

    #[test]
    fn metadata_snapshot() {
        insta::assert_snapshot!(metadata(&MODEL));
    }

    #[test]
    fn metadata_is_well_formed() {
        let xml = metadata(&MODEL);
        assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>"));
        assert!(balanced_elements(&xml) > 500);
        assert!(!xml.contains("&"), "nothing in the model needs escaping");
    }

    #[test]
    fn every_relationship_has_association_and_set() {
        let xml = metadata(&MODEL);
        let navigations = xml.matches("<NavigationProperty ").count();
        assert_eq!(navigations, 52);
        assert_eq!(xml.matches("<Association ").count(), navigations);
        assert_eq!(xml.matches("<AssociationSet ").count(), navigations);
        for ty in MODEL.entity_types {
            for nav in ty.navigations {
                let name = association_name(ty, nav);
                assert!(xml.contains(&format!("Relationship=\"{NAMESPACE}.{name}\"")));
                assert!(xml.contains(&format!("<Association Name=\"{name}\">")));
                assert!(xml.contains(&format!("Association=\"{NAMESPACE}.{name}\"")));
            }
        }
    }

    #[test]
    fn shapes_of_sap_elements() {
        let xml = metadata(&MODEL);
        assert!(xml.contains("<edmx:DataServices m:DataServiceVersion=\"2.0\""));
        assert!(xml.contains("<EntityContainer Name=\"DefaultContainer\" m:IsDefaultEntityContainer=\"true\">"));
        assert!(xml.contains("<EntityType Name=\"IntegrationPackage\" m:HasStream=\"true\">"));
        assert!(xml.contains("<EntitySet Name=\"APIDefinitions\" EntityType=\"com.sap.hci.api.Definition\"/>"));
        assert!(xml.contains(concat!(
            "<End Type=\"com.sap.hci.api.RuntimeArtifactErrorInformation\" Multiplicity=\"0..1\" ",
            "Role=\"r_ErrorInformation\"/>"
        )));
        assert!(xml.contains(concat!(
            "<FunctionImport Name=\"CopyIntegrationPackage\" ReturnType=\"com.sap.hci.api.IntegrationPackage\" ",
            "EntitySet=\"IntegrationPackages\" m:HttpMethod=\"POST\">"
        )));
        assert!(xml.contains(
            "<FunctionImport Name=\"DeployIntegrationDesigntimeArtifact\" ReturnType=\"Edm.String\" m:HttpMethod=\"POST\">"
        ));
        assert!(xml.contains("<Property Name=\"Value\" Type=\"com.sap.hci.api.Value\" Nullable=\"false\"/>"));
    }

    #[test]
    fn return_types_cover_every_kind() {
        assert_eq!(return_attributes(&MODEL, ReturnType::None), "");
        assert_eq!(
            return_attributes(&MODEL, ReturnType::Entities("Resources")),
            " ReturnType=\"Collection(com.sap.hci.api.Resource)\" EntitySet=\"Resources\""
        );
        assert_eq!(multiplicity(Multiplicity::One), "1");
    }
}
