//! `otpkit watch [QUERY]`: a live terminal view of the codes (ratatui + crossterm). Each row
//! shows the account, its code, a countdown bar and the seconds left; typing filters (core's
//! query rules, as `codes QUERY`), Up/Down select, Enter copies the selected code, Esc clears the
//! filter, q (with an empty filter), Esc (with an empty filter) or Ctrl-C quits. The vault is read
//! once, before the screen is taken; codes are remade from the injected clock on every tick.

use crate::clipboard::ClearArgs;
use crate::listing::{rows, Row};
use crate::store::Store;
use crate::CliError;
use clap::Args;
use otpkit::storage::{filter_accounts, Account, AccountsView};
use ratatui::crossterm::event::{self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::layout::{Constraint, Layout};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Cell, Paragraph, Row as TableRow, Table, TableState};
use ratatui::Frame;
use std::io::IsTerminal;
use std::time::Duration;

#[derive(Args)]
pub struct WatchArgs {
    /// Start with only the accounts matching QUERY (as `codes QUERY`).
    query: Option<String>,
    #[command(flatten)]
    clear: ClearArgs,
}

/// Width of the countdown bar, in cells.
const BAR: u64 = 10;
/// Longest filter a person can type.
const MAX_FILTER: usize = 256;

/// What a key asks for.
#[derive(Debug, PartialEq, Eq)]
enum Action {
    None,
    Copy,
    Quit,
}

/// The view's state apart from the accounts: what was typed, which row is selected, the last
/// message.
#[derive(Default)]
struct State {
    filter: String,
    selected: usize,
    status: Option<String>,
}

impl State {
    fn key(&mut self, key: KeyEvent) -> Action {
        // Alt+key is not typed text (and is how a terminal reports Esc followed quickly by a key).
        let ctrl = key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
        match key.code {
            KeyCode::Char('c') if ctrl => Action::Quit,
            KeyCode::Char('q') if self.filter.is_empty() && !ctrl => Action::Quit,
            KeyCode::Esc if self.filter.is_empty() => Action::Quit,
            KeyCode::Esc => {
                self.filter.clear();
                self.selected = 0;
                Action::None
            }
            KeyCode::Enter => Action::Copy,
            KeyCode::Up => {
                self.selected = self.selected.saturating_sub(1);
                Action::None
            }
            KeyCode::Down => {
                self.selected = self.selected.saturating_add(1);
                Action::None
            }
            KeyCode::Backspace => {
                self.filter.pop();
                self.selected = 0;
                Action::None
            }
            KeyCode::Char(c) if !ctrl && !c.is_control() && self.filter.len() < MAX_FILTER => {
                self.filter.push(c);
                self.selected = 0;
                Action::None
            }
            _ => Action::None,
        }
    }

    /// Keeps the selection on an existing row.
    fn clamp(&mut self, len: usize) {
        self.selected = self.selected.min(len.saturating_sub(1));
    }
}

/// `remaining` of `period` as a bar of [`BAR`] cells.
fn bar(remaining: u64, period: u64) -> String {
    let filled = (remaining * BAR).div_ceil(period.max(1)).min(BAR);
    "█".repeat(filled as usize) + &"░".repeat((BAR - filled) as usize)
}

fn render(frame: &mut Frame, state: &mut State, rows: &[Row], total: usize) {
    let [head, body, foot] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(frame.area());
    frame.render_widget(
        Paragraph::new(Line::from(format!(
            "filter: {}_   type to filter · ↑↓ select · Enter copy · Esc clear · q quit",
            crate::listing::printable(&state.filter)
        ))),
        head,
    );
    let table_rows: Vec<TableRow> = rows
        .iter()
        .map(|r| match (&r.code, r.remaining, r.period) {
            (Some(code), Some(left), Some(period)) => TableRow::new(vec![
                Cell::from(r.name.clone()),
                Cell::from(code.clone()),
                Cell::from(bar(left, period)),
                Cell::from(format!("{left:>3}s")),
            ]),
            _ => TableRow::new(vec![
                Cell::from(r.name.clone()),
                Cell::from("hotp"),
                Cell::from("otpkit show"),
                Cell::from(""),
            ]),
        })
        .collect();
    let name_w = rows
        .iter()
        .map(|r| r.name.chars().count())
        .max()
        .unwrap_or(4);
    let table = Table::new(
        table_rows,
        [
            Constraint::Length(name_w.clamp(4, 48) as u16),
            Constraint::Length(10),
            Constraint::Length(BAR as u16 + 1),
            Constraint::Length(4),
        ],
    )
    .row_highlight_style(Style::default().add_modifier(Modifier::REVERSED));
    state.clamp(rows.len());
    let mut table_state =
        TableState::default().with_selected((!rows.is_empty()).then_some(state.selected));
    frame.render_stateful_widget(table, body, &mut table_state);
    let status = match (&state.status, rows.is_empty()) {
        (Some(s), _) => s.clone(),
        (None, true) if total > 0 => format!(
            "no account matches {:?}",
            crate::listing::printable(&state.filter)
        ),
        (None, true) => "no accounts".to_owned(),
        (None, false) => format!("{} of {total} accounts", rows.len()),
    };
    frame.render_widget(Paragraph::new(Line::from(status)), foot);
}

