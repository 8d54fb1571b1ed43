//! Scheduled batch runs: every reject reason, exit statuses, incremental reruns, the
//! lock, kills at any moment, shards, the config file, the log formats.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use figures::gen::Corpus;
use sha2::Digest;

use crate::workdir::{csv_rows, get, Workdir};

const ARTICLE: &str =
    "Published 3 March 2025\n\nToyota will invest $1.5 billion in Indiana by 2027.\n";

fn gz(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

fn manifest(wd: &Workdir, rel: &str) -> serde_json::Value {
    serde_json::from_str(&wd.read(rel)).unwrap()
}

/// The table files of a run (not the manifest, which holds timestamps).
fn tables(wd: &Workdir, out: &str) -> BTreeMap<String, Vec<u8>> {
    let mut names = vec!["figures.csv", "documents.csv", "rejects.csv"];
    if cfg!(feature = "parquet") {
        names.extend(["figures.parquet", "documents.parquet"]);
    }
    names
        .into_iter()
        .map(|n| (n.to_string(), wd.read_bytes(&format!("{out}/{n}"))))
        .collect()
}

#[test]
fn every_reject_reason_is_a_row_and_the_rest_goes_on() {
    let wd = Workdir::new("reasons");
    wd.create("in/good.txt", ARTICLE);
    wd.create("in/big.txt", "x".repeat(5000));
    wd.create("in/binary.txt", b"\x00\x01\x02 not text");
    // Shift_JIS, which is neither UTF-8 nor Windows-1252
    wd.create(
        "in/sjis.txt",
        b"\x93\xfa\x96{\x8co\x8d\xcf\x90V\x95\xb7 \x93\xfa\x96{\x8co\x8d\xcf",
    );
    wd.create("in/blank.md", " \n\n\t");
    wd.create(
        "in/feed.jsonl",
        format!(
            "{}\n{{broken\n{}\n",
            serde_json::json!({"id": "a", "text": ARTICLE}),
            serde_json::json!({"id": "a", "text": "Sony will spend $2 billion."})
        ),
    );
    #[cfg(unix)]
    std::os::unix::fs::symlink(wd.path("in/gone.txt"), wd.path("in/dangling.txt")).unwrap();
    let out = wd.run_status(
        &["run", "in", "missing.txt", "--max-doc-bytes", "1000"],
        None,
        2,
    );
    let stderr = String::from_utf8_lossy(&out.stderr);

    let rejects = csv_rows(&wd.read("output/rejects.csv"));
    let got: Vec<(&str, &str, &str)> = rejects
        .iter()
        .map(|r| (get(r, "path"), get(r, "line"), get(r, "reason")))
        .collect();
    let mut want = vec![
        ("in/big.txt", "", "too_large"),
        ("in/binary.txt", "", "binary"),
        ("in/blank.md", "", "empty"),
    ];
    if cfg!(unix) {
        want.push(("in/dangling.txt", "", "unreadable"));
    }
    want.extend([
        ("in/feed.jsonl", "2", "bad_json"),
        ("in/feed.jsonl", "3", "duplicate_id"),
        ("in/sjis.txt", "", "undecodable"),
        ("missing.txt", "", "unreadable"),
    ]);
    assert_eq!(got, want);
    for r in &rejects {
        let message = get(r, "message");
        assert!(!message.is_empty());
        assert!(
            stderr.contains(message),
            "every reject is in the summary: {stderr}"
        );
    }
    assert!(get(&rejects[0], "message").contains("5000 bytes"));
    // the good file and the first record of the JSON Lines file count
    let figures = csv_rows(&wd.read("output/figures.csv"));
    let ids: Vec<&str> = figures.iter().map(|f| get(f, "doc_id")).collect();
    assert_eq!(ids, ["a", "good.txt"]);
    let m = manifest(&wd, "output/manifest.json");
    assert_eq!(m["counts"]["rejects"], want.len());
    // every input in the manifest, in order, with its documents and rejects
    let inputs: Vec<(&str, u64, u64)> = m["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            let n = |k: &str| i[k].as_u64().unwrap();
            (i["path"].as_str().unwrap(), n("documents"), n("rejected"))
        })
        .collect();
    let mut listed = vec![
        ("in/big.txt", 1, 1),
        ("in/binary.txt", 1, 1),
        ("in/blank.md", 1, 1),
    ];
    if cfg!(unix) {
        listed.push(("in/dangling.txt", 1, 1));
    }
    listed.extend([
        ("in/feed.jsonl", 3, 2),
        ("in/good.txt", 1, 0),
        ("in/sjis.txt", 1, 1),
        ("missing.txt", 1, 1),
    ]);
    assert_eq!(inputs, listed);
    let good = &m["inputs"][listed.len() - 3];
    assert_eq!(good["bytes"], ARTICLE.len());
    let sha = sha2::Sha256::digest(ARTICLE.as_bytes());
    assert_eq!(good["sha256"], figures::source::hex(&sha));
    assert_eq!(m["inputs"][listed.len() - 1]["sha256"], "");
    assert_eq!(
        m["counts"]["rejects_by_reason"]["unreadable"],
        want.iter().filter(|w| w.2 == "unreadable").count()
    );
    assert!(
        stderr.contains(&format!("{} rejected", want.len())),
        "{stderr}"
    );
}

