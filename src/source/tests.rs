use std::io::Write;

use super::*;

/// The inputs of `paths`, as a list that can be indexed.
fn listed(paths: &[PathBuf]) -> Vec<Input> {
    discover(paths).collect()
}

/// A fresh folder under the system's temporary folder.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("figures-source-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

fn gz(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

fn all_items(input: Input, cfg: &SourceConfig) -> (Vec<Item>, InputSummary) {
    let mut items = Vec::new();
    let summary = read_input(&Arc::new(input), cfg, &|_| true, &mut |i| items.push(i));
    (items, summary)
}

fn loaded(items: &[Item], cfg: &SourceConfig) -> Vec<Result<Document, (String, &'static str)>> {
    items
        .iter()
        .map(|i| match i.load(cfg, &|_| true) {
            Loaded::Document(d) => Ok(*d),
            Loaded::Rejected { doc_id, rejection } => Err((doc_id, rejection.reason.as_str())),
            Loaded::Skipped => panic!("nothing is skipped here"),
        })
        .collect()
}

#[test]
fn folders_globs_and_ids() {
    let dir = scratch("discover");
    for f in [
        "b.txt",
        "a.md",
        "sub/c.html",
        "sub/d.jsonl.gz",
        "sub/skip.pdf",
        ".hidden/e.txt",
        "2024-01/x.txt",
        "2024-02/y.txt",
    ] {
        let p = dir.join(f);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, "x").unwrap();
    }
    let ids: Vec<String> = discover(std::slice::from_ref(&dir))
        .map(|i| i.id().to_string())
        .collect();
    assert_eq!(
        ids,
        [
            "2024-01/x.txt",
            "2024-02/y.txt",
            "a.md",
            "b.txt",
            "sub/c.html",
            "sub/d.jsonl.gz"
        ]
    );

    let pattern = dir.join("2024-*").join("*.txt");
    let inputs = listed(&[
        pattern.clone(),
        dir.join("b.txt"),
        dir.join("2024-01/x.txt"),
    ]);
    let ids: Vec<&str> = inputs.iter().map(Input::id).collect();
    // relative to the folder the pattern starts from; a file listed twice is read once
    assert_eq!(ids, ["2024-01/x.txt", "2024-02/y.txt", "b.txt"]);
    assert_eq!(inputs[0].format, Some(Format::Text));

    let none = listed(&[dir.join("nothing-*.txt")]);
    assert_eq!(none.len(), 1);
    let (items, _) = all_items(none[0].clone(), &SourceConfig::default());
    let Body::Rejected(r) = &items[0].body else {
        panic!()
    };
    assert_eq!(
        (r.reason, r.message.as_str()),
        (Reason::Unreadable, "no file matches this pattern")
    );
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn gzip_html_and_markdown_files() {
    let dir = scratch("formats");
    let cfg = SourceConfig::default();
    let html =
        b"<html><head><title>T</title><meta property=\"og:url\" content=\"https://n.test/a\">\
        <meta property=\"article:published_time\" content=\"2024-03-01T08:00:00Z\"></head>\
        <body><script>x = '$9 billion'</script><p>Acme will spend $2 billion.</p></body></html>";
    fs::write(dir.join("a.html.gz"), gz(html)).unwrap();
    let (items, summary) = all_items(Input::file(dir.join("a.html.gz"), "a.html.gz"), &cfg);
    assert_eq!(
        summary.sha256,
        sha256_hex(&fs::read(dir.join("a.html.gz")).unwrap())
    );
    let doc = loaded(&items, &cfg).remove(0).unwrap();
    assert_eq!(doc.text, "Acme will spend $2 billion.\n");
    assert_eq!(doc.title.as_deref(), Some("T"));
    assert_eq!(doc.url.as_deref(), Some("https://n.test/a"));
    assert_eq!(
        (doc.published.unwrap().to_string(), doc.published_source),
        ("2024-03-01".to_string(), PublishedSource::Meta)
    );
    assert_eq!(doc.encoding.as_deref(), Some("utf-8"));

    // gzip is recognized by its bytes, the format by its first bytes, whatever the name
    fs::write(dir.join("noext"), gz(b"<p>Hi $1</p>")).unwrap();
    let (items, _) = all_items(Input::file(dir.join("noext"), "noext"), &cfg);
    assert_eq!(items[0].format, Format::Html);

    fs::write(
        dir.join("b.md"),
        "---\ntitle: Front\ndate: 2023-05-06\n---\n# Head\n\n**Bold** $5m.\n",
    )
    .unwrap();
    let (items, _) = all_items(Input::file(dir.join("b.md"), "b.md"), &cfg);
    let doc = loaded(&items, &cfg).remove(0).unwrap();
    assert_eq!(
        (doc.title.as_deref(), doc.text.as_str()),
        (Some("Front"), "Head\n\nBold $5m.\n")
    );

    // a corrupt gzip stream and a gzip bomb
    let mut broken = gz(b"some text that is long enough to matter");
    broken.truncate(broken.len() - 12);
    fs::write(dir.join("c.txt.gz"), broken).unwrap();
    let (items, _) = all_items(Input::file(dir.join("c.txt.gz"), "c"), &cfg);
    assert!(
        matches!(&items[0].body, Body::Rejected(r) if r.reason == Reason::Unreadable),
        "{items:?}"
    );
    fs::write(dir.join("bomb.txt.gz"), gz(&vec![b'a'; 5000])).unwrap();
    let small = SourceConfig {
        max_doc_bytes: 1000,
        ..cfg.clone()
    };
    let (items, summary) = all_items(Input::file(dir.join("bomb.txt.gz"), "bomb"), &small);
    assert!(matches!(&items[0].body, Body::Rejected(r) if r.reason == Reason::TooLarge));
    assert_eq!(summary.sha256, "", "the input was not read to its end");
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn json_lines_stream_one_document_per_line() {
    let dir = scratch("jsonl");
    let lines: [&str; 8] = [
        r#"{"id":"a","text":"Acme will spend $2 billion.","published":"2024-07-09T10:00:00Z","url":"https://n.test/a"}"#,
        "",
        "{not json",
        r#"{"id":7,"html":"<h1>H</h1><p>Beta raised &euro;5m.</p>"}"#,
        r#"{"text":"   "}"#,
        &format!(r#"{{"id":"big","text":"{}"}}"#, "x".repeat(200)),
        r#"{"text":"no id here, line seven"}"#,
        r#"{"id":[1],"text":"x"}"#,
    ];
    fs::write(dir.join("f.jsonl.gz"), gz(lines.join("\r\n").as_bytes())).unwrap();
    let cfg = SourceConfig {
        max_doc_bytes: 150,
        ..SourceConfig::default()
    };
    let (items, summary) = all_items(Input::file(dir.join("f.jsonl.gz"), "f.jsonl.gz"), &cfg);
    assert_eq!(summary.items, 7, "the blank line gives nothing");
    let got: Vec<String> = loaded(&items, &cfg)
        .into_iter()
        .map(|r| match r {
            Ok(d) => format!("{} {:?} {:?}", d.id, d.published, d.url),
            Err((id, reason)) => format!("{id} {reason}"),
        })
        .collect();
    assert_eq!(
        got,
        [
            "a Some(2024-07-09) Some(\"https://n.test/a\")",
            "f.jsonl.gz#3 bad_json",
            "7 None None",
            "f.jsonl.gz#5 empty",
            "f.jsonl.gz#6 too_large",
            "f.jsonl.gz#7 None None",
            "f.jsonl.gz#8 bad_json",
        ]
    );
    let Loaded::Document(d) = items[2].load(&cfg, &|_| true) else {
        panic!()
    };
    assert_eq!(
        (d.title.as_deref(), d.text.as_str()),
        (Some("H"), "H\n\nBeta raised €5m.\n")
    );
    // sharding: a record whose id is not wanted is skipped, not rejected
    assert!(matches!(
        items[0].load(&cfg, &|id| id != "a"),
        Loaded::Skipped
    ));
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn unreadable_inputs() {
    let dir = scratch("unreadable");
    let cfg = SourceConfig::default();
    let reason = |input: Input| {
        let (items, _) = all_items(input, &cfg);
        match &items[0].body {
            Body::Rejected(r) => r.reason,
            Body::Bytes(_) => panic!("read"),
        }
    };
    assert_eq!(
        reason(Input::file(dir.join("missing.txt"), "m")),
        Reason::Unreadable
    );
    assert_eq!(reason(Input::file(dir.clone(), "d")), Reason::Unreadable);
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(dir.join("nowhere"), dir.join("link.txt")).unwrap();
        let inputs = listed(std::slice::from_ref(&dir));
        assert_eq!(inputs.len(), 1, "a dangling link is listed");
        assert_eq!(reason(inputs[0].clone()), Reason::Unreadable);
    }
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn every_reason_has_a_distinct_code() {
    let codes: std::collections::HashSet<_> = Reason::ALL.iter().map(|r| r.as_str()).collect();
    assert_eq!(codes.len(), Reason::ALL.len());
}

#[test]
fn folder_order_is_the_order_of_paths() {
    // a name that begins another ("a" and "a-b.txt", "a.txt"), names with spaces,
    // dots, capitals and non-ASCII letters, folders beside files
    let names = [
        "a/b/c.txt",
        "a/b/d.txt",
        "a/b-c.txt",
        "a/bb.txt",
        "a/b c.txt",
        "a/c.txt",
        "a-b.txt",
        "a.b.txt",
        "a.txt",
        "ab.txt",
        "a b/x.txt",
        "é/x.txt",
        "b.txt",
        "A.txt",
        "z/a.txt",
        "z-a/a.txt",
        "z.a.txt",
        "z a.md",
    ];
    let dir = scratch("order");
    for n in names {
        let p = dir.join(n);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, "x").unwrap();
    }
    let mut by_path: Vec<PathBuf> = names.iter().map(|n| dir.join(n)).collect();
    by_path.sort();
    let inputs = listed(std::slice::from_ref(&dir));
    let listed: Vec<&Path> = inputs.iter().filter_map(Input::path).collect();
    assert_eq!(listed, by_path);
    // each read from the path it shows, its id the path below the folder
    for (input, name) in inputs.iter().zip(&by_path) {
        assert_eq!(&*input.display, name.to_str().unwrap());
        let below = name.strip_prefix(&dir).unwrap().to_str().unwrap();
        assert_eq!(input.id(), below);
    }
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn an_input_keeps_an_id_that_is_not_the_end_of_its_path() {
    let mut input = Input::file(PathBuf::from("/r/news/a.txt"), "a.txt");
    assert_eq!(input.id(), "a.txt");
    input.set_id("elsewhere");
    assert_eq!(input.id(), "elsewhere");
    assert_eq!(input.path(), Some(Path::new("/r/news/a.txt")));
    input.set_id("news/a.txt");
    assert_eq!(input.id(), "news/a.txt");
    let stdin = Input::stdin();
    assert_eq!(
        (stdin.path(), stdin.id(), &*stdin.display),
        (None, "stdin", "-")
    );
    // an id whose length would cut the shown path inside a character
    let mut e = Input::file(PathBuf::from("/r/é.txt"), "é.txt");
    e.set_id("x.txt");
    assert_eq!(e.id(), "x.txt");
    // what a million inputs cost before they are read: 32 bytes each and their paths
    #[cfg(target_pointer_width = "64")]
    assert_eq!(std::mem::size_of::<Input>(), 32);
}

#[cfg(unix)]
#[test]
fn a_name_that_is_not_utf8_is_read_from_its_own_path() {
    use std::os::unix::ffi::OsStrExt;
    let dir = scratch("latin1");
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.txt");
    fs::write(dir.join(name), "Acme will spend $2 billion.").unwrap();
    let inputs = listed(std::slice::from_ref(&dir));
    assert_eq!(inputs.len(), 1);
    assert_eq!(inputs[0].path(), Some(dir.join(name).as_path()));
    assert!(inputs[0].display.ends_with("caf\u{FFFD}.txt"));
    assert_eq!(inputs[0].id(), "caf\u{FFFD}.txt");
    let cfg = SourceConfig::default();
    let (items, _) = all_items(inputs[0].clone(), &cfg);
    let doc = loaded(&items, &cfg).remove(0).unwrap();
    assert_eq!(doc.text, "Acme will spend $2 billion.");
    fs::remove_dir_all(dir).unwrap();
}