fn io_failed(e: std::io::Error) -> CliError {
    CliError::failure(format!("terminal: {e}"))
}

fn current_rows(
    backend: &dyn AccountsView,
    base: &[Account],
    state: &State,
    now: u64,
) -> Result<Vec<Row>, CliError> {
    let shown: Vec<Account> = filter_accounts(base, Some(&state.filter))
        .into_iter()
        .cloned()
        .collect();
    rows(backend, &shown, now)
}

pub fn run(store: &Store, args: WatchArgs) -> Result<(), CliError> {
    if !std::io::stdout().is_terminal() {
        return Err(CliError::input(
            "watch needs a terminal; use `otpkit codes` (or --json) in scripts",
        ));
    }
    let backend = store.open_read()?;
    let base = backend.search(args.query.as_deref())?;
    let mut terminal = ratatui::try_init().map_err(io_failed)?;
    let result = (|| -> Result<(), CliError> {
        let mut state = State::default();
        loop {
            let shown = current_rows(&*backend, &base, &state, store.clock.now_unix())?;
            terminal
                .draw(|f| render(f, &mut state, &shown, base.len()))
                .map_err(io_failed)?;
            if !event::poll(Duration::from_millis(250)).map_err(io_failed)? {
                continue;
            }
            let Event::Key(key) = event::read().map_err(io_failed)? else {
                continue;
            };
            if key.kind != KeyEventKind::Press {
                continue;
            }
            state.status = None;
            match state.key(key) {
                Action::Quit => return Ok(()),
                Action::None => {}
                Action::Copy => {
                    state.clamp(shown.len());
                    state.status = Some(match shown.get(state.selected) {
                        None => "nothing to copy".to_owned(),
                        Some(Row { code: None, .. }) => {
                            "HOTP codes use up a counter: take them with `otpkit show`".to_owned()
                        }
                        Some(
                            r @ Row {
                                code: Some(code), ..
                            },
                        ) => match crate::clipboard::copy(code, &args.clear) {
                            Ok(()) => format!(
                                "copied {} (cleared in {}s)",
                                r.name, args.clear.clear_after
                            ),
                            Err(CliError::Input(m) | CliError::Failure(m)) => m,
                        },
                    });
                }
            }
        }
    })();
    ratatui::try_restore().map_err(io_failed)?;
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(state: &mut State, code: KeyCode) -> Action {
        state.key(KeyEvent::new(code, KeyModifiers::NONE))
    }

    #[test]
    fn typing_filters_and_q_quits_only_with_an_empty_filter() {
        let mut s = State::default();
        assert_eq!(press(&mut s, KeyCode::Char('g')), Action::None);
        assert_eq!(press(&mut s, KeyCode::Char('q')), Action::None);
        assert_eq!(s.filter, "gq");
        assert_eq!(press(&mut s, KeyCode::Backspace), Action::None);
        assert_eq!(s.filter, "g");
        assert_eq!(press(&mut s, KeyCode::Esc), Action::None);
        assert_eq!(s.filter, "");
        assert_eq!(press(&mut s, KeyCode::Char('q')), Action::Quit);
        assert_eq!(press(&mut s, KeyCode::Esc), Action::Quit);
        s.filter.push('x');
        assert_eq!(
            s.key(KeyEvent::new(KeyCode::Char('q'), KeyModifiers::ALT)),
            Action::None
        );
        assert_eq!(s.filter, "x");
        assert_eq!(
            s.key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)),
            Action::Quit
        );
    }

    #[test]
    fn selection_stays_on_a_row_and_resets_when_the_filter_changes() {
        let mut s = State::default();
        press(&mut s, KeyCode::Up);
        assert_eq!(s.selected, 0);
        for _ in 0..5 {
            press(&mut s, KeyCode::Down);
        }
        s.clamp(3);
        assert_eq!(s.selected, 2);
        press(&mut s, KeyCode::Char('a'));
        assert_eq!(s.selected, 0);
        assert_eq!(press(&mut s, KeyCode::Enter), Action::Copy);
        s.clamp(0);
        assert_eq!(s.selected, 0);
    }

    #[test]
    fn the_filter_is_bounded() {
        let mut s = State::default();
        for _ in 0..MAX_FILTER + 10 {
            press(&mut s, KeyCode::Char('a'));
        }
        assert_eq!(s.filter.len(), MAX_FILTER);
    }

    #[test]
    fn countdown_bar() {
        assert_eq!(bar(30, 30), "█".repeat(10));
        assert_eq!(bar(15, 30), "█".repeat(5) + &"░".repeat(5));
        assert_eq!(bar(1, 30), "█".to_owned() + &"░".repeat(9));
        assert_eq!(bar(0, 30), "░".repeat(10));
        assert_eq!(bar(5, 0), "█".repeat(10));
    }
}
