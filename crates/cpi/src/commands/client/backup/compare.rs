//! The comparison of two [`Snapshot`]s and its report: `-` only on the left, `+` only on the
//! right, `~` different, grouped by package (as `diff(1)` reads: left is `---`, right `+++`).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

use serde::Serialize;

use super::snapshot::{ArtifactSide, Snapshot};

/// How one thing differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Change {
    /// Only the left side has it.
    OnlyLeft,
    /// Only the right side has it.
    OnlyRight,
    /// Both have it, with different values.
    Changed,
}

/// Which field of a package or artifact differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Field {
    /// Display name.
    Name,
    /// Description.
    Description,
    /// The package an artifact is in.
    Package,
    /// Version.
    Version,
    /// A configuration value ([`Difference::key`]).
    Configuration,
    /// The artifact's files.
    Content,
}

impl Field {
    /// The word of the report.
    fn word(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::Description => "description",
            Field::Package => "package",
            Field::Version => "version",
            Field::Configuration => "configuration",
            Field::Content => "content",
        }
    }
}

/// One difference. A package's own differences have no `kind` and `artifact`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Difference {
    /// The package (of the left side for an artifact both sides have).
    pub package: String,
    /// The artifact's kind folder (`iflow`, `value-mapping`, ...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<&'static str>,
    /// The artifact's id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub artifact: Option<String>,
    /// How it differs.
    pub change: Change,
    /// What differs, for [`Change::Changed`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<Field>,
    /// The configuration key, for [`Field::Configuration`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// The left value (a package's name, an artifact's version when only one side has it).
    pub left: Option<String>,
    /// The right value.
    pub right: Option<String>,
}

/// Every difference between two snapshots, grouped by package: the package's own first, then
/// its artifacts by kind and id.
pub fn compare(left: &Snapshot, right: &Snapshot) -> Vec<Difference> {
    let mut differences = Vec::new();
    compare_packages(left, right, &mut differences);
    compare_artifacts(left, right, &mut differences);
    differences.sort_by(|a, b| (&a.package, a.kind, &a.artifact).cmp(&(&b.package, b.kind, &b.artifact)));
    differences
}

fn compare_packages(left: &Snapshot, right: &Snapshot, out: &mut Vec<Difference>) {
    let ids: BTreeSet<&String> = left.packages.keys().chain(right.packages.keys()).collect();
    for id in ids {
        let base = Difference {
            package: id.clone(),
            kind: None,
            artifact: None,
            change: Change::Changed,
            field: None,
            key: None,
            left: None,
            right: None,
        };
        match (left.packages.get(id), right.packages.get(id)) {
            (Some(l), Some(r)) => {
                push_changed(out, &base, Field::Name, &l.name, &r.name);
                push_changed(out, &base, Field::Description, &l.description, &r.description);
            }
            (l, r) => out.push(Difference {
                change: if l.is_some() { Change::OnlyLeft } else { Change::OnlyRight },
                left: l.map(|p| p.name.clone()),
                right: r.map(|p| p.name.clone()),
                ..base
            }),
        }
    }
}

fn compare_artifacts(left: &Snapshot, right: &Snapshot, out: &mut Vec<Difference>) {
    let keys: BTreeSet<_> = left.artifacts.keys().chain(right.artifacts.keys()).collect();
    for key in keys {
        let (l, r) = (left.artifacts.get(key), right.artifacts.get(key));
        let Some(either) = l.or(r) else {
            continue;
        };
        let base = Difference {
            package: either.package.clone(),
            kind: Some(key.0),
            artifact: Some(key.1.clone()),
            change: Change::Changed,
            field: None,
            key: None,
            left: None,
            right: None,
        };
        match (l, r) {
            (Some(l), Some(r)) => compare_artifact(l, r, &base, out),
            (l, r) => out.push(Difference {
                change: if l.is_some() { Change::OnlyLeft } else { Change::OnlyRight },
                left: l.map(|a| a.version.clone()),
                right: r.map(|a| a.version.clone()),
                ..base
            }),
        }
    }
}

fn compare_artifact(l: &ArtifactSide, r: &ArtifactSide, base: &Difference, out: &mut Vec<Difference>) {
    push_changed(out, base, Field::Package, &l.package, &r.package);
    push_changed(out, base, Field::Name, &l.name, &r.name);
    push_changed(out, base, Field::Version, &l.version, &r.version);
    compare_configurations(&l.configurations, &r.configurations, base, out);
    if let (Some(lh), Some(rh)) = (&l.content_hash, &r.content_hash) {
        push_changed(out, base, Field::Content, lh, rh);
    }
}

fn compare_configurations(
    l: &BTreeMap<String, String>,
    r: &BTreeMap<String, String>,
    base: &Difference,
    out: &mut Vec<Difference>,
) {
    let keys: BTreeSet<&String> = l.keys().chain(r.keys()).collect();
    for key in keys {
        let (lv, rv) = (l.get(key), r.get(key));
        if lv != rv {
            out.push(Difference {
                field: Some(Field::Configuration),
                key: Some(key.clone()),
                left: lv.cloned(),
                right: rv.cloned(),
                ..base.clone()
            });
        }
    }
}

fn push_changed(out: &mut Vec<Difference>, base: &Difference, field: Field, l: &str, r: &str) {
    if l != r {
        let (left, right) = (Some(l.to_owned()), Some(r.to_owned()));
        out.push(Difference { field: Some(field), left, right, ..base.clone() });
    }
}

