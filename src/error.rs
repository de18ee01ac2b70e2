//! What can go wrong, and the exit code each failure ends the process with.
//!
//! Every failure in xpost becomes one [`Error`]: its [`Cause`] (what went wrong), a message
//! that says what happened, and an optional hint that says what to do. The code the process
//! exits with is chosen once, from the cause, by [`Cause::exit`]. The table of exit codes lives
//! here and only here; `--help` and `docs/exit-codes.md` print it from [`Exit::ALL`].

use std::fmt;

/// The process exit codes, sysexits-style where one fits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Exit {
    /// The post was made (or the command did what it was asked).
    Ok,
    /// X received the post and refused it: duplicate text, too long by X's count, forbidden.
    Refused,
    /// The post went out but its outcome is unknown (timeout, dropped connection, cut-off
    /// answer): it may exist. Never retried, since a post made twice is a real loss.
    MaybePosted,
    /// The command line was wrong.
    Usage,
    /// The text or a media file is not acceptable (type, size, encoding), or the post is one
    /// the app's plan cannot make (`--plan`).
    BadInput,
    /// A file named on the command line is missing or unreadable.
    NoInput,
    /// X could not be reached, or answered with a server error.
    Unavailable,
    /// A bug in xpost, or an answer from X it cannot understand.
    Internal,
    /// The post was made, but its result could not be written to stdout (a full disk, a
    /// closed pipe): its URL was told on stderr instead.
    Unwritten,
    /// X serves the app no more until it is paid for: its project's credits are spent, its
    /// spending limit or a usage cap is reached (402, 429 `usage-capped`). Never retried.
    Billing,
    /// Rate limited or otherwise temporary: try again later.
    TryLater,
    /// Consent was declined, timed out or is needed again; or X refused the credentials; or the
    /// keyring that keeps the login's tokens does not answer (a person has to unlock it).
    Auth,
    /// Configuration is missing or malformed, or the callback port is unusable.
    Config,
}

impl Exit {
    /// Every exit code, in the order the documentation lists them.
    pub const ALL: [Exit; 13] = [
        Exit::Ok,
        Exit::Refused,
        Exit::Usage,
        Exit::MaybePosted,
        Exit::Billing,
        Exit::BadInput,
        Exit::NoInput,
        Exit::Unavailable,
        Exit::Internal,
        Exit::Unwritten,
        Exit::TryLater,
        Exit::Auth,
        Exit::Config,
    ];

    /// The number the process exits with.
    pub fn code(self) -> u8 {
        match self {
            Exit::Ok => 0,
            Exit::Refused => 1,
            Exit::Usage => 2,
            Exit::MaybePosted => 3,
            Exit::Billing => 4,
            Exit::BadInput => 65,
            Exit::NoInput => 66,
            Exit::Unavailable => 69,
            Exit::Internal => 70,
            Exit::Unwritten => 74,
            Exit::TryLater => 75,
            Exit::Auth => 77,
            Exit::Config => 78,
        }
    }

    /// One line saying when this code is used.
    pub fn meaning(self) -> &'static str {
        match self {
            Exit::Ok => "posted (or the command succeeded)",
            Exit::Refused => "X refused the post (duplicate, too long, not allowed)",
            Exit::Usage => "wrong command-line usage",
            Exit::MaybePosted => {
                "the post's outcome is unknown: it may exist; check before posting again"
            }
            Exit::Billing => {
                "X serves the app no more until it is paid for: out of credits, spending limit or usage cap reached"
            }
            Exit::BadInput => {
                "bad text or media (type, size, encoding), or a post the app's plan cannot make"
            }
            Exit::NoInput => "a file given on the command line is missing or unreadable",
            Exit::Unavailable => "X unreachable, or X had a server error",
            Exit::Internal => "internal error, or an answer from X xpost cannot read",
            Exit::Unwritten => {
                "done (posted, edited, deleted), but stdout could not take the result: it is on stderr"
            }
            Exit::TryLater => "rate limited or temporary failure: try again later",
            Exit::Auth => {
                "consent declined or timed out, or login needed (or the keyring keeping it does not answer)"
            }
            Exit::Config => "configuration missing or malformed, or callback port in use",
        }
    }

    /// The exit-code table as plain text, for `--help`.
    pub fn table() -> String {
        let mut out = String::from("Exit codes:\n");
        for exit in Exit::ALL {
            out.push_str(&format!("  {:>3}  {}\n", exit.code(), exit.meaning()));
        }
        out
    }
}

