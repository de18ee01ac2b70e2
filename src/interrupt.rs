//! Ctrl-C and SIGTERM (Ctrl-C and Ctrl-Break on Windows) held off while a step that must not
//! be cut runs.
//!
//! X's refresh tokens are single-use: from the moment a refresh is sent, the stored pair is
//! spent, and the new one exists only in xpost's memory until it is saved. A signal that ended
//! xpost in between lost the login, and left the live pair in a half-written temporary file.
//! [`defer`] holds Ctrl-C and SIGTERM off for as long as its guard lives; a signal that came
//! meanwhile ends xpost the moment the last guard is dropped, as it would have at once.
//!
//! Once a step has deferred them, xpost watches for those signals for the rest of the run; a
//! signal outside a deferred step ends it at once, by the same signal (as if never watched). On
//! Windows, where a console's Ctrl-C or Ctrl-Break ends a program with `STATUS_CONTROL_C_EXIT`,
//! xpost ends with that code too.

use std::sync::Once;
use std::sync::atomic::{AtomicI32, AtomicUsize, Ordering};

/// How many deferring guards live now.
static DEFERRING: AtomicUsize = AtomicUsize::new(0);
/// The signal that came while deferring (0: none).
static PENDING: AtomicI32 = AtomicI32::new(0);
static WATCHING: Once = Once::new();

/// Ctrl-C's signal number (SIGINT).
const INTERRUPT: i32 = 2;
/// SIGTERM's number.
#[cfg(unix)]
const TERMINATE: i32 = 15;
/// Ctrl-Break's number (SIGBREAK, in Windows' C runtime).
#[cfg(windows)]
const BREAK: i32 = 21;

/// The exit code of a program ended by Windows' default handler of Ctrl-C and Ctrl-Break.
const STATUS_CONTROL_C_EXIT: u32 = 0xC000_013A;

/// Holds Ctrl-C and SIGTERM off until it is dropped.
#[must_use = "the signals are held off only while the guard lives"]
pub struct Deferred(());

/// Holds Ctrl-C and SIGTERM off until the guard is dropped. Call it within the async runtime,
/// before the step starts: the signals are watched from the moment it returns.
pub fn defer() -> Deferred {
    WATCHING.call_once(watch);
    DEFERRING.fetch_add(1, Ordering::SeqCst);
    Deferred(())
}

impl Drop for Deferred {
    fn drop(&mut self) {
        if DEFERRING.fetch_sub(1, Ordering::SeqCst) == 1 {
            let signal = PENDING.swap(0, Ordering::SeqCst);
            if signal != 0 {
                end_by(signal);
            }
        }
    }
}

/// Ends xpost for `signal` now, or once the deferred step is done.
fn arrived(signal: i32) {
    if DEFERRING.load(Ordering::SeqCst) > 0 {
        PENDING.store(signal, Ordering::SeqCst);
        crate::output::warn("stopping once the login is saved (a moment)");
        // The guard may have been dropped between the check and the store.
        if DEFERRING.load(Ordering::SeqCst) == 0 && PENDING.swap(0, Ordering::SeqCst) != 0 {
            end_by(signal);
        }
    } else {
        end_by(signal);
    }
}

/// Starts watching Ctrl-C and SIGTERM. The handlers are installed before this returns.
#[cfg(unix)]
fn watch() {
    use tokio::signal::unix::{SignalKind, signal};
    let (Ok(mut interrupt), Ok(mut terminate)) = (
        signal(SignalKind::interrupt()),
        signal(SignalKind::terminate()),
    ) else {
        // Without the handlers the signals keep their default: nothing is deferred.
        return;
    };
    tokio::spawn(async move {
        loop {
            tokio::select! {
                Some(()) = interrupt.recv() => arrived(INTERRUPT),
                Some(()) = terminate.recv() => arrived(TERMINATE),
                else => return,
            }
        }
    });
}

/// Starts watching Ctrl-C and Ctrl-Break. The handlers are installed before this returns.
#[cfg(windows)]
fn watch() {
    use tokio::signal::windows::{ctrl_break, ctrl_c};
    let (Ok(mut interrupt), Ok(mut pause)) = (ctrl_c(), ctrl_break()) else {
        return;
    };
    tokio::spawn(async move {
        loop {
            tokio::select! {
                Some(()) = interrupt.recv() => arrived(INTERRUPT),
                Some(()) = pause.recv() => arrived(BREAK),
                else => return,
            }
        }
    });
}

#[cfg(not(any(unix, windows)))]
fn watch() {
    tokio::spawn(async {
        while tokio::signal::ctrl_c().await.is_ok() {
            arrived(INTERRUPT);
        }
    });
}

/// The exit code of a program that `signal` ended, where it cannot be raised again: what
/// Windows' default handler gives a console's Ctrl-C and Ctrl-Break, else a shell's 128 + its
/// number.
fn exit_code(signal: i32, windows: bool) -> i32 {
    if windows {
        STATUS_CONTROL_C_EXIT as i32
    } else {
        128 + signal
    }
}

/// Ends the process by `signal`, as if it had never been caught: its default action is put
/// back and it is raised again, so that a shell sees xpost killed by it.
fn end_by(signal: i32) -> ! {
    #[cfg(unix)]
    // SAFETY: restoring a signal's default disposition and raising it touch no memory of ours.
    unsafe {
        libc::signal(signal, libc::SIG_DFL);
        libc::raise(signal);
    }
    std::process::exit(exit_code(signal, cfg!(windows)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn guards_nest_and_a_signal_waits_for_the_last() {
        let outer = defer();
        let inner = defer();
        assert_eq!(DEFERRING.load(Ordering::SeqCst), 2);
        drop(inner);
        assert_eq!(DEFERRING.load(Ordering::SeqCst), 1);
        drop(outer);
        assert_eq!(DEFERRING.load(Ordering::SeqCst), 0);
        assert_eq!(PENDING.load(Ordering::SeqCst), 0);
    }

    #[test]
    fn a_signal_that_cannot_be_raised_again_ends_with_the_platforms_code() {
        assert_eq!(exit_code(INTERRUPT, false), 130);
        assert_eq!(exit_code(15, false), 143);
        // STATUS_CONTROL_C_EXIT, as cmd.exe and PowerShell see it: -1073741510.
        assert_eq!(exit_code(INTERRUPT, true), -1_073_741_510);
        assert_eq!(exit_code(21, true), -1_073_741_510);
    }

    /// Under Wine in CI: both console handlers that `watch` needs install (a console event
    /// cannot be sent to the test process without ending the other tests).
    #[cfg(windows)]
    #[tokio::test]
    async fn ctrl_c_and_ctrl_break_handlers_install_on_windows() {
        assert!(tokio::signal::windows::ctrl_c().is_ok());
        assert!(tokio::signal::windows::ctrl_break().is_ok());
    }
}
