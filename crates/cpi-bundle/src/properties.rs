//! `java.util.Properties` text: reading (`load`) and writing (`store`) with Java's escaping.
//!
//! Used for `metainfo.prop` and `src/main/resources/parameters.prop`. Reading accepts UTF-8 and
//! falls back to ISO-8859-1 (Java's own default) when the bytes are not UTF-8.

/// A parsed properties file: the comment lines before the first entry, and the entries in file order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct PropertiesFile {
    /// Leading comment lines (`#…` or `!…`), kept verbatim when the file is rewritten.
    pub(crate) header_comments: Vec<String>,
    /// Keys and values in file order; a later duplicate key wins, as in Java.
    pub(crate) entries: Vec<(String, String)>,
}

impl PropertiesFile {
    /// Parses properties text from bytes.
    pub(crate) fn parse(bytes: &[u8]) -> PropertiesFile {
        let text = match std::str::from_utf8(bytes) {
            Ok(text) => text.to_owned(),
            Err(_) => bytes.iter().map(|&byte| char::from(byte)).collect(),
        };
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        let mut file = PropertiesFile::default();
        let mut lines = text.split('\n');
        while let Some(line) = lines.next() {
            let trimmed = line.trim_start_matches([' ', '\t', '\x0c']);
            if trimmed.is_empty() {
                continue;
            }
            if trimmed.starts_with('#') || trimmed.starts_with('!') {
                if file.entries.is_empty() {
                    file.header_comments.push(trimmed.to_owned());
                }
                continue;
            }
            let mut logical = trimmed.to_owned();
            while ends_with_odd_backslashes(&logical) {
                logical.pop();
                match lines.next() {
                    Some(next) => logical.push_str(next.trim_start_matches([' ', '\t', '\x0c'])),
                    None => break,
                }
            }
            file.entries.push(split_entry(&logical));
        }
        file
    }

    /// The value of `key` (the last one if the key repeats).
    pub(crate) fn get(&self, key: &str) -> Option<&str> {
        self.entries.iter().rev().find(|(candidate, _)| candidate == key).map(|(_, value)| value.as_str())
    }

    /// Sets `key` to `value`: replaces the first occurrence and drops later duplicates, or appends.
    pub(crate) fn set(&mut self, key: &str, value: &str) {
        let mut found = false;
        self.entries.retain_mut(|(candidate, existing)| {
            if candidate != key {
                return true;
            }
            if found {
                return false;
            }
            found = true;
            value.clone_into(existing);
            true
        });
        if !found {
            self.entries.push((key.to_owned(), value.to_owned()));
        }
    }

    /// Renders the file with `\n` line ends, escaping keys and values like `Properties.store`.
    pub(crate) fn render(&self) -> String {
        let mut out = String::new();
        for comment in &self.header_comments {
            out.push_str(comment);
            out.push('\n');
        }
        for (key, value) in &self.entries {
            out.push_str(&escape(key, true));
            out.push('=');
            out.push_str(&escape(value, false));
            out.push('\n');
        }
        out
    }
}

fn ends_with_odd_backslashes(line: &str) -> bool {
    line.bytes().rev().take_while(|&byte| byte == b'\\').count() % 2 == 1
}

/// Splits one logical line into its unescaped key and value.
fn split_entry(line: &str) -> (String, String) {
    let chars: Vec<char> = line.chars().collect();
    let mut index = 0;
    while index < chars.len() {
        match chars[index] {
            '\\' => index += 2,
            '=' | ':' | ' ' | '\t' | '\x0c' => break,
            _ => index += 1,
        }
    }
    let key_end = index.min(chars.len());
    let mut value_start = key_end;
    while value_start < chars.len() && matches!(chars[value_start], ' ' | '\t' | '\x0c') {
        value_start += 1;
    }
    if value_start < chars.len() && matches!(chars[value_start], '=' | ':') {
        value_start += 1;
        while value_start < chars.len() && matches!(chars[value_start], ' ' | '\t' | '\x0c') {
            value_start += 1;
        }
    }
    (unescape(&chars[..key_end]), unescape(&chars[value_start..]))
}

/// Resolves `\t \n \r \f \uXXXX` and `\x` (= `x`). Malformed `\u` escapes are kept literally.
fn unescape(chars: &[char]) -> String {
    let mut units: Vec<u16> = Vec::with_capacity(chars.len());
    let mut index = 0;
    while index < chars.len() {
        let current = chars[index];
        index += 1;
        if current != '\\' {
            push_char(&mut units, current);
            continue;
        }
        let Some(&escaped) = chars.get(index) else {
            break;
        };
        index += 1;
        match escaped {
            't' => units.push(0x09),
            'n' => units.push(0x0a),
            'r' => units.push(0x0d),
            'f' => units.push(0x0c),
            'u' => match parse_hex_unit(chars.get(index..index + 4)) {
                Some(unit) => {
                    units.push(unit);
                    index += 4;
                }
                None => push_char(&mut units, 'u'),
            },
            other => push_char(&mut units, other),
        }
    }
    String::from_utf16_lossy(&units)
}

fn push_char(units: &mut Vec<u16>, character: char) {
    let mut buffer = [0u16; 2];
    units.extend_from_slice(character.encode_utf16(&mut buffer));
}

fn parse_hex_unit(digits: Option<&[char]>) -> Option<u16> {
    let digits: String = digits?.iter().collect();
    u16::from_str_radix(&digits, 16).ok()
}

/// Escapes like `Properties.saveConvert` with `escapeUnicode = true`.
pub(crate) fn escape(text: &str, is_key: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for (position, character) in text.chars().enumerate() {
        match character {
            ' ' if position == 0 || is_key => out.push_str("\\ "),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\x0c' => out.push_str("\\f"),
            '\\' | '=' | ':' | '#' | '!' => {
                out.push('\\');
                out.push(character);
            }
            ' '..='~' => out.push(character),
            other => {
                let mut buffer = [0u16; 2];
                for unit in other.encode_utf16(&mut buffer) {
                    out.push_str(&format!("\\u{unit:04X}"));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests;
