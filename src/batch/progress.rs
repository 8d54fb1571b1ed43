//! Feedback while a run goes: counters the stages update, and a progress bar drawn
//! from them on a terminal (documents, MB read, MB/s, time left). Nothing is drawn on
//! a pipe, with `--quiet`, or with `--log-format json`.

use std::io::Write;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Counters of a run in progress.
#[derive(Debug, Default)]
pub struct Counters {
    /// Documents written (ok or rejected).
    pub documents: AtomicU64,
    /// Bytes of input read, as stored.
    pub bytes: AtomicU64,
}

/// A progress bar on standard error, redrawn a few times a second by its own thread.
pub struct Bar {
    done: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Bar {
    /// Starts drawing; `total_bytes` is the size of the inputs, when known.
    pub fn start(counters: Arc<Counters>, total_bytes: Option<u64>) -> Bar {
        let done = Arc::new(AtomicBool::new(false));
        let stop = done.clone();
        let thread = std::thread::spawn(move || {
            let started = Instant::now();
            let mut last = String::new();
            while !stop.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(200));
                let line = render(&counters, total_bytes, started.elapsed());
                if line != last {
                    let mut err = std::io::stderr().lock();
                    let _ = write!(err, "\r\x1b[K{line}");
                    let _ = err.flush();
                    last = line;
                }
            }
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r\x1b[K");
            let _ = err.flush();
        });
        Bar {
            done,
            thread: Some(thread),
        }
    }
}

impl Drop for Bar {
    fn drop(&mut self) {
        self.done.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// One line of the bar.
///
/// # Example
///
/// ```
/// use figures::batch::progress::{render, Counters};
/// use std::sync::atomic::Ordering;
/// use std::time::Duration;
/// let c = Counters::default();
/// c.documents.store(1200, Ordering::Relaxed);
/// c.bytes.store(25_000_000, Ordering::Relaxed);
/// let line = render(&c, Some(100_000_000), Duration::from_secs(5));
/// assert_eq!(line, "figures: [=====               ] 1,200 documents  25.0/100.0 MB  5.0 MB/s  ETA 0:15");
/// ```
pub fn render(c: &Counters, total: Option<u64>, elapsed: Duration) -> String {
    let docs = c.documents.load(Ordering::Relaxed);
    let bytes = c.bytes.load(Ordering::Relaxed);
    let secs = elapsed.as_secs_f64().max(1e-3);
    let rate = bytes as f64 / secs;
    let mb = |b: f64| b / 1e6;
    match total.filter(|&t| t > 0) {
        Some(total) => {
            let frac = (bytes as f64 / total as f64).clamp(0.0, 1.0);
            let filled = (frac * 20.0).round() as usize;
            let left = if rate > 0.0 {
                ((total.saturating_sub(bytes)) as f64 / rate).round() as u64
            } else {
                0
            };
            format!(
                "figures: [{}{}] {} documents  {:.1}/{:.1} MB  {:.1} MB/s  ETA {}:{:02}",
                "=".repeat(filled),
                " ".repeat(20 - filled),
                thousands(docs),
                mb(bytes as f64),
                mb(total as f64),
                mb(rate),
                left / 60,
                left % 60
            )
        }
        None => format!(
            "figures: {} documents  {:.1} MB  {:.1} MB/s",
            thousands(docs),
            mb(bytes as f64),
            mb(rate)
        ),
    }
}

/// `1234567` as `1,234,567`.
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_unknown_totals() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1234567), "1,234,567");
        let c = Counters::default();
        c.bytes.store(2_000_000, Ordering::Relaxed);
        assert_eq!(
            render(&c, None, Duration::from_secs(2)),
            "figures: 0 documents  2.0 MB  1.0 MB/s"
        );
    }
}
