//! The PKCE pair of one consent (RFC 7636): a random verifier that stays with xpost, and its
//! S256 challenge, which goes out in the consent URL. X's token endpoint gives tokens for the
//! code only with the verifier, so a code caught on its way back is worth nothing without it.
//!
//! A leaf: it imports nothing of the rest of xpost.

use oauth2::{PkceCodeChallenge, PkceCodeVerifier};

/// The PKCE pair of one consent.
pub struct Pkce {
    /// The S256 challenge, for the consent URL.
    pub challenge: PkceCodeChallenge,
    /// The verifier, kept for the code exchange.
    pub verifier: PkceCodeVerifier,
}

impl Pkce {
    /// A fresh pair: a random verifier and its S256 challenge.
    pub fn fresh() -> Self {
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        Pkce {
            challenge,
            verifier,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc7636_appendix_b() {
        let verifier = PkceCodeVerifier::new("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk".into());
        let challenge = PkceCodeChallenge::from_code_verifier_sha256(&verifier);
        assert_eq!(
            challenge.as_str(),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
        assert_eq!(challenge.method().as_str(), "S256");
    }

    #[test]
    fn each_pair_is_fresh_and_s256() {
        let (a, b) = (Pkce::fresh(), Pkce::fresh());
        assert_ne!(a.verifier.secret(), b.verifier.secret());
        assert_eq!(a.challenge.method().as_str(), "S256");
        let again = PkceCodeChallenge::from_code_verifier_sha256(&a.verifier);
        assert_eq!(a.challenge.as_str(), again.as_str());
    }
}
