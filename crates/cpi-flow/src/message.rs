//! The message a flow works on: body bytes, headers (case-insensitive names, as Camel's) and
//! exchange properties (case-sensitive), all values text.

/// Message headers: names compare case-insensitively, the first spelling is kept, order is
/// insertion order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Headers(Vec<(String, String)>);

impl Headers {
    /// The value of a header.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(candidate, _)| candidate.eq_ignore_ascii_case(name)).map(|(_, value)| value.as_str())
    }

    /// Sets a header (replacing any value under a name that differs only in case).
    pub fn set(&mut self, name: &str, value: String) {
        match self.0.iter_mut().find(|(candidate, _)| candidate.eq_ignore_ascii_case(name)) {
            Some((_, existing)) => *existing = value,
            None => self.0.push((name.to_owned(), value)),
        }
    }

    /// Removes a header; true if it was there.
    pub fn remove(&mut self, name: &str) -> bool {
        let before = self.0.len();
        self.0.retain(|(candidate, _)| !candidate.eq_ignore_ascii_case(name));
        self.0.len() != before
    }

    /// Removes every header whose name matches `keep_if_false` returning true.
    pub fn retain(&mut self, mut keep: impl FnMut(&str) -> bool) {
        self.0.retain(|(name, _)| keep(name));
    }

    /// Headers in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(name, value)| (name.as_str(), value.as_str()))
    }

    /// How many headers.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// No headers.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Exchange properties: exact names, insertion order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Properties(Vec<(String, String)>);

impl Properties {
    /// The value of a property.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(candidate, _)| candidate == name).map(|(_, value)| value.as_str())
    }

    /// Sets a property.
    pub fn set(&mut self, name: &str, value: String) {
        match self.0.iter_mut().find(|(candidate, _)| candidate == name) {
            Some((_, existing)) => *existing = value,
            None => self.0.push((name.to_owned(), value)),
        }
    }

    /// Removes a property; true if it was there.
    pub fn remove(&mut self, name: &str) -> bool {
        let before = self.0.len();
        self.0.retain(|(candidate, _)| candidate != name);
        self.0.len() != before
    }

    /// Removes every property for which `keep` returns false.
    pub fn retain(&mut self, mut keep: impl FnMut(&str) -> bool) {
        self.0.retain(|(name, _)| keep(name));
    }

    /// Properties in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(name, value)| (name.as_str(), value.as_str()))
    }
}

/// A message: body, headers and the exchange properties that travel with it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Message {
    /// The body bytes.
    pub body: Vec<u8>,
    /// The headers.
    pub headers: Headers,
    /// The exchange properties.
    pub properties: Properties,
}

/// Whether a header or property name matches a pattern: case-insensitively, `*` standing for
/// any characters (Content Modifier deletes, allowed-header lists).
pub fn name_matches(pattern: &str, name: &str) -> bool {
    if !pattern.contains('*') {
        return pattern.eq_ignore_ascii_case(name);
    }
    let lower = name.to_ascii_lowercase();
    let parts: Vec<String> = pattern.to_ascii_lowercase().split('*').map(str::to_owned).collect();
    let mut rest = lower.as_str();
    for (index, part) in parts.iter().enumerate() {
        if index == 0 {
            match rest.strip_prefix(part.as_str()) {
                Some(after) => rest = after,
                None => return false,
            }
        } else if index == parts.len() - 1 {
            return rest.ends_with(part.as_str());
        } else {
            match rest.find(part.as_str()) {
                Some(at) => rest = &rest[at + part.len()..],
                None => return false,
            }
        }
    }
    rest.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_case_insensitive_and_keep_the_first_spelling() {
        let mut headers = Headers::default();
        headers.set("Content-Type", "text/plain".into());
        headers.set("content-type", "application/json".into());
        assert_eq!(headers.get("CONTENT-TYPE"), Some("application/json"));
        assert_eq!(headers.iter().collect::<Vec<_>>(), vec![("Content-Type", "application/json")]);
        assert!(headers.remove("content-TYPE"));
        assert!(headers.is_empty());
    }

    #[test]
    fn name_patterns() {
        assert!(name_matches("SAP_*", "sap_ApplicationID"));
        assert!(name_matches("*", "anything"));
        assert!(name_matches("a*c", "abbbc"));
        assert!(!name_matches("a*c", "abbbd"));
        assert!(name_matches("X-Trace", "x-trace"));
        assert!(!name_matches("X-Trace", "x-traces"));
    }

    #[test]
    fn properties_are_case_sensitive() {
        let mut properties = Properties::default();
        properties.set("a", "1".into());
        properties.set("A", "2".into());
        assert_eq!(properties.get("a"), Some("1"));
        assert_eq!(properties.get("A"), Some("2"));
    }
}
