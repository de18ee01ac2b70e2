//! xpost: post to X from a terminal or a shell script.
//!
//! The way data travels: arguments and environment → [`config::Config`] → local checks of
//! every post ([`plan`]: [`text`] length, [`media`] files) → a login ([`auth`]: stored,
//! refreshed, or by consent) and media upload at once ([`x::upload`]) → the posts
//! ([`x::tweets`]) → [`output`]. [`sandbox`] is an imitation of X that only
//! [`commands::sandbox`] starts.

pub mod app;
pub mod auth;
pub mod cli;
pub mod commands;
pub mod config;
pub mod error;
pub mod media;
pub mod output;
pub mod plan;
pub mod progress;
pub mod sandbox;
pub mod secret;
pub mod text;
pub mod x;
