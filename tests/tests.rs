//! The integration tests: one binary (see Cargo.toml), its modules below. Each test runs
//! the real `figures` binary in a directory of its own under `target/`.

#[macro_use]
mod macros;
mod workdir;

mod batch;
mod cli;
mod eval;
mod gold;
#[cfg(feature = "parquet")]
mod parquet;
#[cfg(unix)]
mod pgo;
