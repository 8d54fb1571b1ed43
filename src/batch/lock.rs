//! The output folder's lock: one run at a time writes a set of tables. The lock file
//! holds the owner's pid and its start time; a lock whose owner is gone (killed, the
//! machine restarted) is stale and taken over. The start time tells a live owner from
//! a new process that reused its pid. Where `/proc` is missing (not Linux) a lock is
//! taken as live: the message says which file to remove.
//!
//! The lock file is not synced: it guards against runs that are alive, and after a
//! crash its owner is gone whatever the file says (an empty or missing lock is stale
//! too). The sync cost a run's start up to 10 ms on this machine's disk (when other
//! metadata waited to be committed with it).

use std::fs;
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};

/// A held lock; dropping it releases it.
#[derive(Debug)]
pub struct Lock {
    path: PathBuf,
}

impl Lock {
    /// Takes the lock at `path`, or fails at once when a live run holds it.
    pub fn acquire(path: &Path) -> anyhow::Result<Lock> {
        let me = format!(
            "{} {}\n",
            std::process::id(),
            start_time(std::process::id()).unwrap_or_default()
        );
        for _ in 0..3 {
            match fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(path)
            {
                Ok(mut f) => {
                    f.write_all(me.as_bytes())?;
                    return Ok(Lock {
                        path: path.to_path_buf(),
                    });
                }
                Err(e) if e.kind() == ErrorKind::AlreadyExists => {
                    let mut held = fs::read_to_string(path).unwrap_or_default();
                    if held.is_empty() {
                        // created, its line not yet written: a run taking it now, or
                        // one that died at that moment
                        std::thread::sleep(std::time::Duration::from_millis(50));
                        held = fs::read_to_string(path).unwrap_or_default();
                    }
                    if let Some(pid) = live_owner(&held) {
                        anyhow::bail!(
                            "another figures run (pid {pid}) is writing to {}; wait for it to \
                             finish, or remove {} if no such run exists",
                            path.parent().unwrap_or(Path::new(".")).display(),
                            path.display()
                        );
                    }
                    // stale: its owner is gone. Remove it unless it changed meanwhile
                    // (another run took it over first).
                    if fs::read_to_string(path).unwrap_or_default() == held {
                        let _ = fs::remove_file(path);
                    }
                }
                Err(e) => {
                    return Err(anyhow::Error::new(e)
                        .context(format!("cannot create the lock file {}", path.display())))
                }
            }
        }
        anyhow::bail!("cannot take the lock {}: it keeps changing", path.display())
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.path);
    }
}

/// The pid of the lock's owner when it is alive.
fn live_owner(held: &str) -> Option<u32> {
    let mut parts = held.split_whitespace();
    let pid: u32 = parts.next()?.parse().ok()?;
    let started = parts.next().unwrap_or("");
    if !Path::new("/proc/self/stat").exists() {
        // no way to tell: take it as live
        return Some(pid);
    }
    match start_time(pid) {
        None => None,
        Some(now) if !started.is_empty() && now != started => None,
        Some(_) => Some(pid),
    }
}

/// The start time of a process (field 22 of `/proc/PID/stat`), when it is running.
fn start_time(pid: u32) -> Option<String> {
    let stat = fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // the command name (field 2) is in parentheses and may hold spaces
    let after = &stat[stat.rfind(')')? + 1..];
    after.split_whitespace().nth(19).map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn held_stale_and_released() {
        let dir = std::env::temp_dir().join(format!("figures-lock-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let path = dir.join(".figures.lock");
        let _ = fs::remove_file(&path);
        {
            let _lock = Lock::acquire(&path).unwrap();
            let err = Lock::acquire(&path).unwrap_err().to_string();
            assert!(err.contains("another figures run"), "{err}");
        }
        assert!(!path.exists(), "released on drop");
        if Path::new("/proc/self/stat").exists() {
            // a pid that cannot be running
            fs::write(&path, "4194303 1\n").unwrap();
            let lock = Lock::acquire(&path).unwrap();
            drop(lock);
            // empty, and still empty a moment later: its owner died before writing it
            fs::write(&path, "").unwrap();
            drop(Lock::acquire(&path).unwrap());
            // our own pid with another start time: a reused pid, stale
            fs::write(&path, format!("{} 1\n", std::process::id())).unwrap();
            drop(Lock::acquire(&path).unwrap());
        }
        fs::remove_dir_all(dir).unwrap();
    }
}
