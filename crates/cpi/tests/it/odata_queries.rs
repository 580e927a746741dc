//! OData V2 query options over real HTTP, against 25 packages created through the API and a
//! package of 1,005 flows imported in one call (for server paging at 1000).

use cpi_bundle::{BundleType, IflowBuilder, PackageArchive, PackagedArtifact, write_package};
use serde_json::{Value, json};

use crate::harness::TestServer;
use crate::wire::{Wire, api_key, b64, piper_token, send, split_url};

const JSON: (&str, &str) = ("Accept", "application/json");
const KINDS: [&str; 5] = ["Alpha Orders", "Beta Invoices", "Gamma Orders", "Delta Payments", "Epsilon Invoices"];
const PACKAGES: usize = 25;

struct Api {
    authority: String,
    bearer: String,
}

impl Api {
    async fn new(server: &TestServer) -> Api {
        let key = api_key(server, "queries", &["WorkspacePackagesEdit"]).await;
        let bearer = format!("Bearer {}", piper_token(&key).await);
        Api { authority: split_url(key["url"].as_str().unwrap()).0, bearer }
    }

    /// GET `/api/v1/<target>` with the target on the wire as given.
    async fn get(&self, target: &str, headers: &[(&str, &str)]) -> Wire {
        let mut all = vec![("Authorization", self.bearer.as_str())];
        all.extend_from_slice(headers);
        let target = if target.starts_with('/') { target.to_owned() } else { format!("/api/v1/{target}") };
        let response = send(&self.authority, "GET", &target, &all, None).await;
        assert_eq!(response.status, 200, "{target}: {}", response.text());
        response
    }

    async fn json(&self, target: &str) -> Value {
        self.get(target, &[JSON]).await.json()
    }

    async fn post(&self, target: &str, body: &Value) -> Wire {
        let all = [("Authorization", self.bearer.as_str()), JSON, ("Content-Type", "application/json")];
        send(&self.authority, "POST", &format!("/api/v1/{target}"), &all, Some(body.to_string().as_bytes())).await
    }
}

struct Package {
    id: String,
    name: String,
    vendor: &'static str,
    version: &'static str,
}

fn packages() -> Vec<Package> {
    (0..PACKAGES)
        .map(|i| Package {
            id: format!("Pkg{i:02}"),
            name: format!("{} {i:02}", KINDS[i % KINDS.len()]),
            vendor: if i % 2 == 0 { "SAP" } else { "Acme" },
            version: if i < 10 { "1.0.0" } else { "2.0.0" },
        })
        .collect()
}

async fn seeded() -> (TestServer, Api) {
    let server = TestServer::start().await;
    let api = Api::new(&server).await;
    for p in packages() {
        let body = json!({"Id": p.id, "Name": p.name, "Vendor": p.vendor, "Version": p.version, "ShortText": "s"});
        let created = api.post("IntegrationPackages", &body).await;
        assert_eq!(created.status, 201, "{}", created.text());
    }
    (server, api)
}

fn ids(feed: &Value) -> Vec<String> {
    feed["d"]["results"].as_array().unwrap().iter().map(|r| r["Id"].as_str().unwrap().to_owned()).collect()
}

fn expected(keep: impl Fn(&Package) -> bool) -> Vec<String> {
    packages().into_iter().filter(keep).map(|p| p.id).collect()
}

#[tokio::test]
async fn filters_combine_operators_functions_and_parentheses() {
    let (_server, api) = seeded().await;
    let number = |p: &Package| p.id[3..].parse::<usize>().unwrap();
    let cases: Vec<(&str, Vec<String>)> = vec![
        ("Vendor eq 'SAP'", expected(|p| p.vendor == "SAP")),
        ("Vendor ne 'SAP'", expected(|p| p.vendor != "SAP")),
        ("Vendor eq 'SAP' and Version eq '2.0.0'", expected(|p| p.vendor == "SAP" && p.version == "2.0.0")),
        ("Id eq 'Pkg01' or Id eq 'Pkg02'", expected(|p| p.id == "Pkg01" || p.id == "Pkg02")),
        ("not (Vendor eq 'SAP')", expected(|p| p.vendor == "Acme")),
        ("(Id eq 'Pkg01' or Id eq 'Pkg02') and Vendor eq 'Acme'", vec!["Pkg01".into()]),
        ("Id eq 'Pkg01' or (Id eq 'Pkg02' and Vendor eq 'Acme')", vec!["Pkg01".into()]),
        ("substringof('Orders',Name)", expected(|p| p.name.contains("Orders"))),
        ("substringof('Orders', Name) eq true", expected(|p| p.name.contains("Orders"))),
        ("startswith(Name,'Beta')", expected(|p| p.name.starts_with("Beta"))),
        ("endswith(Id,'5')", expected(|p| p.id.ends_with('5'))),
        ("tolower(Name) eq 'alpha orders 00'", vec!["Pkg00".into()]),
        ("toupper(Vendor) eq 'ACME'", expected(|p| p.vendor == "Acme")),
        (
            "substringof('orders',tolower(Name)) and not endswith(Id,'0')",
            expected(|p| p.name.contains("Orders") && number(p) % 10 != 0),
        ),
        ("Name eq 'Nothing like this'", Vec::new()),
    ];
    for (filter, want) in cases {
        for encoded in [filter.replace(' ', "%20"), filter.replace(' ', "+")] {
            let feed = api.json(&format!("IntegrationPackages?$filter={encoded}&$orderby=Id")).await;
            assert_eq!(ids(&feed), want, "$filter={encoded}");
        }
    }
}