/// What went wrong: the kind of a failure, which the program may act on (renew a refused
/// token, take a post that is gone for deleted) and which alone picks the exit code
/// ([`Cause::exit`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cause {
    /// X refused the request (duplicate text, too long by X's count, forbidden), or would, as
    /// read before sending it (a post that cannot be edited).
    Refused,
    /// X refused the request naming the parameters it would not take (a 400's
    /// `errors[].parameters`): the request may go again with others.
    RefusedParameters(Vec<String>),
    /// X said the thing asked about does not exist (a 404 `resource-not-found`): to a
    /// deletion, the post is already gone.
    Gone,
    /// A post or an edit went out, and nobody knows whether X made it.
    MaybePosted,
    /// The arguments do not make a command xpost can run.
    Usage,
    /// The text or a media file will not do, by xpost's checks or by X's.
    BadInput,
    /// A file the command line names cannot be read.
    NoInput,
    /// X is out of reach, or failed on its side.
    Unavailable,
    /// xpost itself failed, or cannot read what X answered.
    Internal,
    /// Done, but stdout would not take the result.
    Unwritten,
    /// X wants to be paid before it serves the app again.
    Billing,
    /// A limit that lifts by itself: wait, then go again.
    TryLater,
    /// A login is needed or was refused: consent declined or timed out, X refused a grant or
    /// a scope, or the keyring that keeps the tokens does not answer.
    Auth,
    /// X refused the OAuth 2.0 access token (a 401): X did nothing with the request, so it
    /// may go again with a renewed token.
    TokenRefused,
    /// Configuration is missing or malformed, X refused the app's keys or settings, or the
    /// callback port is unusable.
    Config,
}

impl Cause {
    /// The exit code a failure of this cause ends the process with: the one place that
    /// chooses it.
    pub fn exit(&self) -> Exit {
        match self {
            Cause::Refused | Cause::RefusedParameters(_) | Cause::Gone => Exit::Refused,
            Cause::MaybePosted => Exit::MaybePosted,
            Cause::Usage => Exit::Usage,
            Cause::BadInput => Exit::BadInput,
            Cause::NoInput => Exit::NoInput,
            Cause::Unavailable => Exit::Unavailable,
            Cause::Internal => Exit::Internal,
            Cause::Unwritten => Exit::Unwritten,
            Cause::Billing => Exit::Billing,
            Cause::TryLater => Exit::TryLater,
            Cause::Auth | Cause::TokenRefused => Exit::Auth,
            Cause::Config => Exit::Config,
        }
    }

    /// Whether X refused the request: the causes that end with [`Exit::Refused`] (named
    /// parameters, or a thing that is gone, included).
    pub fn is_refusal(&self) -> bool {
        matches!(
            self,
            Cause::Refused | Cause::RefusedParameters(_) | Cause::Gone
        )
    }

    /// Whether X refused the request for the parameter `name` ([`Cause::RefusedParameters`]).
    pub fn refuses_parameter(&self, name: &str) -> bool {
        matches!(self, Cause::RefusedParameters(names) if names.iter().any(|p| p == name))
    }
}

/// A failure, ready to be shown to the user.
#[derive(Debug)]
pub struct Error {
    cause: Cause,
    message: String,
    hint: Option<String>,
}

