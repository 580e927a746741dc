//! Content Modifier tables: `headerTable` and `propertyTable` hold escaped XML, once unescaped a
//! list of `<row>` elements with six `<cell id='…'>` children (Action, Type, Value, Default,
//! Name, Datatype) in any order.

use quick_xml::events::Event;
use quick_xml::reader::Reader;

use crate::xpath::document::resolve_reference;

/// One row of a Content Modifier table, cells by id (missing cells are empty).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TableRow {
    /// `Create` or `Delete`.
    pub action: String,
    /// `constant`, `header`, `property`, `expression`, `xpath`, `external parameter`, …
    pub kind: String,
    /// The value (meaning depends on the type).
    pub value: String,
    /// The default used when the source is missing.
    pub default: String,
    /// The header or property name.
    pub name: String,
    /// The Java type, e.g. `java.lang.String` (informational here).
    pub datatype: String,
}

/// Parses a table value (already unescaped once by the `.iflw` reader). An empty value is an
/// empty table.
pub fn parse_table(value: &str) -> Result<Vec<TableRow>, String> {
    if value.trim().is_empty() {
        return Ok(Vec::new());
    }
    let wrapped = format!("<table>{value}</table>");
    let mut reader = Reader::from_str(&wrapped);
    let mut rows = Vec::new();
    let mut row: Option<TableRow> = None;
    let mut cell: Option<(String, String)> = None;
    loop {
        match reader.read_event().map_err(|e| format!("the table is not well-formed XML ({e})"))? {
            Event::Start(start) => match start.local_name().as_ref() {
                b"row" => row = Some(TableRow::default()),
                b"cell" => {
                    let id = start
                        .try_get_attribute("id")
                        .map_err(|e| e.to_string())?
                        .map(|a| a.normalized_value(quick_xml::XmlVersion::Implicit1_0).map(|v| v.into_owned()))
                        .transpose()
                        .map_err(|e| e.to_string())?
                        .unwrap_or_default();
                    cell = Some((id, String::new()));
                }
                _ => {}
            },
            Event::Text(text) => {
                if let Some((_, content)) = cell.as_mut() {
                    content.push_str(&text.xml10_content().map_err(|e| e.to_string())?);
                }
            }
            Event::CData(data) => {
                if let Some((_, content)) = cell.as_mut() {
                    content.push_str(&data.xml10_content().map_err(|e| e.to_string())?);
                }
            }
            Event::GeneralRef(reference) => {
                if let Some((_, content)) = cell.as_mut() {
                    content.push_str(&resolve_reference(&reference)?);
                }
            }
            Event::End(end) => match end.local_name().as_ref() {
                b"cell" => {
                    if let (Some((id, content)), Some(current)) = (cell.take(), row.as_mut()) {
                        assign_cell(current, &id, content);
                    }
                }
                b"row" => rows.extend(row.take()),
                _ => {}
            },
            Event::Empty(empty) if empty.local_name().as_ref() == b"row" => rows.push(TableRow::default()),
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(rows)
}

fn assign_cell(row: &mut TableRow, id: &str, content: String) {
    match id {
        "Action" => row.action = content,
        "Type" => row.kind = content,
        "Value" => row.value = content,
        "Default" => row.default = content,
        "Name" => row.name = content,
        "Datatype" => row.datatype = content,
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_read_by_cell_id_whatever_the_order() {
        let value = "<row><cell id='Name'>token</cell><cell id='Action'>Create</cell><cell id='Type'>xpath</cell>\
            <cell id='Value'>/root/access_token</cell><cell id='Default'></cell><cell id='Datatype'>java.lang.String</cell></row>\
            <row><cell id='Action'>Create</cell><cell id='Type'>expression</cell><cell id='Value'>Bearer ${header.token} &amp; more</cell>\
            <cell id='Default'></cell><cell id='Name'>x-auth</cell><cell id='Datatype'></cell></row>";
        let rows = parse_table(value).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].name, "token");
        assert_eq!(rows[0].kind, "xpath");
        assert_eq!(rows[0].value, "/root/access_token");
        assert_eq!(rows[1].value, "Bearer ${header.token} & more");
    }

    #[test]
    fn empty_and_broken_tables() {
        assert!(parse_table("").unwrap().is_empty());
        assert!(parse_table("<row><cell id='Name'>x</row>").is_err());
    }
}