#[tokio::test]
async fn orderby_top_skip_counts_and_select() {
    let (_server, api) = seeded().await;
    let all = expected(|_| true);
    let descending: Vec<String> = all.iter().rev().cloned().collect();
    assert_eq!(ids(&api.json("IntegrationPackages?$orderby=Id%20desc").await), descending);
    let by_vendor = ids(&api.json("IntegrationPackages?$orderby=Vendor+desc,Id").await);
    let mut want = expected(|p| p.vendor == "SAP");
    want.extend(expected(|p| p.vendor == "Acme"));
    assert_eq!(by_vendor, want);
    assert_eq!(ids(&api.json("IntegrationPackages?$orderby=Id&$top=5&$skip=3").await), all[3..8]);
    assert_eq!(ids(&api.json("IntegrationPackages?$orderby=Id&%24top=5&%24skip=3").await), all[3..8]);
    assert_eq!(ids(&api.json("IntegrationPackages?$orderby=Id&$skip=23").await), all[23..]);
    assert_eq!(ids(&api.json("IntegrationPackages?$top=0").await), Vec::<String>::new());

    let counted = api.json("IntegrationPackages?$inlinecount=allpages&$top=2&$filter=Vendor%20eq%20'SAP'").await;
    assert_eq!(counted["d"]["__count"], json!("13"), "__count is a string");
    assert_eq!(counted["d"]["results"].as_array().unwrap().len(), 2);
    assert!(counted["d"].get("__next").is_none(), "a $top answered in full has no next link");

    let count = api.get("IntegrationPackages/$count", &[]).await;
    assert!(count.header("content-type").unwrap().starts_with("text/plain"));
    assert_eq!(count.text(), "25");
    assert_eq!(api.get("IntegrationPackages/$count?$filter=Vendor+eq+'Acme'", &[JSON]).await.text(), "12");

    let selected = api.json("IntegrationPackages?$select=Id,Name&$orderby=Id&$top=3").await;
    for entry in selected["d"]["results"].as_array().unwrap() {
        let keys: Vec<&String> = entry.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["__metadata", "Id", "Name"], "{entry}");
    }
    assert_eq!(selected["d"]["results"][0]["Name"], "Alpha Orders 00");
    let one = api.json("IntegrationPackages('Pkg07')?$select=Vendor").await;
    let keys: Vec<&String> = one["d"].as_object().unwrap().keys().collect();
    assert_eq!(keys, ["__metadata", "Vendor"]);
}

#[tokio::test]
async fn atom_is_the_default_and_format_overrides_accept() {
    let (_server, api) = seeded().await;
    for (target, headers) in [
        ("IntegrationPackages?$orderby=Id", &[][..]),
        ("IntegrationPackages?$orderby=Id&$format=xml", &[JSON][..]),
        ("IntegrationPackages?$orderby=Id&$format=atom", &[][..]),
    ] {
        let feed = api.get(target, headers).await;
        assert!(feed.header("content-type").unwrap().starts_with("application/atom+xml"), "{target}");
        let xml = feed.text();
        assert!(xml.starts_with("<?xml"), "{target}");
        assert!(xml.contains("<feed"), "{target}");
        assert_eq!(xml.matches("<entry>").count(), PACKAGES, "{target}");
        assert!(xml.contains("<m:properties>"), "{target}");
        assert!(xml.contains("<d:Id>Pkg00</d:Id>"), "{target}");
        assert!(xml.find("<d:Id>Pkg00</d:Id>") < xml.find("<d:Id>Pkg24</d:Id>"), "{target}");
    }
    let entry = api.get("IntegrationPackages('Pkg03')", &[]).await;
    assert!(entry.header("content-type").unwrap().starts_with("application/atom+xml"));
    assert!(entry.text().contains("<d:Name>Delta Payments 03</d:Name>"), "{}", entry.text());
    let json_anyway = api.get("IntegrationPackages('Pkg03')?$format=json", &[]).await.json();
    assert_eq!(json_anyway["d"]["Id"], "Pkg03");
    let counted = api.get("IntegrationPackages?$inlinecount=allpages&$top=1&$format=xml", &[]).await.text();
    assert!(counted.contains("<m:count>25</m:count>"), "{counted}");
}

