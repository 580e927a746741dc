//! Human tables and JSON output.

use serde_json::Value;

/// Prints pretty JSON.
pub fn print_json(value: &Value) -> anyhow::Result<()> {
    outln!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}

/// Prints an aligned table with a header row.
pub fn print_table(headers: &[&str], rows: Vec<Vec<String>>) {
    let mut widths: Vec<usize> = headers.iter().map(|h| h.len()).collect();
    for row in &rows {
        for (i, cell) in row.iter().enumerate() {
            widths[i] = widths[i].max(cell.chars().count());
        }
    }
    let line = |cells: Vec<&str>| {
        let padded: Vec<String> = cells.iter().enumerate().map(|(i, c)| format!("{c:<w$}", w = widths[i])).collect();
        outln!("{}", padded.join("   ").trim_end());
    };
    line(headers.to_vec());
    if rows.is_empty() {
        outln!("(none)");
    }
    for row in &rows {
        line(row.iter().map(String::as_str).collect());
    }
}