#[test]
fn exit_statuses_and_fail_on_reject() {
    let wd = Workdir::new("status");
    wd.create("input/a.txt", ARTICLE);
    wd.run(&["run"]);
    let before = tables(&wd, "output");
    wd.create("input/empty.txt", "");
    wd.run_status(&["run"], None, 2);
    let after_reject = tables(&wd, "output");
    assert_ne!(after_reject["documents.csv"], before["documents.csv"]);
    // strict pipelines: any reject fails the run, the tables stay as they were
    let out = wd.run_status(
        &["run", "--fail-on-reject", "input", "nothing.txt"],
        None,
        1,
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("--fail-on-reject"), "{stderr}");
    assert!(
        stderr.contains("nothing.txt"),
        "the rejects are named: {stderr}"
    );
    assert_eq!(tables(&wd, "output"), after_reject);
    // a run that cannot start: bad rates file
    wd.create("rates.csv", "not,a,rates,file\n");
    wd.run_status(&["run", "--rates", "rates.csv"], None, 1);
    assert_eq!(tables(&wd, "output"), after_reject);
    assert!(!wd.path("output/.figures.lock").exists());
}

#[test]
fn reruns_do_no_work_twice_and_mirror_the_inputs() {
    let wd = Workdir::new("incremental");
    let mut corpus = Corpus::new(3);
    for _ in 0..12 {
        let a = corpus.article(1500);
        wd.create(&format!("news/{}", a.id), &a.text);
    }
    let counts = |wd: &Workdir| {
        let m = manifest(wd, "output/manifest.json");
        let c = &m["counts"];
        (
            c["documents"].as_u64().unwrap(),
            c["cached"].as_u64().unwrap(),
            c["extracted"].as_u64().unwrap(),
        )
    };
    let cache_bytes = |wd: &Workdir| -> u64 {
        walk_files(&wd.path("output/.cache"))
            .iter()
            .map(|f| fs::metadata(f).unwrap().len())
            .sum()
    };
    wd.run(&["run", "news"]);
    assert_eq!(counts(&wd), (12, 0, 12));
    let first = tables(&wd, "output");
    let twelve = cache_bytes(&wd);

    // the same inputs: nothing extracted, the same bytes
    wd.run(&["run", "news"]);
    assert_eq!(counts(&wd), (12, 12, 0));
    assert_eq!(tables(&wd, "output"), first);

    // one file added: one file's work
    let extra = corpus.article(1500);
    wd.create("news/extra.txt", &extra.text);
    wd.run(&["run", "news"]);
    assert_eq!(counts(&wd), (13, 12, 1));

    // one file changed: redone
    let changed = "news/000/article-000000.txt";
    wd.create(
        changed,
        format!(
            "{}\nRivian will invest $7.77 billion in Georgia.\n",
            wd.read(changed)
        ),
    );
    wd.run(&["run", "news"]);
    assert_eq!(counts(&wd), (13, 12, 1));
    assert!(wd.read("output/figures.csv").contains("7770000000"));

    // files removed: their rows disappear; the cache keeps at most twice what the
    // current inputs need
    fs::remove_file(wd.path(changed)).unwrap();
    fs::remove_file(wd.path("news/extra.txt")).unwrap();
    wd.run(&["run", "news"]);
    assert_eq!(counts(&wd), (11, 11, 0));
    let figures = wd.read("output/figures.csv");
    assert!(!figures.contains("7770000000") && !figures.contains("extra.txt"));
    assert!(
        cache_bytes(&wd) <= 2 * twelve,
        "{} > 2 x {twelve}",
        cache_bytes(&wd)
    );
    // many changes: old entries do not pile up
    for round in 0..6 {
        // new bytes for the eleven files left
        for k in 1..12 {
            let a = corpus.article(1500);
            wd.create(&format!("news/000/article-{k:06}.txt"), &a.text);
        }
        wd.run(&["run", "news"]);
        assert_eq!(counts(&wd), (11, 0, 11), "round {round}");
        assert!(
            cache_bytes(&wd) <= 3 * twelve,
            "round {round}: {} > 3 x {twelve}",
            cache_bytes(&wd)
        );
    }

    // --full extracts everything again, to the same bytes
    let now = tables(&wd, "output");
    wd.run(&["run", "news", "--full"]);
    assert_eq!(counts(&wd), (11, 0, 11));
    assert_eq!(tables(&wd, "output"), now);

    // the order of the rows never depends on scheduling, nor their bytes on the
    // thread that formats them (the workers when every core runs one, else the
    // writer)
    wd.run(&["run", "news", "--full", "--jobs", "1"]);
    assert_eq!(tables(&wd, "output"), now);

    // other options, other rows: the cache does not serve them
    wd.run(&["run", "news", "--base-currency", "EUR"]);
    assert_eq!(counts(&wd), (11, 0, 11));
}

