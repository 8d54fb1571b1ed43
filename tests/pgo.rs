//! The rustc wrapper that compiles release builds with the profile of pgo/
//! (`pgo/rustc-wrapper`), run with `echo` in place of rustc: what it would pass on.

use std::fs;
use std::process::Command;

use crate::workdir::Workdir;

/// The arguments cargo gives rustc for an optimized build of a unit of the workspace
/// (its source by a path relative to the workspace).
fn optimized(name: &str, kind: &str, metadata: &str) -> Vec<String> {
    optimized_from(name, kind, metadata, "src/lib.rs")
}

fn optimized_from(name: &str, kind: &str, metadata: &str, source: &str) -> Vec<String> {
    [
        "--crate-name",
        name,
        "--edition=2021",
        source,
        "--crate-type",
        kind,
        "-C",
        "opt-level=3",
        "-C",
        &format!("metadata={metadata}"),
    ]
    .map(String::from)
    .to_vec()
}

/// A copy of the wrapper in a folder of its own, with a profile trained for a lib of
/// metadata `aaa` and a bin of metadata `bbb` (when `profile`).
fn wrapper(w: &Workdir, profile: bool) -> String {
    let script = fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/pgo/rustc-wrapper"))
        .expect("pgo/rustc-wrapper");
    w.create("pgo/rustc-wrapper", script);
    if profile {
        w.create("pgo/figures.profdata", "counts");
        w.create("pgo/figures.units", "figures bin bbb\nfigures lib aaa\n");
    }
    w.path("pgo/rustc-wrapper").display().to_string()
}

