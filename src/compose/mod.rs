//! A post's local side: everything xpost does with a post before anything is sent. Its text
//! and media as given, its settings, the checks X's rules ask for, and the dry run that shows
//! them. Pure but the file reads.

pub mod media;
pub mod plan;
pub mod settings;
pub mod subtitles;
pub mod text;