fn walk_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(walk_files(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}

/// The start time of a process, as the lock file records it.
fn start_time(pid: u32) -> String {
    let stat = fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    let after = &stat[stat.rfind(')').unwrap() + 1..];
    after.split_whitespace().nth(19).unwrap().to_string()
}

#[test]
#[cfg(target_os = "linux")]
fn a_second_run_fails_at_once_and_a_stale_lock_is_taken_over() {
    let wd = Workdir::new("lock");
    wd.create("input/a.txt", ARTICLE);
    wd.run(&["run"]);
    let before = tables(&wd, "output");
    wd.create("input/b.txt", ARTICLE.replace("Toyota", "Honda"));
    // a live run holds the lock (this test process stands in for it)
    let me = std::process::id();
    wd.create("output/.figures.lock", format!("{me} {}\n", start_time(me)));
    let started = Instant::now();
    let out = wd.run_status(&["run"], None, 1);
    assert!(started.elapsed() < Duration::from_secs(5), "fails at once");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("another figures run (pid {me})")),
        "{stderr}"
    );
    assert!(
        stderr.contains(".figures.lock"),
        "says which file: {stderr}"
    );
    assert_eq!(tables(&wd, "output"), before);

    // its owner died (SIGKILL leaves the file behind): the lock is stale
    let mut child = std::process::Command::new("true").spawn().unwrap();
    let dead = child.id();
    child.wait().unwrap();
    wd.create("output/.figures.lock", format!("{dead} 12345\n"));
    wd.run(&["run"]);
    assert!(wd.read("output/figures.csv").contains("Honda"));
    assert!(
        !wd.path("output/.figures.lock").exists(),
        "released on exit"
    );
}