/// Runs the wrapper with `echo` as rustc: (stdout, stderr).
fn run(wrapper: &str, args: &[String], env: Option<(&str, &str)>) -> (String, String) {
    let mut cmd = Command::new("bash");
    cmd.arg(wrapper).arg("echo").args(args);
    cmd.env_remove("FIGURES_PGO");
    if let Some((k, v)) = env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("bash");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (
        String::from_utf8(out.stdout)
            .unwrap()
            .trim_end()
            .to_string(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn an_optimized_unit_of_the_trained_build_gets_the_profile() {
    let w = Workdir::new("pgo-use");
    let wrapper = wrapper(&w, true);
    let profile = w.path("pgo/figures.profdata");
    for (name, kind, metadata) in [("figures", "lib", "aaa"), ("figures", "bin", "bbb")] {
        let args = optimized(name, kind, metadata);
        let (out, err) = run(&wrapper, &args, None);
        assert_eq!(
            out,
            format!("{} -Cprofile-use={}", args.join(" "), profile.display())
        );
        assert_eq!(err, "");
    }
    // a unit the training did not build (an example, a benchmark) takes it too: its
    // own code is not in it, the library's is
    let args = optimized_from("extract_loop", "bin", "ccc", "examples/extract_loop.rs");
    let (out, _) = run(&wrapper, &args, None);
    assert!(out.ends_with(&format!("-Cprofile-use={}", profile.display())));
}

#[test]
fn dependencies_are_passed_through() {
    let w = Workdir::new("pgo-deps");
    let wrapper = wrapper(&w, true);
    // cargo gives rustc a dependency's source by its absolute path
    let args = optimized_from(
        "itoa",
        "lib",
        "ddd",
        "/root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/itoa-1.0.19/src/lib.rs",
    );
    assert_eq!(run(&wrapper, &args, None).0, args.join(" "));
    // nor instrumented for the training
    let gen = format!("gen:{}", w.path("raw").display());
    assert_eq!(
        run(&wrapper, &args, Some(("FIGURES_PGO", &gen))).0,
        args.join(" ")
    );
}

#[test]
fn a_unit_whose_metadata_changed_is_built_without_it_and_warned_of() {
    let w = Workdir::new("pgo-stale");
    let wrapper = wrapper(&w, true);
    let args = optimized("figures", "lib", "zzz");
    let (out, err) = run(&wrapper, &args, None);
    assert_eq!(out, args.join(" "));
    assert!(err.contains("warning: pgo/figures.profdata was made for another build of figures lib"));
    assert!(err.contains("bench/pgo.sh"));
}

#[test]
fn debug_builds_and_builds_without_a_profile_are_passed_through() {
    let w = Workdir::new("pgo-pass");
    let wrapper = wrapper(&w, true);
    let debug: Vec<String> = optimized("figures", "lib", "aaa")
        .into_iter()
        .map(|a| {
            if a == "opt-level=3" {
                "opt-level=0".to_string()
            } else {
                a
            }
        })
        .collect();
    assert_eq!(run(&wrapper, &debug, None).0, debug.join(" "));
    // `rustc -vV`, which cargo asks through the wrapper too
    let version = vec!["-vV".to_string()];
    assert_eq!(run(&wrapper, &version, None).0, "-vV");
    let args = optimized("figures", "lib", "aaa");
    assert_eq!(
        run(&wrapper, &args, Some(("FIGURES_PGO", "off"))).0,
        args.join(" ")
    );
    let bare = Workdir::new("pgo-none");
    let wrapper = self::wrapper(&bare, false);
    assert_eq!(run(&wrapper, &args, None).0, args.join(" "));
}

#[test]
fn the_training_build_is_instrumented_and_its_units_recorded() {
    let w = Workdir::new("pgo-gen");
    let wrapper = wrapper(&w, false);
    let raw = w.path("raw").display().to_string();
    let gen = format!("gen:{raw}");
    let args = optimized("figures", "lib", "aaa");
    let (out, _) = run(&wrapper, &args, Some(("FIGURES_PGO", &gen)));
    assert_eq!(
        out,
        format!(
            "{} -Cprofile-generate={raw} --cfg figures_pgo_generate",
            args.join(" ")
        )
    );
    assert_eq!(w.read("raw/units"), "figures lib aaa\n");
}

#[test]
fn the_committed_profile_is_an_indexed_llvm_profile_for_the_library_and_the_binary() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/pgo");
    let profile = fs::read(format!("{dir}/figures.profdata")).expect("pgo/figures.profdata");
    // llvm-profdata's indexed format (what -Cprofile-use reads), not a raw or text one
    assert_eq!(&profile[..8], b"\xfflprofi\x81");
    let units = fs::read_to_string(format!("{dir}/figures.units")).expect("pgo/figures.units");
    let trained: Vec<String> = units
        .lines()
        .map(|l| l.rsplit_once(' ').expect("unit metadata").0.to_string())
        .collect();
    assert_eq!(
        trained,
        ["figures bin", "figures lib", "sources src/"],
        "{units}"
    );
}

#[test]
fn sources_changed_since_the_training_are_warned_of() {
    let w = Workdir::new("pgo-sources");
    let wrapper = wrapper(&w, true);
    w.create("src/lib.rs", "pub fn f() {}\n");
    // the hash the training records, by the wrapper's own command
    let hash = |w: &Workdir| {
        let out = Command::new("bash")
            .arg(w.path("pgo/rustc-wrapper"))
            .arg("--sources-hash")
            .current_dir(&w.dir)
            .output()
            .expect("bash");
        String::from_utf8(out.stdout).unwrap().trim().to_string()
    };
    let units = format!(
        "figures bin bbb\nfigures lib aaa\nsources src/ {}\n",
        hash(&w)
    );
    w.create("pgo/figures.units", &units);
    let args = optimized("figures", "lib", "aaa");
    let (out, err) = run(&wrapper, &args, None);
    assert!(out.contains("-Cprofile-use="));
    assert_eq!(err, "");
    w.create("src/lib.rs", "pub fn f() { g() }\n");
    let (out, err) = run(&wrapper, &args, None);
    // still built with the profile: the functions not changed keep their counts
    assert!(out.contains("-Cprofile-use="));
    assert!(err.contains("warning: src/ changed since pgo/figures.profdata was made"));
    // said of the library only, not again for the binary
    let (_, err) = run(&wrapper, &optimized("figures", "bin", "bbb"), None);
    assert_eq!(err, "");
}
