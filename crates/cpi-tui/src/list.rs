//! [`FilteredList`]: the items of a screen's list with a search query, a selection and the
//! scroll window that keeps the selection on screen. Pure: no terminal, no I/O.

use std::cell::Cell;

/// A movement of the selection (or of a text view's scroll position).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Motion {
    /// One row up.
    Up,
    /// One row down.
    Down,
    /// One screenful up.
    PageUp,
    /// One screenful down.
    PageDown,
    /// The first row.
    Home,
    /// The last row.
    End,
}

/// An item of a list: a stable key (to keep the selection across reloads) and the text the
/// search matches.
pub trait Entry {
    /// A key unique within its list (an id, a GUID).
    fn key(&self) -> String;
    /// The text that `/` searches, case-insensitively.
    fn search_text(&self) -> String;
}

/// What the app does with any screen's list, whatever its items: move and search.
pub trait ListControl {
    /// Moves the selection.
    fn apply(&mut self, motion: Motion);
    /// The current search query (empty when not searching).
    fn query(&self) -> &str;
    /// Narrows the list to the items whose text contains `query` (any case).
    fn set_query(&mut self, query: &str);
}

/// Items, the query narrowing them, the selection among the visible ones and the first row on
/// screen. Rows to draw come from [`window`](Self::window), so only what fits is rendered.
#[derive(Debug)]
pub struct FilteredList<T> {
    items: Vec<T>,
    query: String,
    visible: Vec<usize>,
    selected: usize,
    offset: Cell<usize>,
    page: Cell<usize>,
}

impl<T> Default for FilteredList<T> {
    fn default() -> Self {
        FilteredList {
            items: Vec::new(),
            query: String::new(),
            visible: Vec::new(),
            selected: 0,
            offset: Cell::new(0),
            page: Cell::new(10),
        }
    }
}

impl<T: Entry> FilteredList<T> {
    /// A list of these items, the first selected.
    pub fn new(items: Vec<T>) -> Self {
        let mut list = FilteredList::default();
        list.replace(items);
        list
    }

    /// Replaces the items (a reload), keeping the query and, when it is still there, the
    /// selected item.
    pub fn replace(&mut self, items: Vec<T>) {
        let selected_key = self.selected().map(Entry::key);
        self.items = items;
        self.refilter(selected_key);
    }

    /// The selected item, if any is visible.
    pub fn selected(&self) -> Option<&T> {
        self.visible.get(self.selected).map(|&index| &self.items[index])
    }

    /// The position of the selection among the visible items.
    pub fn selected_index(&self) -> usize {
        self.selected
    }

    /// How many items the query lets through.
    pub fn len(&self) -> usize {
        self.visible.len()
    }

    /// Whether no item is visible.
    pub fn is_empty(&self) -> bool {
        self.visible.is_empty()
    }

    /// How many items there are, matching or not.
    pub fn total(&self) -> usize {
        self.items.len()
    }

    /// The visible items in order.
    pub fn visible(&self) -> impl Iterator<Item = &T> {
        self.visible.iter().map(|&index| &self.items[index])
    }

    /// The rows that fit in `height`: the index of the first visible one shown and the items.
    /// Scrolls just enough to keep the selection in view and remembers `height` as the page.
    pub fn window(&self, height: usize) -> (usize, Vec<&T>) {
        let height = height.max(1);
        self.page.set(height);
        let mut offset = self.offset.get().min(self.visible.len().saturating_sub(1));
        if self.selected < offset {
            offset = self.selected;
        } else if self.selected >= offset + height {
            offset = self.selected + 1 - height;
        }
        self.offset.set(offset);
        let end = (offset + height).min(self.visible.len());
        (offset, self.visible[offset..end].iter().map(|&index| &self.items[index]).collect())
    }

    fn refilter(&mut self, keep: Option<String>) {
        let needle = self.query.to_lowercase();
        self.visible = (0..self.items.len())
            .filter(|&index| needle.is_empty() || self.items[index].search_text().to_lowercase().contains(&needle))
            .collect();
        let kept = keep.and_then(|key| self.visible.iter().position(|&index| self.items[index].key() == key));
        self.selected = kept.unwrap_or(0);
        if kept.is_none() {
            self.offset.set(0);
        }
    }
}

impl<T: Entry> ListControl for FilteredList<T> {
    fn apply(&mut self, motion: Motion) {
        let last = self.visible.len().saturating_sub(1);
        let page = self.page.get().max(1);
        self.selected = match motion {
            Motion::Up => self.selected.saturating_sub(1),
            Motion::Down => (self.selected + 1).min(last),
            Motion::PageUp => self.selected.saturating_sub(page),
            Motion::PageDown => (self.selected + page).min(last),
            Motion::Home => 0,
            Motion::End => last,
        };
    }

    fn query(&self) -> &str {
        &self.query
    }

    fn set_query(&mut self, query: &str) {
        if self.query != query {
            let keep = self.selected().map(Entry::key);
            self.query = query.to_owned();
            self.refilter(keep);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    impl Entry for String {
        fn key(&self) -> String {
            self.clone()
        }
        fn search_text(&self) -> String {
            self.clone()
        }
    }

    fn numbers(count: usize) -> FilteredList<String> {
        FilteredList::new((0..count).map(|n| format!("item {n}")).collect())
    }

    #[test]
    fn the_window_follows_the_selection_one_row_at_a_time() {
        let mut list = numbers(100);
        assert_eq!(list.window(10).0, 0);
        for _ in 0..10 {
            list.apply(Motion::Down);
        }
        let (offset, rows) = list.window(10);
        assert_eq!((offset, rows.len()), (1, 10), "scrolled by one, not by a page");
        assert_eq!(rows[9], "item 10");
        list.apply(Motion::End);
        assert_eq!(list.window(10).0, 90);
        list.apply(Motion::PageUp);
        assert_eq!(list.selected().unwrap(), "item 89");
        assert_eq!(list.window(10).0, 89);
        list.apply(Motion::Home);
        assert_eq!(list.window(10).0, 0);
    }

    #[test]
    fn searching_narrows_and_keeps_the_selection_when_it_matches() {
        let mut list = numbers(30);
        list.apply(Motion::PageDown);
        assert_eq!(list.selected().unwrap(), "item 10");
        list.set_query("1");
        assert_eq!(list.len(), 12, "1, 10..19, 21");
        assert_eq!(list.selected().unwrap(), "item 10");
        list.set_query("ITEM 2");
        assert_eq!(list.selected().unwrap(), "item 2", "the old selection is gone: the first match");
        list.set_query("nothing");
        assert!(list.is_empty() && list.selected().is_none());
        list.apply(Motion::Down);
        list.set_query("");
        assert_eq!(list.len(), 30);
    }

    #[test]
    fn a_reload_keeps_the_selected_key() {
        let mut list = numbers(5);
        list.apply(Motion::End);
        list.replace(vec!["new".into(), "item 4".into()]);
        assert_eq!(list.selected().unwrap(), "item 4");
        assert_eq!(list.total(), 2);
    }
}
