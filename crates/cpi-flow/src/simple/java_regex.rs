//! Java-style regular expressions (`String.replaceAll`, `String.split`, Camel's `regex` operator)
//! on top of `regex-automata`, whose syntax is close to Java's for everyday patterns.
//!
//! Deviations from `java.util.regex`: no look-around, no back-references, no possessive
//! quantifiers (such patterns are rejected with a clear error, never mis-run); `\d`, `\w`, `\s`
//! and case-insensitive matching are Unicode-aware. Matching takes linear time.

use regex_automata::PatternID;
use regex_automata::meta::Regex;

/// Upper bound on the compiled size of one pattern (bytes of NFA), against absurd patterns.
const NFA_SIZE_LIMIT: usize = 2 * 1024 * 1024;

/// A compiled pattern with the text it came from (two regexes are equal when their texts are).
#[derive(Debug, Clone)]
pub(crate) struct JavaRegex {
    pattern: String,
    whole: bool,
    regex: Regex,
}

impl PartialEq for JavaRegex {
    fn eq(&self, other: &Self) -> bool {
        self.pattern == other.pattern && self.whole == other.whole
    }
}

impl Eq for JavaRegex {}

impl JavaRegex {
    /// A pattern that may match anywhere (`replaceAll`, `split`).
    pub(crate) fn new(pattern: &str) -> Result<Self, String> {
        Ok(Self { pattern: pattern.to_owned(), whole: false, regex: compile(pattern)? })
    }

    /// A pattern that must match the whole text (Java's `String.matches`, Camel's `regex`).
    pub(crate) fn whole(pattern: &str) -> Result<Self, String> {
        // Compiled alone first: a valid pattern has balanced groups, so wrapping it is safe.
        compile(pattern)?;
        Ok(Self { pattern: pattern.to_owned(), whole: true, regex: compile(&format!("^(?:{pattern})$"))? })
    }

    /// True if the pattern matches (the whole text, for [`JavaRegex::whole`]).
    pub(crate) fn is_match(&self, text: &str) -> bool {
        self.regex.is_match(text)
    }

    /// Number of capturing groups, not counting the whole match.
    pub(crate) fn group_count(&self) -> usize {
        self.regex.group_info().group_len(PatternID::ZERO).saturating_sub(1)
    }

    /// The index of a named group.
    fn group_index(&self, name: &str) -> Option<usize> {
        self.regex.group_info().to_index(PatternID::ZERO, name)
    }

    /// `replaceAll` (every match) or `replaceFirst` (`all` false).
    pub(crate) fn replace(&self, text: &str, replacement: &Replacement, all: bool) -> String {
        let mut result = String::with_capacity(text.len());
        let mut last = 0;
        for captures in self.regex.captures_iter(text) {
            let Some(whole) = captures.get_match() else { continue };
            result.push_str(&text[last..whole.start()]);
            for part in &replacement.0 {
                match part {
                    ReplacementPart::Text(literal) => result.push_str(literal),
                    ReplacementPart::Group(index) => {
                        if let Some(span) = captures.get_group(*index) {
                            result.push_str(&text[span.range()]);
                        }
                    }
                }
            }
            last = whole.end();
            if !all {
                break;
            }
        }
        result.push_str(&text[last..]);
        result
    }

    /// Java's `String.split(regex)`: no leading empty piece for a zero-width match at the start,
    /// trailing empty pieces removed, the whole text if nothing matches.
    pub(crate) fn split(&self, text: &str) -> Vec<String> {
        let mut pieces = Vec::new();
        let mut last = 0;
        let mut matched = false;
        for found in self.regex.find_iter(text) {
            if found.end() == 0 {
                continue;
            }
            matched = true;
            pieces.push(text[last..found.start()].to_owned());
            last = found.end();
        }
        if !matched {
            return vec![text.to_owned()];
        }
        pieces.push(text[last..].to_owned());
        while pieces.last().is_some_and(String::is_empty) {
            pieces.pop();
        }
        pieces
    }
}

fn compile(pattern: &str) -> Result<Regex, String> {
    let config = Regex::config().nfa_size_limit(Some(NFA_SIZE_LIMIT));
    Regex::builder().configure(config).build(pattern).map_err(|error| describe_build_error(&error))
}

/// The one-line reason of a build error (the syntax error's `error: …` line when there is one).
fn describe_build_error(error: &regex_automata::meta::BuildError) -> String {
    if let Some(syntax) = error.syntax_error() {
        let text = syntax.to_string();
        return text
            .lines()
            .find_map(|line| line.trim().strip_prefix("error:").map(|reason| reason.trim().to_owned()))
            .unwrap_or_else(|| text.split_whitespace().collect::<Vec<_>>().join(" "));
    }
    if error.size_limit().is_some() {
        return "the pattern is too large".to_owned();
    }
    error.to_string()
}

/// A parsed Java replacement string: `$n` and `${name}` insert groups, `\x` is a literal `x`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Replacement(Vec<ReplacementPart>);

#[derive(Debug, Clone, PartialEq, Eq)]
enum ReplacementPart {
    Text(String),
    Group(usize),
}