#[test]
#[cfg(unix)]
fn a_run_killed_at_any_moment_leaves_complete_tables() {
    let wd = Workdir::new("kill");
    let n = Corpus::new(11)
        .write(&wd.path("corpus"), 2_400_000, 1000, false)
        .unwrap();
    assert!(n >= 2000, "a few thousand documents: {n}");
    wd.run(&["run", "corpus", "--quiet"]);
    let old = tables(&wd, "output");

    // new inputs: changed, added and removed files
    let mut corpus = Corpus::new(12);
    for i in (0..n).step_by(20) {
        let a = corpus.article(1000);
        wd.create(
            &format!("corpus/{:03}/article-{i:06}.txt", i / 1000),
            &a.text,
        );
    }
    for i in 0..50 {
        wd.create(&format!("corpus/new/{i}.txt"), corpus.article(1000).text);
    }
    for i in (5..n).step_by(97) {
        let _ = fs::remove_file(wd.path(&format!("corpus/{:03}/article-{i:06}.txt", i / 1000)));
    }
    // the new tables, from a complete run elsewhere (tables do not depend on the
    // output folder); a copy of the cache times a run like the ones to be killed
    copy_dir(&wd.path("output"), &wd.path("timing"));
    let t = Instant::now();
    wd.run(&["run", "corpus", "--quiet", "--out", "timing"]);
    let full = t.elapsed();
    let new = tables(&wd, "timing");
    assert_ne!(old["figures.csv"], new["figures.csv"]);

    let mut seen_old = 0;
    let fractions = [0.02, 0.1, 0.3, 0.5, 0.7, 0.85, 0.95, 1.0];
    for (k, f) in fractions.iter().enumerate() {
        let mut child = wd
            .command(&["run", "corpus", "--quiet"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        if k == fractions.len() - 1 {
            // the last kill lands while the files are being moved into place
            let deadline = Instant::now() + full * 4;
            while Instant::now() < deadline
                && !has_temporary(&wd.path("output"), ".manifest.json.tmp-")
            {
                std::thread::sleep(Duration::from_micros(200));
            }
        } else {
            std::thread::sleep(full.mul_f64(*f));
        }
        child.kill().unwrap();
        let status = child.wait().unwrap();
        let now = tables(&wd, "output");
        for (name, bytes) in &now {
            let is_old = *bytes == old[name];
            let is_new = *bytes == new[name];
            assert!(
                is_old || is_new,
                "kill {k} (status {status:?}): {name} is neither the old nor the new table"
            );
            seen_old += usize::from(is_old && !is_new);
        }
        let _: serde_json::Value = serde_json::from_str(&wd.read("output/manifest.json"))
            .unwrap_or_else(|e| panic!("kill {k}: the manifest is not complete JSON: {e}"));
    }
    assert!(
        seen_old > 0,
        "some kills came before the new tables were complete"
    );
    // the next run finishes what the killed ones began, and cleans up after them
    wd.run(&["run", "corpus", "--quiet"]);
    assert_eq!(tables(&wd, "output"), new);
    assert!(!has_temporary(&wd.path("output"), ".tmp-"));
    assert!(!wd.path("output/.figures.lock").exists());
}

fn has_temporary(dir: &Path, pattern: &str) -> bool {
    fs::read_dir(dir)
        .map(|es| {
            es.flatten()
                .any(|e| e.file_name().to_string_lossy().contains(pattern))
        })
        .unwrap_or(false)
}

fn copy_dir(from: &Path, to: &Path) {
    for f in walk_files(from) {
        let dest = to.join(f.strip_prefix(from).unwrap());
        fs::create_dir_all(dest.parent().unwrap()).unwrap();
        fs::copy(&f, &dest).unwrap();
    }
}

#[test]
fn shards_split_the_documents_and_together_make_the_whole() {
    let wd = Workdir::new("shards");
    Corpus::new(5)
        .write(&wd.path("news"), 60_000, 1500, false)
        .unwrap();
    wd.create(
        "feed.jsonl",
        (0..20)
            .map(|i| {
                format!(
                    "{}\n",
                    serde_json::json!({"id": format!("r{i}"), "text": ARTICLE})
                )
            })
            .collect::<String>(),
    );
    wd.run(&[
        "run",
        "news",
        "feed.jsonl",
        "--out",
        "whole",
        "--format",
        "csv",
    ]);
    // both parts at once, into one dataset folder: their locks do not collide
    let parts: Vec<_> = (0..2)
        .map(|k| {
            wd.command(&[
                "run",
                "news",
                "feed.jsonl",
                "--out",
                "data",
                "--format",
                "csv",
                "--shard",
                &format!("{k}/2"),
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
        })
        .collect();
    for p in parts {
        let out = p.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    for table in ["figures", "documents"] {
        let whole = csv_rows(&wd.read(&format!("whole/{table}.csv")));
        let mut parts = Vec::new();
        for k in 0..2 {
            let rows = csv_rows(&wd.read(&format!("data/{table}/part-{k}-of-2.csv")));
            assert!(!rows.is_empty(), "part {k} of {table} has rows");
            parts.extend(rows);
        }
        let key = |r: &Vec<(String, String)>| format!("{r:?}");
        let mut a: Vec<String> = whole.iter().map(key).collect();
        let mut b: Vec<String> = parts.iter().map(key).collect();
        a.sort();
        b.sort();
        assert_eq!(a, b, "the parts of {table} make the whole");
    }
    assert!(wd.path("data/rejects/part-1-of-2.csv").exists());
    let m = manifest(&wd, "data/manifests/part-0-of-2.json");
    assert_eq!(m["options"]["shard"], "0/2");
    assert!(!wd.path("data/figures.csv").exists());
}

#[test]
fn html_markdown_gzip_globs_and_stdin() {
    let wd = Workdir::new("formats");
    wd.create(
        "news/2024/a.html",
        r#"<html><head><title>Site | Chips</title>
        <meta property="og:title" content="Chipmaker Expands">
        <link rel="canonical" href="https://news.test/a">
        <script type="application/ld+json">{"datePublished": "2024-05-02T08:00:00Z"}</script>
        <style>p { color: red }</style></head>
        <body><nav>Home | $9 billion deals</nav><p>Intel will invest <b>$20 billion</b> in Ohio.</p>
        <script>var ad = "$5 billion";</script></body></html>"#,
    );
    wd.create("news/2024/b.md.gz", gz(b"---\ntitle: Front Matter Title\ndate: 2024-06-01\n---\n# Heading\n\n**Sony** will spend $2 billion.\n"));
    wd.create("news/2025/c.txt.gz", gz(ARTICLE.as_bytes()));
    wd.create("news/2025/skip.pdf", b"%PDF-1.7");
    wd.create("feeds/f.jsonl.gz", gz(format!("{}\n", serde_json::json!({"id": "h1", "html": "<p>Honda raised &euro;3 billion.</p>", "url": "https://news.test/h1", "published": "2024-01-02"})).as_bytes()));
    wd.create(
        "latin1.txt",
        b"Published 3 March 2025\n\nCaf\xe9 Holdings will invest \x803 million.\n",
    );
    let out = wd.run_status(
        &[
            "run",
            "news/*/*.html",
            "news/2024/*.gz",
            "news/2025",
            "feeds",
            "latin1.txt",
            "-",
            "--format",
            "csv",
        ],
        Some(ARTICLE.replace("Toyota", "Subaru").as_bytes()),
        0,
    );
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("6 documents"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let docs = csv_rows(&wd.read("output/documents.csv"));
    let got: Vec<String> = docs
        .iter()
        .map(|d| {
            format!(
                "{} | {} | {} | {} | {} | {}",
                get(d, "doc_id"),
                get(d, "title"),
                get(d, "published"),
                get(d, "published_source"),
                get(d, "url"),
                get(d, "encoding")
            )
        })
        .collect();
    eqnice!(
        [
            "2024/a.html | Chipmaker Expands | 2024-05-02 | meta | https://news.test/a | utf-8",
            "b.md.gz | Front Matter Title | 2024-06-01 | meta |  | utf-8",
            "c.txt.gz |  | 2025-03-03 | text |  | utf-8",
            "h1 |  | 2024-01-02 | record | https://news.test/h1 | utf-8",
            "latin1.txt |  | 2025-03-03 | text |  | windows-1252",
            "stdin |  | 2025-03-03 | text |  | utf-8",
        ]
        .join("\n"),
        got.join("\n")
    );
    // a document's hash is of its bytes as read, decompressed (the reader's hash of a
    // whole input stored as it is, else the worker's)
    let sha = |b: &[u8]| {
        use sha2::Digest;
        sha2::Sha256::digest(b)
            .iter()
            .map(|x| format!("{x:02x}"))
            .collect::<String>()
    };
    let hashes: Vec<(&str, &str)> = docs
        .iter()
        .map(|d| (get(d, "doc_id"), get(d, "sha256")))
        .collect();
    let subaru = ARTICLE.replace("Toyota", "Subaru");
    assert_eq!(
        hashes[0],
        (
            "2024/a.html",
            sha(&wd.read_bytes("news/2024/a.html")).as_str()
        )
    );
    assert_eq!(hashes[2], ("c.txt.gz", sha(ARTICLE.as_bytes()).as_str()));
    assert_eq!(
        hashes[4],
        ("latin1.txt", sha(&wd.read_bytes("latin1.txt")).as_str())
    );
    assert_eq!(hashes[5], ("stdin", sha(subaru.as_bytes()).as_str()));
    let figures = csv_rows(&wd.read("output/figures.csv"));
    let texts: Vec<&str> = figures.iter().map(|f| get(f, "text")).collect();
    assert_eq!(
        texts,
        [
            "$20 billion",
            "$2 billion",
            "$1.5 billion",
            "€3 billion",
            "€3 million",
            "$1.5 billion"
        ]
    );
    assert_eq!(get(&figures[5], "actor"), "Subaru");
}

#[test]
fn config_file_and_flags() {
    let wd = Workdir::new("config");
    wd.create("articles/a.txt", ARTICLE);
    wd.create(
        "figures.toml",
        "inputs = [\"articles\"]\nout = \"tables\"\nformats = [\"csv\"]\nbase_currency = \"EUR\"\n",
    );
    wd.run(&["run", "--quiet"]);
    let figures = csv_rows(&wd.read("tables/figures.csv"));
    assert_eq!(get(&figures[0], "base_currency"), "EUR");
    assert!(!wd.path("tables/figures.parquet").exists());
    assert_eq!(
        manifest(&wd, "tables/manifest.json")["options"]["config"],
        "figures.toml"
    );
    // a flag wins over the file
    wd.run(&["run", "--quiet", "--base-currency", "GBP"]);
    let figures = csv_rows(&wd.read("tables/figures.csv"));
    assert_eq!(get(&figures[0], "base_currency"), "GBP");
    // a key the file may not hold is an error, with its name
    wd.create("bad.toml", "output = \"x\"\n");
    let out = wd.run_status(&["run", "--config", "bad.toml"], None, 1);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("unknown field") && stderr.contains("output"),
        "{stderr}"
    );
}

#[test]
fn json_logs_quiet_runs_and_no_bar_on_a_pipe() {
    let wd = Workdir::new("logs");
    wd.create("input/a.txt", ARTICLE);
    wd.create("input/b.txt", "");
    let out = wd.run_status(&["run", "--log-format", "json"], None, 2);
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stderr)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l:?}: {e}")))
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(
        (lines[0]["event"].as_str(), lines[0]["reason"].as_str()),
        (Some("reject"), Some("empty"))
    );
    assert_eq!(lines[1]["event"], "summary");
    assert_eq!(
        (lines[1]["documents"].as_u64(), lines[1]["rejects"].as_u64()),
        (Some(1), Some(1))
    );
    let out = wd.run_status(
        &["run", "--log-format", "json", "--format", "xlsx"],
        None,
        1,
    );
    let line: serde_json::Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(line["event"], "error");

    fs::remove_file(wd.path("input/b.txt")).unwrap();
    let out = wd.run(&["run", "--quiet"]);
    assert!(out.stderr.is_empty());
    let out = wd.run(&["run"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains('\r') && stderr.lines().count() == 1,
        "one summary line, no bar: {stderr:?}"
    );
}

/// A table that cannot be written (a full disk; here the files' size limit) ends the
/// run with an error, while the reader still has documents to give: the workers stop
/// taking its chunks, and it stops too, rather than waiting to hand them over.
#[test]
#[cfg(target_os = "linux")]
fn a_write_error_ends_the_run_with_an_error() {
    use std::os::unix::process::CommandExt;
    let wd = Workdir::new("write_error");
    // many small documents: most are still to be read when the first table fails
    for i in 0..4000 {
        wd.create(
            &format!("news/a{i:05}.txt"),
            format!("{ARTICLE}Sony will spend {i} million yen on chips in Japan.\n"),
        );
    }
    let mut cmd = wd.command(&["run", "news", "--out", "output", "--quiet", "--jobs", "2"]);
    cmd.stdout(Stdio::null()).stderr(Stdio::piped());
    // SAFETY: between fork and exec, only async-signal-safe calls: a file larger than
    // 64 kB cannot be written (EFBIG, the signal that would kill the process ignored)
    unsafe {
        cmd.pre_exec(|| {
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            let limit = libc::rlimit {
                rlim_cur: 64 << 10,
                rlim_max: 64 << 10,
            };
            libc::setrlimit(libc::RLIMIT_FSIZE, &limit);
            Ok(())
        });
    }
    let mut child = cmd.spawn().unwrap();
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            panic!("the run did not end after its output failed");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    assert_eq!(status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("File too large"), "{stderr}");
    assert!(
        !wd.path("output/figures.csv").exists(),
        "nothing half-written in place"
    );
}
