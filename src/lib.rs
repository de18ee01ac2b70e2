//! xpost: post to X from a terminal or a shell script.

pub mod sandbox;
