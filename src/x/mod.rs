//! The X API as xpost uses it: the HTTP client and error reading, media, posts and users.

pub mod client;
pub mod media;
pub mod tweets;
pub mod users;