/// The readable report: `--- left`, `+++ right`, then per package its lines, then a count.
pub fn render(left: &str, right: &str, differences: &[Difference]) -> String {
    if differences.is_empty() {
        return format!("No differences between {left} and {right}.\n");
    }
    let mut text = format!("--- {left}\n+++ {right}\n");
    let mut package = None;
    for difference in differences {
        if package != Some(&difference.package) {
            let _ = writeln!(text, "package {}", difference.package);
            package = Some(&difference.package);
        }
        let _ = writeln!(text, "  {}", line(difference));
    }
    let count = differences.len();
    let _ = writeln!(text, "{count} difference{}.", if count == 1 { "" } else { "s" });
    text
}

/// One report line, e.g. `~ iflow Greeter configuration Greeting: "Hello" → "Howdy"`.
fn line(difference: &Difference) -> String {
    let subject = match (&difference.kind, &difference.artifact) {
        (Some(kind), Some(id)) => format!("{kind} {id}"),
        _ => format!("package {}", difference.package),
    };
    match difference.change {
        Change::OnlyLeft => format!("- {subject}{}", only_detail(difference, &difference.left)),
        Change::OnlyRight => format!("+ {subject}{}", only_detail(difference, &difference.right)),
        Change::Changed => {
            let field = match (difference.field, &difference.key) {
                (Some(Field::Configuration), Some(key)) => format!("configuration {key}"),
                (Some(field), _) => field.word().to_owned(),
                (None, _) => String::new(),
            };
            let short = |value: &Option<String>| match difference.field {
                Some(Field::Content) => value.as_deref().map(|hash| format!("{}…", &hash[..hash.len().min(12)])),
                _ => Some(shown(value)),
            };
            let (l, r) = (short(&difference.left).unwrap_or_default(), short(&difference.right).unwrap_or_default());
            format!("~ {subject} {field}: {l} → {r}")
        }
    }
}

/// What follows a thing only one side has: a package's name (quoted), an artifact's version.
fn only_detail(difference: &Difference, value: &Option<String>) -> String {
    match value.as_deref() {
        None | Some("") => String::new(),
        Some(version) if difference.artifact.is_some() => format!(" {version}"),
        Some(name) => format!(" {name:?}"),
    }
}

fn shown(value: &Option<String>) -> String {
    match value {
        Some(value) => format!("{value:?}"),
        None => "(none)".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::client::backup::snapshot::PackageSide;

    fn snapshot() -> Snapshot {
        let mut snapshot = Snapshot::default();
        snapshot.packages.insert("P".into(), PackageSide { name: "P".into(), description: "d".into() });
        let flow = ArtifactSide {
            package: "P".into(),
            name: "Flow".into(),
            version: "1.0.0".into(),
            configurations: BTreeMap::from([("Greeting".into(), "Hello".into()), ("Port".into(), "1".into())]),
            content_hash: Some("a".repeat(64)),
        };
        snapshot.artifacts.insert(("iflow", "Flow".into()), flow);
        snapshot
    }

    #[test]
    fn equal_snapshots_have_no_differences() {
        assert!(compare(&snapshot(), &snapshot()).is_empty());
        assert_eq!(render("a", "b", &[]), "No differences between a and b.\n");
    }

    #[test]
    fn a_changed_configuration_is_exactly_one_difference() {
        let mut right = snapshot();
        right
            .artifacts
            .get_mut(&("iflow", "Flow".into()))
            .unwrap()
            .configurations
            .insert("Greeting".into(), "Howdy".into());
        let differences = compare(&snapshot(), &right);
        assert_eq!(differences.len(), 1, "{differences:?}");
        assert_eq!(differences[0].field, Some(Field::Configuration));
        assert_eq!(differences[0].key.as_deref(), Some("Greeting"));
        let text = render("a", "b", &differences);
        assert_eq!(
            text,
            "--- a\n+++ b\npackage P\n  ~ iflow Flow configuration Greeting: \"Hello\" → \"Howdy\"\n1 difference.\n"
        );
        let json = serde_json::to_value(&differences[0]).unwrap();
        assert_eq!(json["change"], "changed");
        assert_eq!(json["field"], "configuration");
    }

    #[test]
    fn missing_and_changed_things_are_grouped_by_package() {
        let mut right = snapshot();
        right.packages.get_mut("P").unwrap().description = "new".into();
        right.packages.insert("Q".into(), PackageSide::default());
        let flow = right.artifacts.get_mut(&("iflow", "Flow".into())).unwrap();
        flow.version = "1.0.1".into();
        flow.configurations.remove("Port");
        flow.content_hash = Some("b".repeat(64));
        let mut mapping = flow.clone();
        mapping.package = "Q".into();
        right.artifacts.insert(("value-mapping", "Codes".into()), mapping);
        let mut left = snapshot();
        left.packages.insert("Gone".into(), PackageSide::default());
        let text = render("a", "b", &compare(&left, &right));
        let expected = "--- a\n+++ b\npackage Gone\n  - package Gone\npackage P\n  ~ package P description: \"d\" → \"new\"\n  \
                        ~ iflow Flow version: \"1.0.0\" → \"1.0.1\"\n  ~ iflow Flow configuration Port: \"1\" → (none)\n  \
                        ~ iflow Flow content: aaaaaaaaaaaa… → bbbbbbbbbbbb…\npackage Q\n  + package Q\n  \
                        + value-mapping Codes 1.0.1\n7 differences.\n";
        assert_eq!(text, expected);
    }

    #[test]
    fn content_is_compared_only_when_both_sides_have_it() {
        let mut right = snapshot();
        right.artifacts.get_mut(&("iflow", "Flow".into())).unwrap().content_hash = None;
        assert!(compare(&snapshot(), &right).is_empty());
    }
}
