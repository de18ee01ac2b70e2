//! X's identifiers as xpost checks them: numeric ids (posts, users, media) and usernames.
//! Pure. What X sends back is checked before it goes into a URL, the store or the terminal.

/// Whether `id` is one of X's numeric ids: 1 to 20 ASCII digits (a 64-bit number).
pub fn is_id(id: &str) -> bool {
    (1..=20).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_digit())
}

/// Whether `name` is a username as X allows them: 1 to 15 letters, digits or `_`.
pub fn is_username(name: &str) -> bool {
    (1..=15).contains(&name.len()) && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_usernames() {
        assert!(is_id("1862"));
        assert!(is_id("18446744073709551615"));
        assert!(!is_id(""));
        assert!(!is_id("123456789012345678901"));
        assert!(!is_id("12a"));
        assert!(!is_id("1\u{1b}[2J"));
        assert!(is_username("xpost_sandbox"));
        assert!(!is_username(""));
        assert!(!is_username("a_name_too_long_"));
        assert!(!is_username("me/../x"));
        assert!(!is_username("naïve"));
    }
}
