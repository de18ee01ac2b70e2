//! PKCE (RFC 7636) as the authorization server sees it: the S256 transform and the check of
//! a `code_verifier` against the `code_challenge` stored with the authorization code.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

/// The S256 challenge of a verifier: base64url(SHA-256(verifier)), unpadded.
pub(crate) fn s256_challenge(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

/// Whether a verifier has RFC 7636's shape: 43 to 128 unreserved characters.
pub(crate) fn is_well_formed_verifier(verifier: &str) -> bool {
    (43..=128).contains(&verifier.len())
        && verifier
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~'))
}

/// Whether `verifier` is well formed and its S256 challenge equals `challenge`.
pub(crate) fn verifier_matches(verifier: &str, challenge: &str) -> bool {
    is_well_formed_verifier(verifier) && constant_time_eq(&s256_challenge(verifier), challenge)
}

/// Compares two strings without stopping at the first difference.
pub(crate) fn constant_time_eq(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    const RFC7636_VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    const RFC7636_CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    #[test]
    fn s256_matches_rfc7636_appendix_b() {
        assert_eq!(s256_challenge(RFC7636_VERIFIER), RFC7636_CHALLENGE);
        assert!(verifier_matches(RFC7636_VERIFIER, RFC7636_CHALLENGE));
    }

    #[test]
    fn a_42_character_verifier_is_malformed() {
        // A widely copied misprint of the appendix B verifier is one character short.
        assert!(!verifier_matches(
            "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW-gFWFEjWk",
            RFC7636_CHALLENGE
        ));
    }

    #[test]
    fn a_different_verifier_does_not_match() {
        let other = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXK";
        assert!(!verifier_matches(other, RFC7636_CHALLENGE));
    }

    #[test]
    fn the_challenge_itself_is_not_accepted_as_verifier() {
        // A client that sends the challenge as verifier (the "plain" method) must fail.
        assert!(!verifier_matches(RFC7636_CHALLENGE, RFC7636_CHALLENGE));
    }

    #[test]
    fn verifiers_outside_rfc_shape_are_refused() {
        assert!(!is_well_formed_verifier("short"));
        assert!(!is_well_formed_verifier(&"a".repeat(129)));
        assert!(!is_well_formed_verifier(&format!("{}+", "a".repeat(43))));
        assert!(is_well_formed_verifier(&"a~._-".repeat(9)));
    }
}
