//! The `figures` binary: flags in, exit status out. See the library for everything else.

use std::process::ExitCode;

use clap::Parser;

// The batch allocates per document in one thread and frees in another (items read by
// the reader thread and freed by a worker; rows and their formatted forms made by the
// workers and freed by the writer): mimalloc handles that, and the many small
// allocations of the rules, faster than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
use figures::cli::{Cli, Outcome};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command.run() {
        Ok(Outcome::Clean) => ExitCode::SUCCESS,
        Ok(Outcome::Rejected) => ExitCode::from(2),
        Err(err) => {
            // `figures extract | head` closes the pipe: that is no failure
            let broken_pipe = err.chain().any(|e| {
                e.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            });
            if broken_pipe {
                return ExitCode::SUCCESS;
            }
            if err.downcast_ref::<figures::cli::Reported>().is_some() {
                return ExitCode::from(1);
            }
            eprintln!("figures: error: {err:#}");
            ExitCode::from(1)
        }
    }
}
