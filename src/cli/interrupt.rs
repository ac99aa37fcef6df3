//! Ctrl-C (SIGINT) and SIGTERM during `goldeval run`.
//!
//! The first signal sets the run's stop flag: no new request starts, every wait (retry,
//! `Retry-After`, rate budget) ends at once, the requests in flight finish and are journaled,
//! and the run exits 130 with the resume command. A second signal exits 130 at once, after
//! killing the process group of every command-backend request still running, and says so.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use crate::error::exit;

/// The installed handler: its stop flag and the run directory for messages.
struct Handler {
    stop: Arc<AtomicBool>,
    dir: Arc<Mutex<Option<PathBuf>>>,
}

/// Installed once per process (signal handlers are process-wide).
static HANDLER: OnceLock<Option<Handler>> = OnceLock::new();

/// The stop flag the first Ctrl-C or SIGTERM sets, installing the handler on first use;
/// `None` when it cannot be installed (the run then dies on Ctrl-C, as any program, and stays
/// resumable).
pub(super) fn stop_flag() -> Option<Arc<AtomicBool>> {
    HANDLER
        .get_or_init(install)
        .as_ref()
        .map(|h| Arc::clone(&h.stop))
}

/// Names the run directory in the message of a second Ctrl-C.
pub(super) fn running_in(dir: &Path) {
    if let Some(handler) = HANDLER.get().and_then(Option::as_ref) {
        *handler.dir.lock().unwrap_or_else(PoisonError::into_inner) = Some(dir.to_path_buf());
    }
}

fn install() -> Option<Handler> {
    use signal_hook::consts::{SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM]).ok()?;
    let stop = Arc::new(AtomicBool::new(false));
    let dir: Arc<Mutex<Option<PathBuf>>> = Arc::default();
    let handler = Handler {
        stop: Arc::clone(&stop),
        dir: Arc::clone(&dir),
    };
    std::thread::Builder::new()
        .name("goldeval-signals".into())
        .spawn(move || {
            for signal in signals.forever() {
                let name = if signal == SIGTERM {
                    "SIGTERM"
                } else {
                    "Ctrl-C"
                };
                if !stop.swap(true, Ordering::SeqCst) {
                    let clear = if std::io::IsTerminal::is_terminal(&std::io::stderr()) {
                        super::CLEAR_LINE
                    } else {
                        ""
                    };
                    super::err_raw(&format!(
                        "{clear}{name}: stopping; no new request starts and waits end now; \
                         the requests in flight finish and are saved (press Ctrl-C again to \
                         quit at once)\n"
                    ));
                    continue;
                }
                let killed = crate::backend::command::kill_all();
                let dir = dir.lock().unwrap_or_else(PoisonError::into_inner).clone();
                super::err_raw(&quit_message(name, killed, dir.as_deref()));
                std::process::exit(i32::from(exit::INTERRUPTED));
            }
        })
        .ok()?;
    Some(handler)
}

/// What a second signal prints before goldeval exits.
fn quit_message(name: &str, killed: usize, dir: Option<&Path>) -> String {
    let groups = match killed {
        0 => "no backend processes were running".to_string(),
        1 => "killed 1 command-backend process group".to_string(),
        n => format!("killed {n} command-backend process groups"),
    };
    let resume = match dir {
        Some(dir) => format!(
            "\n  hint: finish the run with: goldeval run --resume {}",
            dir.display()
        ),
        None => String::new(),
    };
    format!(
        "error: {name} again: quitting at once; {groups}; the requests in flight are not \
         saved{resume}\n"
    )
}

#[cfg(test)]
mod tests {
    use super::quit_message;
    use std::path::Path;

    #[test]
    fn the_quit_message_says_what_was_killed_and_how_to_go_on() {
        assert_eq!(
            quit_message("Ctrl-C", 2, Some(Path::new("runs/x"))),
            "error: Ctrl-C again: quitting at once; killed 2 command-backend process groups; \
             the requests in flight are not saved\n  hint: finish the run with: goldeval run \
             --resume runs/x\n"
        );
        assert!(quit_message("SIGTERM", 0, None).contains("no backend processes were running"));
    }
}
