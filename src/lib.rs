//! xpost: post to X from a terminal or a shell script.
//!
//! The way data travels: arguments and environment → [`config::Config`] → local checks (media
//! files) → a login ([`auth`]: stored, refreshed, or by consent) and media upload at once
//! ([`x::media`]) → the post ([`x::tweets`]) → [`output`]. [`sandbox`] is an imitation of X
//! that only [`commands::sandbox`] starts.

pub mod app;
pub mod auth;
pub mod cli;
pub mod commands;
pub mod config;
pub mod error;
pub mod output;
pub mod plan;
pub mod sandbox;
pub mod secret;
pub mod text;
pub mod x;
