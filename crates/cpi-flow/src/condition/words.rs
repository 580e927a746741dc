//! Splits a condition into words at whitespace; a `${…}` and a quoted text are kept whole even
//! when they hold spaces (`'New York'`, `${header.a.replace(' ', '')}`).

use super::ConditionError;
use crate::simple::closing_brace;

/// A word and the byte offset where it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Word<'a> {
    pub(super) text: &'a str,
    pub(super) position: usize,
}

impl Word<'_> {
    /// The inside of a quoted word (`'…'` or `"…"`), if it is one.
    pub(super) fn quoted(&self) -> Option<&str> {
        let quote = self.text.chars().next().filter(|c| matches!(c, '\'' | '"'))?;
        self.text.strip_prefix(quote)?.strip_suffix(quote)
    }
}

/// The words of a condition.
pub(super) fn split_words(text: &str) -> Result<Vec<Word<'_>>, ConditionError> {
    let mut words = Vec::new();
    let mut at = 0;
    while at < text.len() {
        let rest = &text[at..];
        let Some(character) = rest.chars().next() else { break };
        if character.is_whitespace() {
            at += character.len_utf8();
            continue;
        }
        let end = word_end(text, at)?;
        words.push(Word { text: &text[at..end], position: at });
        at = end;
    }
    Ok(words)
}

/// Where the word starting at `start` ends.
fn word_end(text: &str, start: usize) -> Result<usize, ConditionError> {
    let mut at = start;
    while let Some(character) = text[at..].chars().next() {
        if character.is_whitespace() {
            break;
        }
        if text[at..].starts_with("${") {
            at = closing_brace(text, at).map_err(ConditionError::from)? + 1;
        } else if matches!(character, '\'' | '"') && at == start {
            at = closing_quote(text, at, character)? + 1;
            if let Some(next) = text[at..].chars().next().filter(|c| !c.is_whitespace()) {
                return Err(ConditionError {
                    position: at,
                    reason: format!("'{next}' follows a quoted text without a space"),
                });
            }
            break;
        } else {
            at += character.len_utf8();
        }
    }
    Ok(at)
}

/// The offset of the quote closing the one at `open`; a `${…}` inside is skipped whole, so
/// `'${header.a.replace('x','y')}'` is one text.
fn closing_quote(text: &str, open: usize, quote: char) -> Result<usize, ConditionError> {
    let mut at = open + quote.len_utf8();
    while let Some(character) = text[at..].chars().next() {
        if character == quote {
            return Ok(at);
        }
        if text[at..].starts_with("${") {
            at = closing_brace(text, at).map_err(ConditionError::from)? + 1;
        } else {
            at += character.len_utf8();
        }
    }
    Err(ConditionError { position: open, reason: format!("the quoted text starting here is not closed by {quote}") })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(condition: &str) -> Vec<&str> {
        split_words(condition).unwrap().into_iter().map(|word| word.text).collect()
    }

    #[test]
    fn splits_at_whitespace_keeping_quotes_and_expressions_whole() {
        assert_eq!(texts("${header.a} = 'New York'"), vec!["${header.a}", "=", "'New York'"]);
        assert_eq!(
            texts("${header.a.replace(' ', '')}\tcontains\n\"x y\""),
            vec!["${header.a.replace(' ', '')}", "contains", "\"x y\""]
        );
        assert_eq!(texts("  '${header.a.replace('x','y')}'  "), vec!["'${header.a.replace('x','y')}'"]);
        assert_eq!(texts("pre${date:now:yyyy MM}post x"), vec!["pre${date:now:yyyy MM}post", "x"]);
        assert!(texts("").is_empty());
    }

    #[test]
    fn positions_are_byte_offsets() {
        let words = split_words("ä = 'b'").unwrap();
        assert_eq!(words.iter().map(|w| w.position).collect::<Vec<_>>(), vec![0, 3, 5]);
        assert_eq!(words[2].quoted(), Some("b"));
        assert_eq!(words[0].quoted(), None);
    }

    #[test]
    fn reports_unclosed_parts() {
        assert_eq!(split_words("${header.a} = 'abc").unwrap_err().position, 14);
        assert!(split_words("${header.a = 'b'").unwrap_err().reason.contains("not closed"));
        assert!(split_words("'a'b").unwrap_err().reason.contains("without a space"));
    }
}
