//! Terminal set-up and restore. The restore runs on quit, on signals (via
//! the loop), on panic (via a hook) and before suspending.

use super::ansi::Ansi;
use crate::app::App;
use crate::ui::Theme;
use crossterm::cursor::{Hide, Show};
use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use crossterm::execute;
use crossterm::terminal::{self, EnterAlternateScreen, LeaveAlternateScreen};
use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::layout::Size;
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

/// The terminal's size in cells, asked of the kernel (80×24 if it will
/// not say).
fn asked_size() -> Size {
    terminal::size().map_or(Size::new(80, 24), |(w, h)| Size::new(w, h))
}

fn out() -> io::Result<Out> {
    if io::stdout().is_terminal() {
        Ok(Out::Stdout(io::stdout()))
    } else {
        File::options().write(true).open("/dev/tty").map(Out::Tty)
    }
}

/// Standard base64 (RFC 4648, with padding).
fn base64(data: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ABC[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
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

/// Paint a frame of `app` in `theme`, cell by cell as the terminal will
/// show it.
pub(super) fn paint(app: &App, theme: Theme, f: &mut ratatui::Frame) {
    crate::ui::draw(app, theme, f.area(), f.buffer_mut());
    super::clusters::split(f.buffer_mut());
    if let Some(at) = crate::ui::cursor(app, f.area()) {
        f.set_cursor_position(at);
    }
}

/// The terminal while annotty owns it.
pub struct Term {
    terminal: Terminal<Ansi<Out>>,
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
        let terminal = Terminal::new(Ansi::new(o, asked_size())).map_err(|e| {
            restore();
            fail(e)
        })?;
        Ok(Term { terminal, mouse })
    }

    /// Terminal size in cells.
    pub fn size(&self) -> (u16, u16) {
        let s = self.terminal.backend().size().unwrap_or(Size::new(80, 24));
        (s.width, s.height)
    }

    /// The terminal was resized to `width`×`height` cells.
    pub fn resized(&mut self, width: u16, height: u16) {
        self.terminal
            .backend_mut()
            .set_size(Size::new(width, height));
    }

    /// Ask the terminal its size again (after another program had it).
    fn refresh_size(&mut self) {
        let size = asked_size();
        self.terminal.backend_mut().set_size(size);
    }

    /// Draw a frame of `app` in `theme`.
    pub fn draw(&mut self, app: &App, theme: Theme) -> Result<(), String> {
        self.terminal
            .draw(|f| paint(app, theme, f))
            .map(|_| ())
            .map_err(|e| format!("drawing: {e}"))
    }

    /// Give the terminal back, stop until `fg`, then take it again and
    /// redraw everything.
    pub fn suspend(&mut self) -> Result<(), String> {
        restore();
        let _ = signal_hook::low_level::raise(signal_hook::consts::SIGTSTP);
        setup(self.mouse).map_err(|e| format!("cannot use the terminal: {e}"))?;
        self.refresh_size();
        self.terminal.clear().map_err(|e| format!("drawing: {e}"))
    }

    /// Put `text` on the terminal's clipboard with OSC 52 (the only place
    /// annotty ever sends one, and only when the reader asks with `y`).
    pub fn copy(&mut self, text: &str) {
        let seq = format!("\x1b]52;c;{}\x07", base64(text.as_bytes()));
        let backend = self.terminal.backend_mut();
        backend.queue_raw(seq.as_bytes());
        let _ = backend.flush();
    }

    /// Hand the terminal to `$VISUAL` / `$EDITOR` (else `vi`) on a file
    /// holding the note `text` under its highlighted text `quote` (see
    /// [`crate::note_file`]); the edited note, or None when the editor
    /// failed.
    pub fn edit_externally(&mut self, quote: &str, text: &str) -> Result<Option<String>, String> {
        let dir = std::env::temp_dir();
        let path = dir.join(format!("annotty-note-{}.md", std::process::id()));
        std::fs::write(&path, crate::note_file::render(quote, text))
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        let editor = std::env::var("VISUAL")
            .ok()
            .filter(|v| !v.is_empty())
            .or_else(|| std::env::var("EDITOR").ok().filter(|v| !v.is_empty()))
            .unwrap_or_else(|| "vi".to_string());
        restore();
        let status = std::process::Command::new("sh")
            .arg("-c")
            .arg(format!("{editor} \"$1\""))
            .arg("sh")
            .arg(&path)
            .status();
        setup(self.mouse).map_err(|e| format!("cannot use the terminal: {e}"))?;
        self.refresh_size();
        self.terminal.clear().map_err(|e| format!("drawing: {e}"))?;
        let result = match status {
            Ok(s) if s.success() => std::fs::read_to_string(&path)
                .map(|text| Some(crate::note_file::parse(&text)))
                .map_err(|e| format!("cannot read {}: {e}", path.display())),
            Ok(s) => Err(format!("{editor} exited with {s}; the note is unchanged")),
            Err(e) => Err(format!("cannot run {editor}: {e}")),
        };
        let _ = std::fs::remove_file(&path);
        result
    }

    /// Give the terminal back for good.
    pub fn leave(self) {
        restore();
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn base64_matches_rfc_4648() {
        assert_eq!(super::base64(b""), "");
        assert_eq!(super::base64(b"f"), "Zg==");
        assert_eq!(super::base64(b"fo"), "Zm8=");
        assert_eq!(super::base64(b"foobar"), "Zm9vYmFy");
        assert_eq!(super::base64("é".as_bytes()), "w6k=");
    }
}
