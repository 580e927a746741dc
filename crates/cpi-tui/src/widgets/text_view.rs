//! [`TextView`]: a wrapped text in a bordered block that the arrows scroll (error texts,
//! attachment payloads), never past its last line, and that `/` searches: matches highlighted,
//! `n`/`N` jump from one to the next.

use std::cell::Cell;
use std::ops::Range;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, Paragraph, Wrap};

use crate::list::Motion;
use crate::theme::Theme;

/// Where a search of a text stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// What was searched.
    pub query: String,
    /// The current match, from 1 (0 when there is none).
    pub index: usize,
    /// How many matches there are.
    pub count: usize,
}

impl Found {
    /// As the status line says it: `match 2 of 5 for /timeout`, `no match for /timeout`.
    pub fn describe(&self) -> String {
        if self.count == 0 {
            format!("no match for /{}", self.query)
        } else {
            format!("match {} of {} for /{}", self.index, self.count, self.query)
        }
    }
}

/// The query searched and which of its matches is current.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Search {
    query: String,
    current: usize,
}

/// The scroll position of a text and its search; the page, the width and the last position are
/// learnt when drawn.
#[derive(Debug, Default)]
pub struct TextView {
    scroll: u16,
    page: Cell<u16>,
    width: Cell<u16>,
    max_scroll: Cell<u16>,
    search: Option<Search>,
}

impl TextView {
    /// Scrolls.
    pub fn apply(&mut self, motion: Motion) {
        let page = self.page.get().max(1);
        let current = self.scroll.min(self.max_scroll.get());
        let scroll = match motion {
            Motion::Up => current.saturating_sub(1),
            Motion::Down => current.saturating_add(1),
            Motion::PageUp => current.saturating_sub(page),
            Motion::PageDown => current.saturating_add(page),
            Motion::Home => 0,
            Motion::End => u16::MAX,
        };
        self.scroll = scroll.min(self.max_scroll.get());
    }

    /// How many lines are scrolled off the top.
    pub fn scroll(&self) -> u16 {
        self.scroll
    }

    /// The query searched, if any.
    pub fn query(&self) -> Option<&str> {
        self.search.as_ref().map(|search| search.query.as_str())
    }

    /// Searches `text` (the text shown) for `query`, any case, and scrolls to the first match.
    pub fn find(&mut self, text: &str, query: &str) -> Found {
        self.search = Some(Search { query: query.to_owned(), current: 0 });
        self.go_to_current(text)
    }

    /// The next (or, backwards, previous) match, wrapping around; `None` without a search.
    pub fn step(&mut self, text: &str, forward: bool) -> Option<Found> {
        let count = matches(text, self.query()?).len();
        let search = self.search.as_mut()?;
        if count > 0 {
            let current = search.current.min(count - 1);
            search.current = if forward { (current + 1) % count } else { (current + count - 1) % count };
        }
        Some(self.go_to_current(text))
    }

    /// Ends the search (the highlights go); whether there was one.
    pub fn clear_search(&mut self) -> bool {
        self.search.take().is_some()
    }

    /// Scrolls so that the current match is in view, a third down the page.
    fn go_to_current(&mut self, text: &str) -> Found {
        let Some(search) = self.search.as_ref() else { return Found { query: String::new(), index: 0, count: 0 } };
        let found = matches(text, &search.query);
        let current = search.current.min(found.len().saturating_sub(1));
        let result = Found { query: search.query.clone(), index: current + 1, count: found.len() };
        let Some((line, range)) = found.get(current) else { return Found { index: 0, ..result } };
        let width = usize::from(if self.width.get() == 0 { u16::MAX } else { self.width.get() });
        let before: usize = text.lines().take(*line).map(|line| line.chars().count().div_ceil(width).max(1)).sum();
        let within = text.lines().nth(*line).map_or(0, |line| line[..range.start].chars().count() / width);
        let row = u16::try_from(before + within).unwrap_or(u16::MAX);
        let page = self.page.get().max(1);
        if row < self.scroll || row >= self.scroll.saturating_add(page) {
            self.scroll = row.saturating_sub(page / 3);
        }
        result
    }

    /// Draws `text` wrapped in a block titled `title`, the matches of a search highlighted.
    pub fn render(&self, frame: &mut Frame, area: Rect, title: &str, text: &str, style: Style, theme: Theme) {
        let block = Block::bordered().title(format!(" {title} ")).title_style(theme.title());
        let inner = block.inner(area);
        let rows = wrapped_rows(text, inner.width);
        self.page.set(inner.height);
        self.width.set(inner.width);
        self.max_scroll.set(rows.saturating_sub(inner.height));
        let scroll = self.scroll.min(self.max_scroll.get());
        let content = match &self.search {
            Some(search) => highlighted(text, search, theme),
            None => Text::from(text.to_owned()),
        };
        let paragraph =
            Paragraph::new(content).style(style).block(block).wrap(Wrap { trim: false }).scroll((scroll, 0));
        frame.render_widget(paragraph, area);
    }
}

