//! Terminal set-up and restore. The restore runs on quit, on signals (via
//! the loop), on panic (via a hook) and before suspending.

use crate::app::App;
use crossterm::cursor::{Hide, Show};
use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use crossterm::execute;
use crossterm::terminal::{self, EnterAlternateScreen, LeaveAlternateScreen};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use std::fs::File;
use std::io::{self, IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};

/// Where the screen goes: standard output, or the terminal itself when
/// standard output is redirected.
pub enum Out {
    Stdout(io::Stdout),
    Tty(File),
}

impl Write for Out {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Out::Stdout(s) => s.write(buf),
            Out::Tty(f) => f.write(buf),
        }
    }
    fn flush(&mut self) -> io::Result<()> {
        match self {
            Out::Stdout(s) => s.flush(),
            Out::Tty(f) => f.flush(),
        }
    }
}

fn out() -> io::Result<Out> {
    if io::stdout().is_terminal() {
        Ok(Out::Stdout(io::stdout()))
    } else {
        File::options().write(true).open("/dev/tty").map(Out::Tty)
    }
}

/// Whether the terminal is in annotty's mode (so restores happen once).
static ACTIVE: AtomicBool = AtomicBool::new(false);
/// Whether mouse capture was turned on.
static MOUSE: AtomicBool = AtomicBool::new(false);

/// Put the terminal back as it was. Safe to call any number of times.
pub fn restore() {
    if ACTIVE.swap(false, Ordering::SeqCst) {
        let _ = terminal::disable_raw_mode();
        if let Ok(mut o) = out() {
            if MOUSE.load(Ordering::SeqCst) {
                let _ = execute!(o, DisableMouseCapture);
            }
            let _ = execute!(o, DisableBracketedPaste, LeaveAlternateScreen, Show);
        }
    }
}

fn setup(mouse: bool) -> io::Result<()> {
    terminal::enable_raw_mode()?;
    ACTIVE.store(true, Ordering::SeqCst);
    MOUSE.store(mouse, Ordering::SeqCst);
    let mut o = out()?;
    execute!(o, EnterAlternateScreen, Hide, EnableBracketedPaste)?;
    if mouse {
        execute!(o, EnableMouseCapture)?;
    }
    Ok(())
}

/// The terminal while annotty owns it.
pub struct Term {
    terminal: Terminal<CrosstermBackend<Out>>,
    mouse: bool,
}

impl Term {
    /// Take over the terminal: raw mode, alternate screen, hidden cursor,
    /// mouse capture if wanted; and make a panic restore it first.
    pub fn enter(mouse: bool) -> Result<Term, String> {
        let fail = |e: io::Error| format!("cannot use the terminal: {e}");
        let o = out().map_err(fail)?;
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            previous(info);
        }));
        if let Err(e) = setup(mouse) {
            restore();
            return Err(fail(e));
        }
        let terminal = Terminal::new(CrosstermBackend::new(o)).map_err(|e| {
            restore();
            fail(e)
        })?;
        Ok(Term { terminal, mouse })
    }

    /// Terminal size in cells.
    pub fn size(&self) -> (u16, u16) {
        self.terminal
            .size()
            .map_or((80, 24), |s| (s.width, s.height))
    }

    /// Draw a frame of `app`.
    pub fn draw(&mut self, app: &App) -> Result<(), String> {
        self.terminal
            .draw(|f| {
                f.render_widget(app, f.area());
                if let Some(p) = &app.prompt
                    && !app.too_small()
                {
                    let x = unicode_width::UnicodeWidthStr::width(
                        crate::sanitize::line(&p.text).as_str(),
                    ) as u16
                        + 1;
                    let area = f.area();
                    f.set_cursor_position((
                        x.min(area.width.saturating_sub(1)),
                        area.height.saturating_sub(1),
                    ));
                }
            })
            .map(|_| ())
            .map_err(|e| format!("drawing: {e}"))
    }

    /// Give the terminal back, stop until `fg`, then take it again and
    /// redraw everything.
    pub fn suspend(&mut self) -> Result<(), String> {
        restore();
        let _ = signal_hook::low_level::raise(signal_hook::consts::SIGTSTP);
        setup(self.mouse).map_err(|e| format!("cannot use the terminal: {e}"))?;
        self.terminal.clear().map_err(|e| format!("drawing: {e}"))
    }

    /// Give the terminal back for good.
    pub fn leave(self) {
        restore();
    }
}
