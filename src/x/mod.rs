//! The X API as xpost uses it: the client that sends requests, the pure reading of X's
//! answers, and the endpoints: media upload, posts (made, read, edited and deleted), users
//! and Articles; and the rules of what X lets be edited ([`editable`], pure).

pub mod answer;
pub mod articles;
pub mod client;
pub mod delete;
pub mod editable;
pub mod read;
pub mod tweets;
pub mod upload;
pub mod users;
