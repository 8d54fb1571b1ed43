//! The `figures` binary: flags in, exit status out. See the library for everything else.

use clap::Parser;

// mimalloc, with the large page-aligned blocks mapped: see the module
#[global_allocator]
static GLOBAL: figures::alloc::Allocator = figures::alloc::Allocator;
use figures::cli::{Cli, Outcome};

fn main() {
    let status = status();
    exit_now(status)
}

/// Runs the command: the exit status (0 clean, 2 finished with rejected inputs, 1
/// failed).
fn status() -> u8 {
    let cli = Cli::parse();
    match cli.command.run() {
        Ok(Outcome::Clean) => 0,
        Ok(Outcome::Rejected) => 2,
        Err(err) => {
            // `figures extract | head` closes the pipe: that is no failure
            let broken_pipe = err.chain().any(|e| {
                e.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            });
            if broken_pipe {
                return 0;
            }
            if err.downcast_ref::<figures::cli::Reported>().is_some() {
                return 1;
            }
            eprintln!("figures: error: {err:#}");
            1
        }
    }
}

/// Ends the process once the command is done and its outputs are on disk (or in the
/// pipe): standard output is flushed, and the process exits without the clean-up that
/// `exit` runs. That clean-up is mimalloc's: at exit it collects every heap the
/// workers left and hands their pages back to the system one span at a time (10 ms of
/// the main thread, with the other core idle, at the end of a 10 MB run), memory the
/// kernel takes back at once when the process ends. (The linkers lld and mold end the
/// same way.) Nothing else registers work for the exit: files are closed by the kernel,
/// the tables were synced before they were renamed into place.
fn exit_now(status: u8) -> ! {
    use std::io::Write;
    // a pipe closed early is the reader's choice, not an error to report here
    let _ = std::io::stdout().flush();
    let _ = std::io::stderr().flush();
    // an instrumented build (bench/pgo.sh) writes its profile at `exit`, which `_exit`
    // skips: written here
    #[cfg(figures_pgo_generate)]
    {
        unsafe extern "C" {
            fn __llvm_profile_write_file() -> i32;
        }
        // SAFETY: the profiler runtime is linked into every instrumented build
        unsafe { __llvm_profile_write_file() };
    }
    #[cfg(unix)]
    {
        // SAFETY: `_exit` only ends the process; nothing of this program runs after it
        unsafe { libc::_exit(i32::from(status)) }
    }
    #[cfg(not(unix))]
    std::process::exit(i32::from(status))
}
