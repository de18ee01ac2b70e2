//! The `xpost` command: parse the arguments, run, print the error once, exit with its code.

use std::process::ExitCode;

use xpost::cli::Cli;
use xpost::error::{Error, Exit};
use xpost::{commands, output};

fn main() -> ExitCode {
    let cli = Cli::parse_args();
    output::set_quiet(cli.common.quiet);
    output::set_verbosity(cli.common.verbose);
    output::check_stdout();
    let result = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|err| Error::internal(format!("cannot start the async runtime: {err}")))
        .and_then(|runtime| runtime.block_on(commands::run(cli)));
    match result {
        Ok(()) => ExitCode::from(Exit::Ok.code()),
        Err(err) => {
            output::error(&err);
            ExitCode::from(err.exit().code())
        }
    }
}
