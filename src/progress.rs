//! Progress on the terminal: a bar per chunked upload and a spinner while X processes a
//! video. Nothing at all when stderr is not a terminal or with `--quiet`, so logs and pipes
//! stay clean.

use std::time::Duration;

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Where progress is drawn, if anywhere.
#[derive(Clone, Default)]
pub struct Progress {
    multi: Option<MultiProgress>,
}

/// One bar or spinner; does nothing when progress is off.
pub struct Bar(Option<ProgressBar>);

impl Progress {
    /// Progress on stderr when `enabled`, else none.
    pub fn new(enabled: bool) -> Self {
        Progress {
            multi: enabled.then(|| MultiProgress::with_draw_target(ProgressDrawTarget::stderr())),
        }
    }

    /// No progress at all.
    pub fn off() -> Self {
        Progress::default()
    }

    /// A byte-counting bar for uploading `name`.
    pub fn bar(&self, name: &str, total: u64) -> Bar {
        Bar(self.multi.as_ref().map(|multi| {
            let bar = multi.add(ProgressBar::new(total));
            bar.set_style(
                ProgressStyle::with_template(
                    "{prefix} [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec} {eta}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
            );
            bar.set_prefix(name.to_owned());
            bar
        }))
    }

    /// A spinner with a message, e.g. while X processes a video.
    pub fn spinner(&self, message: String) -> Bar {
        Bar(self.multi.as_ref().map(|multi| {
            let spinner = multi.add(ProgressBar::new_spinner());
            spinner.set_message(message);
            spinner.enable_steady_tick(Duration::from_millis(120));
            spinner
        }))
    }
}

impl Bar {
    /// Counts `n` more bytes done.
    pub fn inc(&self, n: u64) {
        if let Some(bar) = &self.0 {
            bar.inc(n);
        }
    }

    /// Changes the message.
    pub fn message(&self, message: String) {
        if let Some(bar) = &self.0 {
            bar.set_message(message);
        }
    }

    /// Removes it from the terminal.
    pub fn done(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}

impl Drop for Bar {
    fn drop(&mut self) {
        self.done();
    }
}
