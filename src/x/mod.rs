//! The X API as xpost uses it: the client that sends requests, the pure reading of X's
//! answers, and the endpoints: media upload, posts (made, read, edited and deleted) and users.

pub mod answer;
pub mod client;
pub mod delete;
pub mod read;
pub mod tweets;
pub mod upload;
pub mod users;
