//! End-to-end runs of the `xpost` binary against the sandbox imitation of X, through the real
//! loopback listener. One test binary; helpers live in `util`.

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
mod hostile_post;
mod keyring;
mod local_users;
mod login;
mod long_posts;
mod media;
mod media_extras;
mod oauth1_only;
mod pay_per_use;
mod readme;
mod release;
mod secrets;
mod serve;
mod setup;
mod text_and_threads;
mod util;
