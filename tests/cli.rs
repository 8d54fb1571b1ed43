//! The command line: exit statuses, rejects, the other subcommands.

use crate::workdir::{csv_rows, get, Workdir};

const ARTICLE: &str =
    "Published 3 March 2025\n\nToyota will invest $1.5 billion in Indiana by 2027.\n";

#[test]
fn bad_inputs_are_rejected_and_the_rest_goes_on() {
    let wd = Workdir::new("rejects");
    wd.create("in/good.txt", ARTICLE);
    wd.create("in/empty.txt", "  \n\t\n");
    wd.create("in/binary.txt", b"\x00\x01\x02PK\x03\x04 zip");
    wd.create("in/latin1.txt", b"Caf\xe9 owners will invest $5 million.");
    let out = wd.run_status(&["run", "in", "--out", "out"], None, 2);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("2 rejected"), "{stderr}");

    let rejects = csv_rows(&wd.read("out/rejects.csv"));
    let reasons: Vec<(&str, &str)> = rejects
        .iter()
        .map(|r| (get(r, "path"), get(r, "reason")))
        .collect();
    assert_eq!(
        reasons,
        [("in/binary.txt", "binary"), ("in/empty.txt", "empty"),]
    );
    assert!(rejects.iter().all(|r| !get(r, "message").is_empty()));

    let figures = csv_rows(&wd.read("out/figures.csv"));
    let ids: Vec<&str> = figures.iter().map(|f| get(f, "doc_id")).collect();
    assert_eq!(ids, ["good.txt", "latin1.txt"]);
    let docs = csv_rows(&wd.read("out/documents.csv"));
    let statuses: Vec<(&str, &str, &str)> = docs
        .iter()
        .map(|d| (get(d, "doc_id"), get(d, "status"), get(d, "encoding")))
        .collect();
    assert_eq!(
        statuses,
        [
            ("binary.txt", "rejected", ""),
            ("empty.txt", "rejected", ""),
            ("good.txt", "ok", "utf-8"),
            ("latin1.txt", "ok", "iso-8859-1"),
        ]
    );
}

#[test]
fn missing_and_oversized_inputs_are_rejected() {
    let wd = Workdir::new("rejects-size");
    wd.create("big.txt", "x".repeat(2000));
    wd.create("ok.txt", ARTICLE);
    wd.run_status(
        &[
            "run",
            "big.txt",
            "ok.txt",
            "nowhere.txt",
            "--max-doc-bytes",
            "1000",
        ],
        None,
        2,
    );
    let rejects = csv_rows(&wd.read("output/rejects.csv"));
    let reasons: Vec<&str> = rejects.iter().map(|r| get(r, "reason")).collect();
    assert_eq!(reasons, ["too_large", "unreadable"]);
    assert!(get(&rejects[0], "message").contains("2000 bytes"));
}

#[test]
fn a_clean_run_exits_zero_and_writes_every_file() {
    let wd = Workdir::new("clean");
    wd.create("input/a.txt", ARTICLE);
    wd.run(&["run"]);
    for f in [
        "figures.csv",
        "documents.csv",
        "rejects.csv",
        "manifest.json",
    ] {
        assert!(wd.path(&format!("output/{f}")).exists(), "{f}");
    }
    if cfg!(feature = "parquet") {
        assert!(wd.path("output/figures.parquet").exists());
        assert!(wd.path("output/documents.parquet").exists());
    }
    let manifest: serde_json::Value =
        serde_json::from_str(&wd.read("output/manifest.json")).unwrap();
    assert_eq!(manifest["counts"]["figures"], 1);
    assert_eq!(manifest["inputs"][0]["sha256"].as_str().unwrap().len(), 64);
    let rejects = wd.read("output/rejects.csv");
    assert_eq!(rejects, "path,line,reason,message\n");
}

#[test]
fn a_run_that_cannot_finish_exits_one_and_leaves_earlier_tables() {
    let wd = Workdir::new("abort");
    wd.create("input/a.txt", ARTICLE);
    wd.run(&["run", "--format", "csv"]);
    let before = wd.read("output/figures.csv");
    let out = wd.run_status(&["run", "--format", "xlsx"], None, 1);
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown format"));
    let out = wd.run_status(&["run", "--base-currency", "XYZ"], None, 1);
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown base currency"));
    // an output folder that cannot be made
    wd.create("blocked", "a file where the folder should be");
    let out = wd.run_status(&["run", "--out", "blocked/out"], None, 1);
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot create the output folder"));
    assert_eq!(wd.read("output/figures.csv"), before);
}

#[test]
fn csv_header_follows_the_contract() {
    let wd = Workdir::new("header");
    wd.create("input/a.txt", ARTICLE);
    wd.run(&["run", "--format", "csv"]);
    let csv = wd.read("output/figures.csv");
    let header = csv.lines().next().unwrap();
    eqnice!(
        "doc_id,figure_id,kind,text,start,end,value,value_min,value_max,qualifier,currency,\
         currency_basis,unit,actor,action,recipient,location,country_code,period_text,period_start,period_end,\
         period_grain,rate_per,published,base_currency,base_value,fx_rate,fx_date,fx_source,annual_base_value,mentions,sentence",
        header
    );
    assert!(!csv.contains('\r'), "line ends are \\n");
    assert!(!wd.path("output/figures.parquet").exists(), "csv only");
}

