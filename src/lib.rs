//! xpost: post to X from a terminal or a shell script.

pub mod auth;
pub mod cli;
pub mod config;
pub mod error;
pub mod output;
pub mod sandbox;
pub mod secret;
pub mod x;