impl Replacement {
    /// Parses `replacement` for `regex`, checking group references as Java does.
    pub(crate) fn parse(replacement: &str, regex: &JavaRegex) -> Result<Self, String> {
        let mut parts = Vec::new();
        let mut literal = String::new();
        let mut chars = replacement.chars().peekable();
        while let Some(character) = chars.next() {
            match character {
                '\\' => literal.push(chars.next().ok_or("a replacement must not end with a backslash")?),
                '$' => {
                    let group = match chars.peek() {
                        Some('{') => named_group(&mut chars, regex)?,
                        Some(digit) if digit.is_ascii_digit() => numbered_group(&mut chars, regex)?,
                        _ => return Err("a '$' in a replacement must be followed by a group number".to_owned()),
                    };
                    if !literal.is_empty() {
                        parts.push(ReplacementPart::Text(std::mem::take(&mut literal)));
                    }
                    parts.push(ReplacementPart::Group(group));
                }
                other => literal.push(other),
            }
        }
        if !literal.is_empty() {
            parts.push(ReplacementPart::Text(literal));
        }
        Ok(Self(parts))
    }
}

/// `$12`: as many digits as still name an existing group (Java's rule); the first is required.
fn numbered_group(chars: &mut std::iter::Peekable<std::str::Chars<'_>>, regex: &JavaRegex) -> Result<usize, String> {
    let mut group = 0usize;
    let mut first = true;
    while let Some(digit) = chars.peek().and_then(|c| c.to_digit(10)) {
        let candidate = group * 10 + digit as usize;
        if !first && candidate > regex.group_count() {
            break;
        }
        group = candidate;
        first = false;
        chars.next();
    }
    if group > regex.group_count() {
        return Err(format!("the replacement refers to group {group}, but the pattern has {}", regex.group_count()));
    }
    Ok(group)
}

fn named_group(chars: &mut std::iter::Peekable<std::str::Chars<'_>>, regex: &JavaRegex) -> Result<usize, String> {
    chars.next();
    let mut name = String::new();
    for character in chars.by_ref() {
        if character == '}' {
            return regex.group_index(&name).ok_or_else(|| format!("the pattern has no group named '{name}'"));
        }
        name.push(character);
    }
    Err("a '${' in a replacement is not closed".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn replace_all(pattern: &str, text: &str, replacement: &str) -> String {
        let regex = JavaRegex::new(pattern).unwrap();
        regex.replace(text, &Replacement::parse(replacement, &regex).unwrap(), true)
    }

    #[test]
    fn replace_all_expands_groups_and_escapes() {
        assert_eq!(replace_all("[0-9]+", "a1b22c", "#"), "a#b#c");
        assert_eq!(replace_all("(\\w+)@(\\w+)", "joe@corp", "$2/$1"), "corp/joe");
        assert_eq!(replace_all("(?<user>\\w+)@", "joe@corp", "${user} at "), "joe at corp");
        assert_eq!(replace_all("a", "banana", "\\$"), "b$n$n$");
        assert_eq!(replace_all("x*", "ab", "-"), "-a-b-");
    }

    #[test]
    fn replace_first_stops_after_one_match() {
        let regex = JavaRegex::new("o").unwrap();
        assert_eq!(regex.replace("foo", &Replacement::parse("0", &regex).unwrap(), false), "f0o");
    }

    #[test]
    fn replacement_group_numbers_follow_java() {
        let regex = JavaRegex::new("(a)").unwrap();
        assert_eq!(regex.replace("a", &Replacement::parse("$10", &regex).unwrap(), true), "a0");
        assert!(Replacement::parse("$2", &regex).unwrap_err().contains("group 2"));
        assert!(Replacement::parse("$x", &regex).is_err());
        assert!(Replacement::parse("\\", &regex).is_err());
        assert!(Replacement::parse("${nope}", &regex).unwrap_err().contains("nope"));
        assert!(Replacement::parse("${open", &regex).is_err());
    }

    #[test]
    fn split_follows_java() {
        let comma = JavaRegex::new(",").unwrap();
        assert_eq!(comma.split("a,b,,c,,"), vec!["a", "b", "", "c"]);
        assert_eq!(comma.split(""), vec![""]);
        assert_eq!(comma.split("abc"), vec!["abc"]);
        assert_eq!(JavaRegex::new("").unwrap().split("abc"), vec!["a", "b", "c"]);
        assert_eq!(JavaRegex::new("\\.").unwrap().split("a.b"), vec!["a", "b"]);
        assert!(JavaRegex::new(".").unwrap().split("a.b").is_empty());
    }

    #[test]
    fn whole_matches_the_entire_text() {
        let regex = JavaRegex::whole("[A-Z]+|x").unwrap();
        assert!(regex.is_match("ABC"));
        assert!(regex.is_match("x"));
        assert!(!regex.is_match("ABCd"));
        assert!(JavaRegex::new("[A-Z]+").unwrap().is_match("aBc"));
        assert_ne!(JavaRegex::whole("a").unwrap(), JavaRegex::new("a").unwrap());
        assert_eq!(JavaRegex::whole("a").unwrap(), JavaRegex::whole("a").unwrap());
    }

    #[test]
    fn invalid_patterns_are_explained() {
        assert_eq!(JavaRegex::new("(abc").unwrap_err(), "unclosed group");
        assert!(JavaRegex::new("(?=a)").is_err());
        assert!(JavaRegex::new("a{5000}{5000}").is_err());
    }
}
