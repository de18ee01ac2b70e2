//! The commands: posting (the default), `auth ...`, `sandbox ...`, `completions` and `man`.

pub mod auth;
pub mod docs;
pub mod post;
pub mod sandbox;
