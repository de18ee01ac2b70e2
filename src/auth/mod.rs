//! Getting and keeping a login: the consent (browser, loopback listener, OAuth exchanges),
//! the token store (its tokens in the system's keyring, or its file), and the session logic
//! that reuses, refreshes or asks for a login.
//!
//! [`consent`] glues the consent's pieces, which do not know each other; [`session`] decides
//! when a consent is needed (its parts: the pure plan, the refresh and renewal of a login, and
//! a new login by consent, kept as its user's); [`caller`] is who a run acts as (the method, the account, the
//! credentials and their renewal), the one question every command asks; [`token_endpoint`]
//! is a leaf that knows only X's OAuth 2.0 endpoints, and [`pkce`] (the PKCE pair of a
//! consent) one that knows nothing of xpost; [`keyring`] keeps a login's tokens in the
//! system's credential store, for [`store`] and for [`apps`], the apps `xpost auth setup`
//! keeps.

pub mod apps;
pub mod browser;
pub mod callback;
pub mod caller;
pub mod consent;
pub mod keyring;
pub mod pkce;
pub mod session;
pub mod store;
pub mod token_endpoint;
