//! The X API as xpost uses it: the HTTP client and error reading, media upload, posts and
//! users.

pub mod client;
pub mod tweets;
pub mod upload;
pub mod users;
