//! A post's local side: everything xpost does with a post before anything is sent. Each file
//! one step: the text read ([`input`]) or a thread file parsed ([`thread`]) into [`draft`]s;
//! their [`settings`], [`text`] length, [`media`] files and [`subtitles`] checked ([`check`]);
//! a post named by id or URL ([`reference`]); and the [`dry_run`] that shows it all. Pure but
//! the file reads.

pub mod check;
pub mod draft;
pub mod dry_run;
pub mod input;
pub mod media;
pub mod reference;
pub mod settings;
pub mod subtitles;
pub mod text;
pub mod thread;
