//! xpost: post to X from a terminal or a shell script.
//!
//! The way data travels: arguments ([`cli`], [`options`]) and environment ([`config`]) → a
//! post's local side ([`compose`]: the text read from the argument, stdin or a file, or a thread
//! file split into posts; each post's text length, media files, subtitles and settings checked;
//! or all of it shown by the dry run) → a login ([`auth`]: stored, refreshed, or by consent) and
//! the media upload at once ([`x::upload`], in the steps [`x::upload::steps`] describes, which
//! the dry run counts) → the posts ([`x::tweets`]) → [`output`] (each result on stdout, or on
//! stderr once stdout cannot take it).
//!
//! An X Article (`xpost article`) is read from Markdown by the pure [`article`] and sent by
//! [`x::articles`].
//!
//! Modules depend on each other in one direction, checked by `tests/layers.rs`: the dispatcher
//! ([`commands::run`]) → the root parser ([`cli`], which names each command's arguments) → each
//! command, its arguments beside it ([`commands`]) → [`auth`] (login) → [`x`] (the API client) →
//! [`http`]. Below the commands sit the options they all take ([`options`]) and [`compose`],
//! under the client that sends its checked posts (its dry run reads only the pure
//! [`x::upload::steps`]); [`oauth1`] (signing), [`auth::pkce`] (a consent's PKCE pair) and
//! [`auth::token_endpoint`] (X's OAuth 2.0 endpoints) are leaves over the foundations
//! ([`error`], [`secret`], [`sanitize`], [`output`], [`problem`]). A [`secret::Secret`] is a
//! value that cannot be printed by accident; where a login's tokens are kept is
//! [`auth::keyring`]. Text from outside (X's answers, the callback's query) reaches the
//! terminal only through [`sanitize::outside`]. The imitation of X that `--sandbox` runs is the
//! `xpost-sandbox` crate, built in with the default `sandbox` feature.
//!
//! `docs/project-layout.md` follows one post through these modules, from `main` to the request.

pub mod article;
pub mod auth;
pub mod cli;
pub mod commands;
pub mod compose;
pub mod config;
pub mod error;
pub mod http;
pub mod ids;
pub mod interrupt;
pub mod oauth1;
pub mod options;
pub mod output;
pub mod problem;
pub mod progress;
pub mod sanitize;
pub mod secret;
pub mod x;
