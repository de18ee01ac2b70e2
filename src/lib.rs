//! xpost: post to X from a terminal or a shell script.
//!
//! The way data travels: arguments ([`cli`]) and environment ([`config`]) → local checks of
//! every post ([`plan`]: [`text`] length, [`media`] files and their [`subtitles`]) → a login ([`auth`]: stored,
//! refreshed, or by consent) and media upload at once ([`x::upload`]) → the posts
//! ([`x::tweets`]) → [`output`].
//!
//! Modules depend on each other in one direction, checked by `tests/layers.rs`:
//! [`commands`] → [`auth`] (login) → [`x`] (the API client) → [`http`]; [`oauth1`] (signing)
//! and [`auth::pkce`] are leaves over the foundations ([`error`], [`secret`], [`sanitize`],
//! [`output`], [`problem`]). Text from outside (X's answers, the callback's query) reaches the
//! terminal only through [`sanitize::outside`]. The imitation of X that `--sandbox` runs is the
//! `xpost-sandbox` crate, built in with the default `sandbox` feature.

pub mod auth;
pub mod cli;
pub mod commands;
pub mod compose;
pub mod config;
pub mod error;
pub mod http;
pub mod ids;
pub mod interrupt;
pub mod media;
pub mod oauth1;
pub mod output;
pub mod plan;
pub mod problem;
pub mod progress;
pub mod sanitize;
pub mod secret;
pub mod subtitles;
pub mod text;
pub mod x;