#[test]
fn offsets_are_characters_and_slice_back_to_the_text() {
    let wd = Workdir::new("offsets");
    let text = "Published 3 March 2025\n\nZürich’s UBS will spend €2 billion in Switzerland.\n";
    wd.create("input/a.txt", text);
    wd.run(&["run", "--format", "csv"]);
    let rows = csv_rows(&wd.read("output/figures.csv"));
    let chars: Vec<char> = text.chars().collect();
    for r in &rows {
        let s: usize = get(r, "start").parse().unwrap();
        let e: usize = get(r, "end").parse().unwrap();
        let slice: String = chars[s..e].iter().collect();
        assert_eq!(slice, get(r, "text"));
    }
    assert_eq!(get(&rows[0], "text"), "€2 billion");
    assert_eq!(get(&rows[0], "currency"), "EUR");
}

#[test]
fn extract_reads_jsonl_records_and_reports_bad_lines() {
    let wd = Workdir::new("jsonl");
    let input = concat!(
        r#"{"id":"r1","text":"Sony will invest $2 billion in Japan.","published":"2024-05-01"}"#,
        "\n",
        "not json\n",
        r#"{"id":"r2","text":"Intel will spend $20 billion by 2026."}"#,
        "\n",
    );
    let out = wd.run_status(
        &["extract", "--jsonl", "--published", "2024-06-01"],
        Some(input.as_bytes()),
        2,
    );
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["doc_id"], "r1");
    assert_eq!(lines[0]["published"], "2024-05-01");
    assert_eq!(lines[1]["doc_id"], "r2");
    assert_eq!(
        lines[1]["published"], "2024-06-01",
        "--published fills a record without a date"
    );
    assert_eq!(lines[1]["period_start"], "2024-06-01");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(":2:") && stderr.contains("bad_json"),
        "{stderr}"
    );
}

#[test]
fn extract_from_stdin_and_a_closed_pipe() {
    let wd = Workdir::new("stdin");
    let out = wd.run_status(&["extract", "-"], Some(ARTICLE.as_bytes()), 0);
    let line: serde_json::Value =
        serde_json::from_slice(out.stdout.split(|b| *b == b'\n').next().unwrap()).unwrap();
    assert_eq!(line["value"], 1500000000);
    assert_eq!(line["actor"], "Toyota");
    let out = wd.run_status(&["extract"], Some(b"\0\0binary"), 2);
    assert!(String::from_utf8_lossy(&out.stderr).contains("binary"));
}

