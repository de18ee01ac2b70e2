//! A post's local side: everything xpost does with a post before anything is sent, one job a
//! file. Its text is read from the argument, stdin or a file ([`input`]), or a thread file is
//! split into posts ([`thread`]), each a [`draft`]; then each post's [`text`] length, [`media`]
//! files (with their [`subtitles`]), the people it [`tags`] and its [`settings`] are checked
//! ([`check`]), and what the app's plan lets it carry ([`plan_rules`]); a post it replies to or
//! quotes is named by id or URL
//! ([`reference`](mod@reference)); and the [`dry_run`] shows it all, with the requests the run
//! would send. A text's length is checked against the account's [`limit`] (280, or 25,000 with
//! a subscription), and a long text may be cut into a thread's posts ([`split`]). Pure but the
//! file reads.

pub mod check;
pub mod draft;
pub mod dry_run;
pub mod input;
pub mod limit;
pub mod media;
pub mod plan_rules;
pub mod reference;
pub mod settings;
pub mod split;
pub mod subtitles;
pub mod tags;
pub mod text;
pub mod thread;
