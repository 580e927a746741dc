use proptest::prelude::*;

use super::*;

fn entries(text: &str) -> Vec<(String, String)> {
    PropertiesFile::parse(text.as_bytes()).entries
}

fn pair(key: &str, value: &str) -> (String, String) {
    (key.to_owned(), value.to_owned())
}

#[test]
fn java_escapes_and_separators_are_understood() {
    let text = "#\n#Thu May 01 08:17:53 UTC 2025\nParameter\\ 1=Value1\nurl=https\\://host/x\n\
                dash=a\\u2013b\n  spaced key : spaced value\nbare\ncolon:value\nwhite value\n";
    assert_eq!(
        entries(text),
        vec![
            pair("Parameter 1", "Value1"),
            pair("url", "https://host/x"),
            pair("dash", "a\u{2013}b"),
            pair("spaced", "key : spaced value"),
            pair("bare", ""),
            pair("colon", "value"),
            pair("white", "value"),
        ]
    );
    let file = PropertiesFile::parse(text.as_bytes());
    assert_eq!(file.header_comments, vec!["#".to_owned(), "#Thu May 01 08:17:53 UTC 2025".to_owned()]);
}

#[test]
fn continuation_lines_and_line_ends() {
    assert_eq!(
        entries("a=one \\\n    two\r\nb=x\\\\\rc=\\\n"),
        vec![pair("a", "one two"), pair("b", "x\\"), pair("c", "")]
    );
    assert_eq!(entries("! comment\n# other\nk=v"), vec![pair("k", "v")]);
}

#[test]
fn surrogate_pairs_and_latin1_fallback() {
    assert_eq!(entries("e=\\uD83D\\uDE00"), vec![pair("e", "\u{1F600}")]);
    assert_eq!(entries("bad=\\u12"), vec![pair("bad", "u12")]);
    assert_eq!(PropertiesFile::parse(b"k=caf\xe9").entries, vec![pair("k", "caf\u{e9}")]);
}

#[test]
fn rendering_escapes_like_java() {
    let file = PropertiesFile {
        header_comments: vec!["#c".to_owned()],
        entries: vec![pair("Sender Endpoint", " a=b:c #!"), pair("x", "tab\there\nnew"), pair("ü", "€")],
    };
    assert_eq!(file.render(), "#c\nSender\\ Endpoint=\\ a\\=b\\:c \\#\\!\nx=tab\\there\\nnew\n\\u00FC=\\u20AC\n");
}

#[test]
fn set_replaces_first_and_drops_duplicates() {
    let mut file = PropertiesFile::parse(b"a=1\nb=2\na=3\n");
    assert_eq!(file.get("a"), Some("3"));
    file.set("a", "new");
    file.set("c", "added");
    assert_eq!(file.entries, vec![pair("a", "new"), pair("b", "2"), pair("c", "added")]);
}

proptest! {
    #[test]
    fn escaping_round_trips(key in any::<String>(), value in any::<String>(), other in "[a-z]{1,5}") {
        let file = PropertiesFile {
            header_comments: Vec::new(),
            entries: vec![(key.clone(), value.clone()), (format!("{other}_"), "tail".to_owned())],
        };
        let parsed = PropertiesFile::parse(file.render().as_bytes());
        prop_assert_eq!(parsed.entries, file.entries);
    }

    #[test]
    fn parsing_arbitrary_bytes_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = PropertiesFile::parse(&bytes);
    }
}
