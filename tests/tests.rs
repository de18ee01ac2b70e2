//! End-to-end runs of the `xpost` binary against the sandbox imitation of X, through the real
//! loopback listener. One test binary; helpers live in `util`.
//!
//! The modules marked `#[cfg(unix)]` check file modes, user ids, signals or non-UTF-8 file
//! names throughout; the rest also compile for Windows (`.ci/windows-tests` runs the Windows
//! build end to end under Wine instead of this binary).

#[cfg(unix)]
mod accounts;
mod articles;
mod ci_example;
mod compose;
mod configuration;
mod consent;
mod contract;
mod deleting;
mod editing;
mod faults;
mod first_run;
#[cfg(unix)]
mod hostile_post;
#[cfg(unix)]
mod keyring;
#[cfg(unix)]
mod local_users;
#[cfg(unix)]
mod login;
mod long_posts;
mod media;
mod media_extras;
mod oauth1_only;
mod pay_per_use;
mod readme;
mod release;
mod secrets;
#[cfg(unix)]
mod serve;
#[cfg(unix)]
mod setup;
mod text_and_threads;
mod util;
