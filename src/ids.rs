//! X's identifiers as xpost checks them: numeric ids (posts, users, media) and usernames.
//! Pure. What X sends back is checked before it goes into a URL, the store or the terminal.

/// Whether `id` is one of X's numeric ids: 1 to 20 ASCII digits (a 64-bit number).
pub fn is_id(id: &str) -> bool {
    (1..=20).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_digit())
}

/// Whether `id` is an id as X takes one in a request (its pattern `^[0-9]{1,19}$`: a post to
/// reply to, quote, edit or delete, a user to tag). X's ids are signed 64-bit numbers; one of
/// 20 digits is refused with a 400, after whatever went before it.
pub fn is_x_id(id: &str) -> bool {
    is_id(id) && id.len() <= 19
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
        assert!(is_x_id("9223372036854775807"));
        assert!(is_x_id("9999999999999999999"));
        assert!(!is_x_id("18446744073709551615"));
        assert!(!is_x_id(""));
        assert!(is_username("xpost_sandbox"));
        assert!(!is_username(""));
        assert!(!is_username("a_name_too_long_"));
        assert!(!is_username("me/../x"));
        assert!(!is_username("naïve"));
    }
}
