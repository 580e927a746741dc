//! The zip a stored message downloads as (`$value` of a data store entry or a variable): the
//! body as `body` and the headers as Java properties in `headers.prop`. FIGAF reads data store
//! entries this way; tools that copy variables read the value from `headers.prop`.

use crate::archive::write_files;
use crate::properties::PropertiesFile;

/// A zip with `body` (when given) and `headers.prop` (the headers in order, Java-escaped).
pub fn message_archive(body: Option<&[u8]>, headers: &[(String, String)]) -> Vec<u8> {
    let properties = PropertiesFile { header_comments: Vec::new(), entries: headers.to_vec() }.render();
    let mut files: Vec<(&str, &[u8])> = Vec::with_capacity(2);
    if let Some(body) = body {
        files.push(("body", body));
    }
    files.push(("headers.prop", properties.as_bytes()));
    write_files(files)
}

#[cfg(test)]
mod tests {
    use super::message_archive;
    use crate::Limits;
    use crate::archive::read_files;
    use crate::properties::PropertiesFile;

    #[test]
    fn body_and_headers_read_back() {
        let headers = vec![("SapDataStoreId".to_owned(), "e 1".to_owned()), ("Note".to_owned(), "a=b:ü".to_owned())];
        let zip = message_archive(Some(b"<order/>"), &headers);
        let files = read_files(&zip, &Limits::default()).expect("a readable zip");
        assert_eq!(files[0], ("body".to_owned(), b"<order/>".to_vec()));
        assert_eq!(files[1].0, "headers.prop");
        assert_eq!(PropertiesFile::parse(&files[1].1).entries, headers);
    }

    #[test]
    fn without_a_body_only_the_headers() {
        let zip = message_archive(None, &[("counter".to_owned(), "7".to_owned())]);
        let files = read_files(&zip, &Limits::default()).expect("a readable zip");
        assert_eq!(files, vec![("headers.prop".to_owned(), b"counter=7\n".to_vec())]);
    }
}
