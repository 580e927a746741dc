//! How client commands print: aligned tables (or a field list) for people, `--json` for scripts.

use std::path::Path;

use anyhow::Context;
use serde::Serialize;
use serde_json::Value;
use time::OffsetDateTime;

use crate::commands::output::{print_json, print_table};

/// The output mode of a command.
#[derive(Debug, Clone, Copy)]
pub struct Listing {
    /// JSON instead of tables.
    pub json: bool,
}

impl Listing {
    /// Prints entities as a table, or as a JSON array.
    pub fn print<T: Serialize>(
        &self,
        items: &[T],
        headers: &[&str],
        row: impl Fn(&T) -> Vec<String>,
    ) -> anyhow::Result<()> {
        if self.json {
            return print_json(&serde_json::to_value(items)?);
        }
        print_table(headers, items.iter().map(row).collect());
        Ok(())
    }

    /// Reports a finished action: the message, or the result as JSON.
    pub fn done<T: Serialize>(&self, result: &T, message: &str) -> anyhow::Result<()> {
        if self.json {
            return print_json(&serde_json::to_value(result)?);
        }
        outln!("{message}");
        Ok(())
    }
}

/// Prints one entity: `Field: value` lines, or JSON.
pub fn show_fields<T: Serialize>(listing: &Listing, entity: &T) -> anyhow::Result<()> {
    let value = serde_json::to_value(entity)?;
    if listing.json {
        return print_json(&value);
    }
    let mut lines = Vec::new();
    flatten("", &value, &mut lines);
    let width = lines.iter().map(|(k, _)| k.chars().count()).max().unwrap_or(0);
    for (key, text) in lines {
        outln!("{key:<width$}  {text}");
    }
    Ok(())
}

fn flatten(prefix: &str, value: &Value, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let name = if prefix.is_empty() { key.clone() } else { format!("{prefix}.{key}") };
                flatten(&name, child, out);
            }
        }
        Value::Null => out.push((prefix.to_owned(), String::new())),
        Value::String(text) => out.push((prefix.to_owned(), text.clone())),
        other => out.push((prefix.to_owned(), other.to_string())),
    }
}

/// A date for a table cell: `2026-12-06 10:11:12`, empty when absent.
pub fn date_text(at: Option<OffsetDateTime>) -> String {
    let format = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
    at.and_then(|at| at.format(&format).ok()).unwrap_or_default()
}

/// Writes a downloaded file (creating its folder).
pub fn write_file(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
    }
    std::fs::write(path, bytes).with_context(|| format!("cannot write {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_fields_are_flattened_with_dots() {
        let mut lines = Vec::new();
        flatten(
            "",
            &serde_json::json!({"Id": "a", "IntegrationArtifact": {"Id": "f", "Name": null}, "N": 3}),
            &mut lines,
        );
        assert_eq!(
            lines,
            vec![
                ("Id".to_owned(), "a".to_owned()),
                ("IntegrationArtifact.Id".to_owned(), "f".to_owned()),
                ("IntegrationArtifact.Name".to_owned(), String::new()),
                ("N".to_owned(), "3".to_owned()),
            ]
        );
        assert_eq!(date_text(None), "");
    }
}