#[tokio::test]
async fn metadata_and_the_service_document() {
    let server = TestServer::start().await;
    let api = Api::new(&server).await;
    let metadata = api.get("$metadata", &[JSON]).await;
    assert!(metadata.header("content-type").unwrap().starts_with("application/xml"));
    let edmx = metadata.text();
    assert!(edmx.contains(r#"Namespace="com.sap.hci.api""#), "{edmx}");
    assert!(edmx.contains(r#"m:DataServiceVersion="2.0""#));
    assert!(edmx.contains(r#"<EntitySet Name="IntegrationPackages""#));

    let service = api.get("", &[JSON]).await.json();
    let sets: Vec<&str> = service["d"]["EntitySets"].as_array().unwrap().iter().map(|s| s.as_str().unwrap()).collect();
    for set in ["IntegrationPackages", "IntegrationDesigntimeArtifacts", "IntegrationRuntimeArtifacts"] {
        assert!(sets.contains(&set), "{set}: {sets:?}");
    }
    for target in ["", "/api/v1"] {
        let xml = api.get(target, &[]).await;
        assert!(xml.header("content-type").unwrap().contains("xml"), "{target}");
        let xml = xml.text();
        assert!(xml.contains("<service "), "{xml}");
        assert!(xml.contains(r#"<collection href="IntegrationPackages">"#), "{xml}");
    }
}

/// Follows a `__next` link: relative to the service root, or absolute.
fn next_target(next: &str) -> String {
    if next.starts_with("http") { split_url(next).1 } else { format!("/api/v1/{next}") }
}

#[tokio::test]
async fn server_paging_stops_at_1000_with_a_next_link_that_gets_the_rest() {
    let server = TestServer::start().await;
    let api = Api::new(&server).await;
    let flow = |i: usize| {
        let id = format!("Flow{i:04}");
        let content = IflowBuilder::new(&id, &id).zip();
        PackagedArtifact { name: id.clone(), id, version: "1.0.0".into(), kind: BundleType::IntegrationFlow, content }
    };
    let archive = PackageArchive {
        id: "Big".into(),
        name: "Big".into(),
        description: String::new(),
        short_text: String::new(),
        version: "1.0.0".into(),
        vendor: String::new(),
        artifacts: (0..1005).map(flow).collect(),
    };
    let imported = api.post("IntegrationPackages", &json!({"PackageContent": b64(&write_package(&archive))})).await;
    assert_eq!(imported.status, 201, "{}", imported.text());

    for first in [
        "IntegrationDesigntimeArtifacts?$inlinecount=allpages&$orderby=Id",
        "IntegrationPackages('Big')/IntegrationDesigntimeArtifacts?$orderby=Id&$inlinecount=allpages",
    ] {
        let page = api.json(first).await;
        assert_eq!(page["d"]["__count"], "1005", "{first}");
        let mut seen = ids(&page);
        assert_eq!(seen.len(), 1000, "{first}");
        let next = page["d"]["__next"].as_str().expect("a next link");
        let set_and_query = first.split_once('/').map_or(first, |(_, rest)| rest);
        assert!(next.contains(&set_and_query[..set_and_query.find('?').unwrap() + 1]), "{next}");
        assert!(next.ends_with("$skiptoken=1000"), "{next}");
        let rest = api.json(&next_target(next)).await;
        assert!(rest["d"].get("__next").is_none(), "{rest}");
        seen.extend(ids(&rest));
        let want: Vec<String> = (0..1005).map(|i| format!("Flow{i:04}")).collect();
        assert_eq!(seen, want, "{first}");
    }

    let topped = api.json("IntegrationDesigntimeArtifacts?$top=1002&$orderby=Id%20desc").await;
    assert_eq!(ids(&topped).len(), 1000);
    let rest = api.json(&next_target(topped["d"]["__next"].as_str().unwrap())).await;
    assert_eq!(ids(&rest), ["Flow0004", "Flow0003"], "$top still limits the last page");
    let exact = api.json("IntegrationDesigntimeArtifacts?$top=1000").await;
    assert!(exact["d"].get("__next").is_none(), "a $top answered in full has no next link");
    let atom = api.get("IntegrationDesigntimeArtifacts?$select=Id", &[]).await.text();
    assert!(atom.contains(r#"<link rel="next" href=""#), "the Atom feed links the next page");
    assert!(atom.contains("$skiptoken=1000\"/></feed>"));
}