/// The result type used throughout xpost.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// A failure of `cause` with a message saying what happened.
    pub fn new(cause: Cause, message: impl Into<String>) -> Self {
        Error {
            cause,
            message: message.into(),
            hint: None,
        }
    }

    /// Adds what the user can do about it.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Prefixes the message with where it happened.
    pub fn context(mut self, context: impl fmt::Display) -> Self {
        self.message = format!("{context}: {}", self.message);
        self
    }

    /// What went wrong.
    pub fn cause(&self) -> &Cause {
        &self.cause
    }

    /// The exit code this failure ends the process with ([`Cause::exit`]).
    pub fn exit(&self) -> Exit {
        self.cause.exit()
    }

    /// What happened.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// What to do about it, if anything useful can be said.
    pub fn hint_text(&self) -> Option<&str> {
        self.hint.as_deref()
    }

    /// Shorthand for [`Cause::BadInput`].
    pub fn bad_input(message: impl Into<String>) -> Self {
        Error::new(Cause::BadInput, message)
    }

    /// Shorthand for [`Cause::Config`].
    pub fn config(message: impl Into<String>) -> Self {
        Error::new(Cause::Config, message)
    }

    /// Shorthand for [`Cause::Internal`].
    pub fn internal(message: impl Into<String>) -> Self {
        Error::new(Cause::Internal, message)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

/// An error and its sources on one line (`a: b: c`), skipping a source already said.
pub fn error_chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_are_distinct_and_fixed() {
        let codes: HashSet<u8> = Exit::ALL.iter().map(|e| e.code()).collect();
        assert_eq!(codes.len(), Exit::ALL.len());
        let expected = [0, 1, 2, 3, 4, 65, 66, 69, 70, 74, 75, 77, 78];
        let actual: Vec<u8> = Exit::ALL.iter().map(|e| e.code()).collect();
        assert_eq!(actual, expected);
    }

    #[test]
    fn help_table_lists_every_code() {
        let table = Exit::table();
        for exit in Exit::ALL {
            let line = format!("{:>3}  {}", exit.code(), exit.meaning());
            assert!(table.contains(&line), "missing {line:?}");
        }
    }

    #[test]
    fn docs_document_every_code() {
        let page = include_str!("../docs/exit-codes.md");
        for exit in Exit::ALL {
            let row = format!("| {} | {} |", exit.code(), exit.meaning());
            assert!(
                page.contains(&row),
                "docs/exit-codes.md lacks the row {row:?}"
            );
        }
    }

    #[test]
    fn display_shows_message_then_hint() {
        let err = Error::new(Cause::Config, "X_CLIENT_ID is not set").hint("add it to .env");
        assert_eq!(
            err.to_string(),
            "X_CLIENT_ID is not set\n  hint: add it to .env"
        );
        assert_eq!(err.exit().code(), 78);
        let err = err.context("configuration");
        assert!(err.message().starts_with("configuration: X_CLIENT_ID"));
        assert_eq!(err.cause(), &Cause::Config);
    }

    #[test]
    fn a_refused_token_stays_marked_through_context() {
        let err = Error::new(Cause::TokenRefused, "X refused the access token").context("cat.png");
        assert_eq!(err.cause(), &Cause::TokenRefused);
        assert_eq!(err.exit(), Exit::Auth);
    }

    #[test]
    fn each_cause_ends_with_its_code() {
        let refused = ["tweet.fields".to_owned()];
        for (cause, exit) in [
            (Cause::Refused, Exit::Refused),
            (Cause::RefusedParameters(refused.to_vec()), Exit::Refused),
            (Cause::Gone, Exit::Refused),
            (Cause::TokenRefused, Exit::Auth),
            (Cause::Auth, Exit::Auth),
            (Cause::Billing, Exit::Billing),
            (Cause::MaybePosted, Exit::MaybePosted),
        ] {
            assert_eq!(cause.exit(), exit, "{cause:?}");
        }
        let cause = Cause::RefusedParameters(refused.to_vec());
        assert!(cause.refuses_parameter("tweet.fields"));
        assert!(!cause.refuses_parameter("post.fields"));
        assert!(!Cause::Refused.refuses_parameter("tweet.fields"));
    }
}
