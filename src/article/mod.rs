//! An X Article's local side, pure: Markdown read into the body of X's draft request
//! ([`markdown`], into the types of [`draft`]), before anything is uploaded or sent.

pub mod draft;
pub mod markdown;
