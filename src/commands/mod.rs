//! The commands: posting (the default), `auth ...` and `sandbox ...`.

pub mod auth;
pub mod post;
pub mod sandbox;