/// `text` with the matches of the search styled, the current one apart.
fn highlighted(text: &str, search: &Search, theme: Theme) -> Text<'static> {
    let found = matches(text, &search.query);
    let current = search.current.min(found.len().saturating_sub(1));
    let mut found = found.into_iter().enumerate().peekable();
    let lines = text.lines().enumerate().map(|(index, line)| {
        let mut spans = Vec::new();
        let mut at = 0;
        while let Some((number, (_, range))) = found.next_if(|(_, (line, _))| *line == index) {
            spans.push(Span::raw(line[at..range.start].to_owned()));
            let style = if number == current { theme.current_match() } else { theme.found() };
            spans.push(Span::styled(line[range.clone()].to_owned(), style));
            at = range.end;
        }
        spans.push(Span::raw(line[at..].to_owned()));
        Line::from(spans)
    });
    Text::from(lines.collect::<Vec<_>>())
}

/// The matches of `query` in `text`, any case, in reading order: the line and the byte range.
fn matches(text: &str, query: &str) -> Vec<(usize, Range<usize>)> {
    let needle: Vec<char> = query.chars().map(fold).collect();
    if needle.is_empty() {
        return Vec::new();
    }
    let mut found = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let chars: Vec<(usize, char)> = line.char_indices().collect();
        let mut start = 0;
        while start + needle.len() <= chars.len() {
            let candidate = &chars[start..start + needle.len()];
            if candidate.iter().zip(&needle).all(|((_, c), n)| fold(*c) == *n) {
                let end = chars.get(start + needle.len()).map_or(line.len(), |(at, _)| *at);
                found.push((number, chars[start].0..end));
                start += needle.len();
            } else {
                start += 1;
            }
        }
    }
    found
}

/// A character as compared by the search (lower case).
fn fold(c: char) -> char {
    c.to_lowercase().next().unwrap_or(c)
}

/// About how many rows `text` takes wrapped at `width` (word wrapping may take a few more;
/// one row of slack per 20 keeps the end reachable).
fn wrapped_rows(text: &str, width: u16) -> u16 {
    let width = usize::from(width.max(1));
    let rows: usize = text.lines().map(|line| line.chars().count().div_ceil(width).max(1)).sum();
    u16::try_from(rows + rows / 20).unwrap_or(u16::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_count_as_their_wrapped_rows() {
        assert_eq!(wrapped_rows("short\n\nlines", 10), 3);
        assert_eq!(wrapped_rows(&"x".repeat(25), 10), 3);
    }

    #[test]
    fn scrolling_stops_at_the_last_page() {
        let mut view = TextView::default();
        view.page.set(5);
        view.max_scroll.set(12);
        view.apply(Motion::PageDown);
        assert_eq!(view.scroll(), 5);
        view.apply(Motion::End);
        assert_eq!(view.scroll(), 12);
        view.apply(Motion::Home);
        assert_eq!(view.scroll(), 0);
    }

    #[test]
    fn matches_ignore_case_and_do_not_overlap() {
        assert_eq!(matches("Ärger ärger\nxx", "äR"), [(0, 0..3), (0, 7..10)], "byte ranges");
        assert_eq!(matches("aaaa", "aa"), [(0, 0..2), (0, 2..4)]);
        assert!(matches("text", "").is_empty());
        assert!(matches("text", "longer than text").is_empty());
    }

    #[test]
    fn find_and_step_wrap_around_and_scroll_to_the_match() {
        let text: String = (0..100).map(|n| format!("line {n}{}\n", if n % 30 == 0 { " hit" } else { "" })).collect();
        let mut view = TextView::default();
        view.page.set(10);
        view.width.set(40);
        view.max_scroll.set(90);
        let found = view.find(&text, "HIT");
        assert_eq!((found.index, found.count, view.scroll()), (1, 4, 0), "line 0 is in view");
        assert_eq!(view.step(&text, true).unwrap().describe(), "match 2 of 4 for /HIT");
        assert_eq!(view.scroll(), 30 - 3, "line 30, a third down the page");
        view.step(&text, false);
        assert_eq!(view.step(&text, false).unwrap().index, 4, "backwards from the first is the last");
        assert_eq!(view.step(&text, true).unwrap().index, 1, "forwards from the last is the first");
        assert_eq!(view.find(&text, "nowhere").describe(), "no match for /nowhere");
        assert_eq!(view.step(&text, true).unwrap().count, 0);
        assert!(view.clear_search());
        assert_eq!(view.step(&text, true), None);
    }

    #[test]
    fn matches_are_highlighted_and_the_current_one_apart() {
        let theme = Theme::colored();
        let search = Search { query: "ab".into(), current: 1 };
        let text = highlighted("xab ab\nAB", &search, theme);
        let styles: Vec<(String, Style)> =
            text.lines.iter().flat_map(|line| &line.spans).map(|span| (span.content.to_string(), span.style)).collect();
        assert!(styles.contains(&("ab".into(), theme.found())));
        assert_eq!(styles.iter().filter(|(_, style)| *style == theme.current_match()).count(), 1);
        assert_eq!(text.lines[1].spans[1].style, theme.found(), "the third match, on the second line");
        assert_eq!(text.lines.iter().map(ToString::to_string).collect::<Vec<_>>(), ["xab ab", "AB"]);
    }
}
