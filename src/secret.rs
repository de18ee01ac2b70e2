//! A string that must never be shown: tokens, client secrets, OAuth 1.0a secrets.
//!
//! `Debug` and `Display` print `(redacted)`, so a secret that slips into a log line, an error
//! message or a panic shows nothing. The value is reached only through [`Secret::expose`],
//! which makes every use that sends it somewhere easy to find.

use std::fmt;

/// A secret value that cannot be printed by accident.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a value.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The value itself, for the one place that has to send it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("(redacted)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("(redacted)")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret(value.to_owned())
    }
}

/// Whether `token` can be a token X issued: 1 to [`TOKEN_MAX`] visible ASCII characters (RFC
/// 6749's VSCHAR, less the space). Anything else (an escape sequence that `auth token` would
/// print, a line break that no request can carry) did not come from X, or not from X as it is.
pub fn plausible_token(token: &str) -> bool {
    !token.is_empty() && token.len() <= TOKEN_MAX && token.bytes().all(|b| b.is_ascii_graphic())
}

/// The longest token taken, from X or from a keyring entry; X's are about a hundred characters.
pub const TOKEN_MAX: usize = 4096;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_prints_its_value() {
        let secret = Secret::new("hunter2-token");
        assert_eq!(format!("{secret}"), "(redacted)");
        assert_eq!(format!("{secret:?}"), "(redacted)");
        assert_eq!(format!("{:#?}", Some(&secret)), "Some(\n    (redacted),\n)");
        assert_eq!(secret.expose(), "hunter2-token");
    }
}
