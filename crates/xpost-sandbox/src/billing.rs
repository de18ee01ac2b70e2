//! X's pay-per-use billing as it meets a request (2026): an app not attached to a project is
//! refused outright (403 `client-forbidden`), a usage cap stops every request (429
//! `usage-capped`, which waiting minutes does not lift), and a project out of credits is
//! refused with 402. Failed requests are not billed; each `/2` resource request that
//! succeeds spends one credit. Pure: the server asks before a request and charges after.

use super::problems::Problem;

/// The project's billing state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Billing {
    /// Credits left; `None` is an unmetered project (the default).
    pub(crate) credits: Option<u64>,
    /// Whether a usage cap (the project's spending limit, or a monthly cap) is reached.
    pub(crate) usage_capped: bool,
    /// Whether the app is attached to a project and enrolled.
    pub(crate) enrolled: bool,
}

impl Default for Billing {
    fn default() -> Self {
        Billing {
            credits: None,
            usage_capped: false,
            enrolled: true,
        }
    }
}

impl Billing {
    /// Whether a request may go ahead, in the order X checks: enrollment, the cap, credits.
    pub(crate) fn admit(&self, client_id: &str) -> Result<(), Problem> {
        if !self.enrolled {
            return Err(Problem::client_forbidden(client_id));
        }
        if self.usage_capped {
            return Err(Problem::usage_capped());
        }
        if self.credits == Some(0) {
            return Err(Problem::credits_depleted());
        }
        Ok(())
    }

    /// Bills one request that succeeded.
    pub(crate) fn charge(&mut self) {
        if let Some(credits) = &mut self.credits {
            *credits = credits.saturating_sub(1);
        }
    }
}

/// Whether a request to `path` is a billed `/2` resource: not the OAuth 2.0 endpoints, which
/// are free.
pub(crate) fn is_billed(path: &str) -> bool {
    path.starts_with("/2/") && !path.starts_with("/2/oauth2/")
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::StatusCode;

    #[test]
    fn credits_run_out_after_the_last_success() {
        let mut billing = Billing {
            credits: Some(2),
            ..Billing::default()
        };
        assert!(billing.admit("app").is_ok());
        billing.charge();
        assert!(billing.admit("app").is_ok());
        billing.charge();
        let refused = billing.admit("app").unwrap_err();
        assert_eq!(refused.status, StatusCode::PAYMENT_REQUIRED);
        billing.charge();
        assert_eq!(billing.credits, Some(0));
    }

    #[test]
    fn enrollment_comes_first_then_the_cap() {
        let billing = Billing {
            credits: Some(0),
            usage_capped: true,
            enrolled: false,
        };
        assert_eq!(
            billing.admit("app").unwrap_err().status,
            StatusCode::FORBIDDEN
        );
        let capped = Billing {
            enrolled: true,
            ..billing
        };
        assert_eq!(
            capped.admit("app").unwrap_err().status,
            StatusCode::TOO_MANY_REQUESTS
        );
    }

    #[test]
    fn an_unmetered_project_is_never_refused() {
        let mut billing = Billing::default();
        for _ in 0..1000 {
            billing.charge();
        }
        assert!(billing.admit("app").is_ok());
    }

    #[test]
    fn only_resources_are_billed() {
        assert!(is_billed("/2/tweets"));
        assert!(is_billed("/2/media/upload/1/append"));
        assert!(!is_billed("/2/oauth2/token"));
        assert!(!is_billed("/i/oauth2/authorize"));
        assert!(!is_billed("/_sandbox/faults"));
    }
}
