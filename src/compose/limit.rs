//! How long a post may be: 280 weighted characters, or 25,000 for an account with a
//! subscription (Basic, Premium, Premium+), counted the same way. What xpost knows of the
//! account decides it ([`Allowance`]): a subscription X named, nothing yet (no login), or a
//! login X said nothing about, which xpost takes as 280 so that no upload or post is spent
//! on a text X would refuse.

use std::fmt;

/// X's limit for an account without a subscription.
pub const SHORT: usize = xpost_text::LIMIT;
/// X's limit for an account with a subscription.
pub const LONG: usize = 25_000;

/// An account's subscription, as X names it (`subscription_type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subscription {
    /// No subscription.
    None,
    /// X Basic.
    Basic,
    /// X Premium.
    Premium,
    /// X Premium+.
    PremiumPlus,
}

impl Subscription {
    /// X's name of a subscription; `None` for a value X does not document.
    pub fn parse(name: &str) -> Option<Subscription> {
        Some(match name {
            "None" => Subscription::None,
            "Basic" => Subscription::Basic,
            "Premium" => Subscription::Premium,
            "PremiumPlus" => Subscription::PremiumPlus,
            _ => return None,
        })
    }

    /// X's name of it.
    pub fn name(self) -> &'static str {
        match self {
            Subscription::None => "None",
            Subscription::Basic => "Basic",
            Subscription::Premium => "Premium",
            Subscription::PremiumPlus => "PremiumPlus",
        }
    }

    /// How long its posts may be.
    pub fn limit(self) -> usize {
        match self {
            Subscription::None => SHORT,
            _ => LONG,
        }
    }
}

impl fmt::Display for Subscription {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What xpost knows of the account that will post, for the length of its posts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Allowance {
    /// No login yet: nothing is known.
    NoLogin,
    /// A login X said nothing about (or named a subscription xpost does not know).
    Unknown,
    /// The subscription X named.
    Known(Subscription),
}

impl Allowance {
    /// The allowance of a login whose subscription is `known`.
    pub fn of(known: Option<Subscription>) -> Allowance {
        known.map_or(Allowance::Unknown, Allowance::Known)
    }

    /// How long a post may be: 280 unless X named a subscription.
    pub fn limit(self) -> usize {
        match self {
            Allowance::Known(subscription) => subscription.limit(),
            Allowance::NoLogin | Allowance::Unknown => SHORT,
        }
    }

    /// The subscription as `auth status` shows it.
    pub fn shown(self) -> &'static str {
        match self {
            Allowance::Known(subscription) => subscription.name(),
            Allowance::NoLogin | Allowance::Unknown => "unknown",
        }
    }

    /// What to do about a text over the limit, beside `--split`.
    pub fn hint(self) -> String {
        let split = "or post it as a thread with --split (add --number to number its posts)";
        match self {
            Allowance::NoLogin => format!(
                "xpost does not know the account yet: log in first (xpost auth login), then posts of up to 25,000 characters go through if it has a subscription; {split}"
            ),
            Allowance::Unknown => format!(
                "X has not said whether the account has a subscription: xpost auth status reads it again; {split}"
            ),
            Allowance::Known(Subscription::None) => format!(
                "shorten it, {split}; an account with a subscription (Basic, Premium, Premium+) may post up to 25,000"
            ),
            Allowance::Known(_) => format!("shorten it, {split}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_limit_follows_the_subscription() {
        for (name, limit) in [
            ("None", 280),
            ("Basic", 25_000),
            ("Premium", 25_000),
            ("PremiumPlus", 25_000),
        ] {
            let s = Subscription::parse(name).unwrap();
            assert_eq!(s.name(), name);
            assert_eq!(Allowance::Known(s).limit(), limit);
        }
        assert_eq!(Subscription::parse("premium"), None);
        assert_eq!(Allowance::of(None).limit(), 280);
        assert_eq!(Allowance::NoLogin.limit(), 280);
        assert!(Allowance::NoLogin.hint().contains("xpost auth login"));
        assert!(Allowance::Unknown.hint().contains("xpost auth status"));
    }
}
