//! A directory of its own for each test, and the real binary run in it.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

static NEXT: AtomicUsize = AtomicUsize::new(0);

/// A fresh directory under `target/tests/`.
pub struct Workdir {
    pub dir: PathBuf,
}

impl Workdir {
    pub fn new(name: &str) -> Workdir {
        let n = NEXT.fetch_add(1, Ordering::SeqCst);
        let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
        let dir = root.join(format!("{name}-{}-{n}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        Workdir { dir }
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.join(rel)
    }

    /// Writes a file (creating its folder).
    pub fn create(&self, rel: &str, contents: impl AsRef<[u8]>) {
        let p = self.path(rel);
        if let Some(parent) = p.parent() {
            fs::create_dir_all(parent).unwrap();
        }
        fs::write(p, contents).unwrap();
    }

    pub fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("cannot read {rel}: {e}"))
    }

    pub fn read_bytes(&self, rel: &str) -> Vec<u8> {
        fs::read(self.path(rel)).unwrap_or_else(|e| panic!("cannot read {rel}: {e}"))
    }

    /// The binary, run in this directory.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_figures"));
        cmd.current_dir(&self.dir).args(args);
        cmd
    }

    /// Runs the binary and returns its output, whatever its status.
    pub fn output(&self, args: &[&str], stdin: Option<&[u8]>) -> Output {
        let mut cmd = self.command(args);
        cmd.stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = cmd.spawn().expect("the figures binary runs");
        {
            let mut input = child.stdin.take().unwrap();
            if let Some(bytes) = stdin {
                input.write_all(bytes).unwrap();
            }
        }
        child.wait_with_output().unwrap()
    }

    /// Runs the binary and checks its exit status; on a mismatch, panics with the
    /// command, directory, status, stdout and stderr.
    pub fn run_status(&self, args: &[&str], stdin: Option<&[u8]>, want: i32) -> Output {
        let out = self.output(args, stdin);
        if out.status.code() != Some(want) {
            panic!(
                "\ncommand: figures {}\ncwd: {}\nstatus: {:?} (wanted {want})\n\nstdout:\n{}\n\nstderr:\n{}\n",
                args.join(" "),
                self.dir.display(),
                out.status.code(),
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
        }
        out
    }

    /// Runs the binary and expects success.
    pub fn run(&self, args: &[&str]) -> Output {
        self.run_status(args, None, 0)
    }

    /// Copies the bundled article into `input/`.
    pub fn with_seed(&self) -> &Workdir {
        let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join("input/us-japan-ai-investments.txt");
        self.create("input/us-japan-ai-investments.txt", fs::read(seed).unwrap());
        self
    }
}

/// Reads a CSV file into rows of (column, value) maps, in order.
pub fn csv_rows(text: &str) -> Vec<Vec<(String, String)>> {
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let headers: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            headers
                .iter()
                .cloned()
                .zip(rec.iter().map(str::to_string))
                .collect()
        })
        .collect()
}

/// The value of a column in a row.
pub fn get<'a>(row: &'a [(String, String)], col: &str) -> &'a str {
    row.iter()
        .find(|(k, _)| k == col)
        .map(|(_, v)| v.as_str())
        .unwrap_or_else(|| panic!("no column {col}"))
}
