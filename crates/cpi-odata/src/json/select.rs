//! `$select` as it applies to one entity: which properties and navigations to write, and what
//! to select inside an expanded navigation.

/// Whether the property or navigation `name` is selected (`None` selects everything).
pub(crate) fn selected(select: Option<&[Vec<String>]>, name: &str) -> bool {
    match select {
        None => true,
        Some(paths) => paths.iter().any(|p| p.first().is_some_and(|first| first == name || first == "*")),
    }
}

/// The selection inside the expanded navigation `nav`: `None` (everything) when the navigation
/// itself, `nav/*` or `*` is selected, otherwise the paths below `nav`.
pub(crate) fn nested(select: Option<&[Vec<String>]>, nav: &str) -> Option<Vec<Vec<String>>> {
    let paths = select?;
    let mut inner = Vec::new();
    for path in paths {
        match path.split_first() {
            Some((first, rest)) if first == nav => {
                if rest.is_empty() || rest.first().is_some_and(|s| s == "*") {
                    return None;
                }
                inner.push(rest.to_vec());
            }
            Some((first, _)) if first == "*" => return None,
            _ => {}
        }
    }
    Some(inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(list: &[&str]) -> Vec<Vec<String>> {
        list.iter().map(|p| p.split('/').map(str::to_owned).collect()).collect()
    }

    #[test]
    fn none_selects_all() {
        assert!(selected(None, "Name"));
        assert_eq!(nested(None, "Nav"), None);
    }

    #[test]
    fn first_segment_decides() {
        let p = paths(&["Name", "EntryPoints/Url"]);
        assert!(selected(Some(&p), "Name"));
        assert!(selected(Some(&p), "EntryPoints"));
        assert!(!selected(Some(&p), "Id"));
        assert_eq!(nested(Some(&p), "EntryPoints"), Some(paths(&["Url"])));
    }

    #[test]
    fn whole_navigation_selects_all_inside() {
        let p = paths(&["EntryPoints", "EntryPoints/Url"]);
        assert_eq!(nested(Some(&p), "EntryPoints"), None);
        let star = paths(&["EntryPoints/*"]);
        assert_eq!(nested(Some(&star), "EntryPoints"), None);
    }
}