#[test]
fn schema_lists_every_table() {
    let wd = Workdir::new("schema");
    let out = wd.run(&["schema"]);
    let text = String::from_utf8(out.stdout).unwrap();
    for want in [
        "figures",
        "documents",
        "rejects",
        "period_start",
        "date",
        "annual_base_value",
    ] {
        assert!(text.contains(want), "{want} missing from:\n{text}");
    }
    let out = wd.run(&["schema", "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["figures"].as_array().unwrap().len(), 32);
    assert_eq!(json["figures"][19]["name"], "period_start");
    assert_eq!(json["figures"][19]["type"], "date");
}

#[test]
fn formulas_in_text_cells_are_neutralized() {
    let wd = Workdir::new("formula");
    wd.create(
        "input/a.txt",
        "=HYPERLINK(\"x\") Sony will invest $2 billion in Japan.\n",
    );
    wd.run(&["run", "--format", "csv"]);
    let rows = csv_rows(&wd.read("output/figures.csv"));
    assert!(get(&rows[0], "sentence").starts_with("'=HYPERLINK"));
}

#[test]
fn a_record_locale_settles_which_dollar() {
    let wd = Workdir::new("locale");
    let input = concat!(
        r#"{"id":"au","locale":"en-AU","text":"Qantas will spend $2 billion on jets.","published":"2024-05-01"}"#,
        "\n",
        r#"{"id":"us","text":"Delta will spend $2 billion on jets.","published":"2024-05-01"}"#,
        "\n",
    );
    let out = wd.run_status(&["extract", "--jsonl"], Some(input.as_bytes()), 0);
    let rows: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(
        (
            rows[0]["currency"].as_str(),
            rows[0]["currency_basis"].as_str()
        ),
        (Some("AUD"), Some("context"))
    );
    assert_eq!(
        (
            rows[1]["currency"].as_str(),
            rows[1]["currency_basis"].as_str()
        ),
        (Some("USD"), Some("default"))
    );
    // 2024-05-01 is an ECB holiday: the rates of 2024-04-30, USD 1.0718 and AUD 1.6423
    // per euro; 2000000000 × 1.0718 / 1.6423 = 1305242647.506546
    assert_eq!(rows[0]["fx_source"], "ECB");
    assert_eq!(rows[0]["fx_date"], "2024-04-30");
    assert_eq!(rows[0]["base_value"].as_f64(), Some(1305242647.506546));
}

/// The ECB's rates of 2024-01-19 (a Friday): USD 1.0887, JPY 161.17, GBP 0.85825 per
/// euro, as eurofxref-hist publishes them.
fn converted(value: &str, base_per_eur: &str, per_eur: &str) -> f64 {
    let v: rust_decimal::Decimal = value.parse().unwrap();
    let b: rust_decimal::Decimal = base_per_eur.parse().unwrap();
    let p: rust_decimal::Decimal = per_eur.parse().unwrap();
    figures::load::row::decimal_f64((v * b / p).round_dp(6))
}

#[test]
fn yen_converts_at_the_rate_of_the_publication_day() {
    let wd = Workdir::new("fx");
    wd.create(
        "input/friday.txt",
        "Published January 19, 2024\n\nSony will invest ¥100 billion in Kumamoto.\n",
    );
    wd.create(
        "input/saturday.txt",
        "Published January 20, 2024\n\nSony will invest ¥100 billion in Kumamoto.\n",
    );
    wd.run(&["run", "--format", "csv"]);
    let rows = csv_rows(&wd.read("output/figures.csv"));
    for r in &rows {
        assert_eq!(get(r, "currency"), "JPY");
        assert_eq!(get(r, "fx_source"), "ECB");
        assert_eq!(get(r, "fx_date"), "2024-01-19", "{}", get(r, "doc_id"));
        let got: f64 = get(r, "base_value").parse().unwrap();
        assert_eq!(got, converted("100000000000", "1.0887", "161.17"));
    }
    assert_eq!(rows.len(), 2);
}

#[test]
fn another_base_currency_and_user_rates() {
    let wd = Workdir::new("fx-base");
    wd.create(
        "input/a.txt",
        "Published January 19, 2024\n\nThe fund raised $10 million. TSMC will spend NT$30 billion. BP paid £2 million.\n",
    );
    wd.create(
        "rates.csv",
        "date,currency,rate_per_eur\n2024-01-19,TWD,34.2\n",
    );
    wd.run(&[
        "run",
        "--format",
        "csv",
        "--base-currency",
        "GBP",
        "--rates",
        "rates.csv",
    ]);
    let rows = csv_rows(&wd.read("output/figures.csv"));
    let by = |t: &str| rows.iter().find(|r| get(r, "text") == t).unwrap();
    let usd = by("$10 million");
    assert_eq!(get(usd, "base_currency"), "GBP");
    assert_eq!(
        get(usd, "base_value").parse::<f64>().unwrap(),
        converted("10000000", "0.85825", "1.0887")
    );
    let twd = by("NT$30 billion");
    assert_eq!(get(twd, "fx_source"), "user");
    assert_eq!(
        get(twd, "base_value").parse::<f64>().unwrap(),
        converted("30000000000", "0.85825", "34.2")
    );
    let gbp = by("£2 million");
    assert_eq!(
        (get(gbp, "fx_source"), get(gbp, "fx_rate")),
        ("identity", "1")
    );
}

#[test]
fn currencies_without_rates_keep_their_amount_and_are_counted() {
    let wd = Workdir::new("fx-none");
    wd.create(
        "input/a.txt",
        "Published January 19, 2024\n\nTSMC will spend NT$30 billion in Taiwan.\n",
    );
    let out = wd.run(&["run", "--format", "csv"]);
    let rows = csv_rows(&wd.read("output/figures.csv"));
    assert_eq!(
        (get(&rows[0], "value"), get(&rows[0], "base_value")),
        ("30000000000", "")
    );
    let manifest: serde_json::Value =
        serde_json::from_str(&wd.read("output/manifest.json")).unwrap();
    assert_eq!(manifest["counts"]["unconverted"], 1);
    assert!(String::from_utf8_lossy(&out.stderr).contains("1 amounts not converted"));
}

#[test]
fn rates_subcommand_lists_and_converts() {
    let wd = Workdir::new("rates-cmd");
    let out = wd.run(&["rates"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("JPY   1999-01-04"), "{text}");
    let out = wd.run(&[
        "rates",
        "1000000",
        "jpy",
        "--to",
        "usd",
        "--date",
        "2024-01-20",
    ]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("1000000 JPY = 6754.979214 USD\n"),
        "{text}"
    );
    assert!(text.contains("of 2024-01-19, source ECB"), "{text}");
    let out = wd.run_status(&["rates", "1", "XYZ"], None, 1);
    assert!(String::from_utf8_lossy(&out.stderr).contains("no XYZ/USD rate"));
    wd.create("bad.csv", "when,USD\n");
    let out = wd.run_status(&["run", "--rates", "bad.csv"], None, 1);
    assert!(String::from_utf8_lossy(&out.stderr).contains("Date"));
}
