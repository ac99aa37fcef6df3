//! Report files by extension (`-o`) from `check` and `compare`, hostile outputs escaped in
//! every format, and the HTML page in headless Chromium (loads without console errors, the
//! filter works, a screenshot is taken).

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::util::{copy_run, Goldeval};

const SCRIPT: &str = "<script>document.title='pwned-script'</script>";
const IMG: &str = "<img src=x onerror=\"document.title='pwned-img'\">";

/// A lead run and a copy whose outputs are hostile markup (scores unchanged).
fn runs(tmp: &Path) -> (PathBuf, PathBuf) {
    let run = tmp.join("run");
    Goldeval::new([
        "run",
        "--quiet",
        "--backend",
        "lead",
        "--task",
        "summarize",
        "--out",
    ])
    .arg(&run)
    .code(0);
    let evil = copy_run(&run, &tmp.join("evil"), |lines| {
        lines
            .iter()
            .enumerate()
            .map(|(i, line)| {
                let mut v: Value = serde_json::from_str(line).unwrap();
                v["output"] = format!(
                    "{} {}",
                    if i % 2 == 0 { SCRIPT } else { IMG },
                    "x, \"y\" | z"
                )
                .into();
                v.to_string()
            })
            .collect()
    });
    (run, evil)
}

const ID: &str = "<script>document.title='pwned-id'</script>";
const BACKEND: &str = "<img src=x onerror=\"document.title='pwned-backend'\">";

/// Every string `lead` in `v` (the backend's name) replaced by [`BACKEND`].
fn rename_backend(v: &mut Value) {
    match v {
        Value::String(s) if s == "lead" => *s = BACKEND.to_string(),
        Value::Array(a) => a.iter_mut().for_each(rename_backend),
        Value::Object(o) => o.values_mut().for_each(rename_backend),
        _ => {}
    }
}

/// A copy of the lead run `run` at `to` whose item ids start with [`ID`] (scores unchanged);
/// its outputs are hostile too when `outputs`, and its backend is named [`BACKEND`] when
/// `backend` (a name no reader accepts: backend names become file names).
fn renamed(run: &Path, to: &Path, outputs: bool, backend: bool) {
    std::fs::create_dir_all(to).unwrap();
    for f in ["run.json", "summary.json"] {
        let mut v: Value =
            serde_json::from_str(&std::fs::read_to_string(run.join(f)).unwrap()).unwrap();
        if backend {
            rename_backend(&mut v);
        }
        std::fs::write(to.join(f), v.to_string()).unwrap();
    }
    let text = std::fs::read_to_string(run.join("items.jsonl")).unwrap();
    let lines: Vec<String> = text
        .lines()
        .map(|line| {
            let mut v: Value = serde_json::from_str(line).unwrap();
            v["id"] = format!("{ID}{}", v["id"].as_str().unwrap()).into();
            if backend {
                v["backend"] = BACKEND.into();
            }
            if outputs {
                v["output"] = format!("{IMG} {SCRIPT}").into();
            }
            v.to_string()
        })
        .collect();
    std::fs::write(to.join("items.jsonl"), lines.join("\n") + "\n").unwrap();
}

/// `compare a b -o names.html` in `tmp` of two copies of a lead run with hostile item ids and
/// backend names (b's outputs hostile too), so every chart's labels and tooltips carry them.
fn hostile_names_report(tmp: &Path) -> PathBuf {
    let (run, _) = runs(tmp);
    let (a, b) = (format!("a{BACKEND}"), format!("b{BACKEND}"));
    renamed(&run, &tmp.join(&a), false, false);
    renamed(&run, &tmp.join(&b), true, false);
    let html = tmp.join("names.html");
    Goldeval::new(["compare", &a, &b, "-o", "names.html"])
        .current_dir(tmp)
        .code(0);
    html
}

/// How many metric columns the run's summary.json has (every task).
fn summary_columns(run: &Path) -> usize {
    let s: Value =
        serde_json::from_str(&std::fs::read_to_string(run.join("summary.json")).unwrap()).unwrap();
    s["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["metrics"].as_array().unwrap().len())
        .sum()
}

fn compare_reports(tmp: &Path) -> PathBuf {
    let (run, evil) = runs(tmp);
    let out = tmp.join("out");
    std::fs::create_dir_all(&out).unwrap();
    let mut g = Goldeval::new(["compare"]).arg(&run).arg(&evil);
    for ext in ["json", "jsonl", "csv", "md", "junit.xml", "html"] {
        g = g.arg("-o").arg(out.join(format!("report.{ext}")));
    }
    g.code(0);
    out
}

#[test]
fn every_format_is_written_and_hostile_outputs_stay_text() {
    let tmp = tempfile::tempdir().unwrap();
    let out = compare_reports(tmp.path());
    let read = |ext: &str| std::fs::read_to_string(out.join(format!("report.{ext}"))).unwrap();

    let html = read("html");
    assert_eq!(
        html.matches("<script").count(),
        1,
        "only goldeval's own script"
    );
    assert!(!html.contains("<img"), "no img element");
    assert!(html.contains("&lt;script&gt;document.title=&#39;pwned-script&#39;&lt;/script&gt;"));
    assert!(html.contains("&lt;img src=x onerror=&quot;"));
    assert!(html.contains("Content-Security-Policy"));
    assert!(
        !html.contains("http://") || !html.contains("src=\"http"),
        "no external loads"
    );
    assert!(html.contains("<svg"), "charts");
    assert!(
        html.contains("<del>") && html.contains("<ins>"),
        "word diff"
    );

    let xml = read("junit.xml");
    assert!(!xml.contains("<img") && !xml.contains("<script"));
    assert!(xml.contains("run:lead vs "), "{xml}");
    let columns = summary_columns(&tmp.path().join("run"));
    assert_eq!(xml.matches("<testcase ").count(), columns + 6 + 1);

    let md = read("md");
    assert!(!md.contains("<script") && !md.contains("<img"), "{md}");

    let json: Value = serde_json::from_str(&read("json")).unwrap();
    let item = &json["groups"][0]["items"][0];
    assert_eq!(item["right_output"], format!("{SCRIPT} x, \"y\" | z"));
    assert_eq!(read("jsonl").lines().count(), 6);
    for line in read("jsonl").lines() {
        serde_json::from_str::<Value>(line).unwrap();
    }
    let csv = read("csv");
    assert_eq!(csv.lines().count(), 1 + columns, "{csv}");
    assert!(
        csv.starts_with("group,task,metric,better,A,B,delta,p,status\n"),
        "{csv}"
    );
    assert!(
        csv.contains(",summarize,unsupported_numbers,lower,"),
        "{csv}"
    );
    assert!(csv.contains(",summarize,density,descriptive,"), "{csv}");
}

#[test]
fn hostile_item_ids_and_backend_names_stay_text_in_charts_and_tables() {
    let tmp = tempfile::tempdir().unwrap();
    let html = std::fs::read_to_string(hostile_names_report(tmp.path())).unwrap();
    assert_eq!(
        html.matches("<script").count(),
        1,
        "only goldeval's own script"
    );
    assert!(!html.contains("<img"), "no img element");
    let id = "&lt;script&gt;document.title=&#39;pwned-id&#39;&lt;/script&gt;";
    let img = "&lt;img src=x onerror=&quot;document.title=&#39;pwned-backend&#39;&quot;&gt;";
    // The run directories carry the markup; a system is named RUN_DIR:BACKEND.
    let name = format!("{img}:lead");
    // A scatter point's tooltip names its item; a histogram row's tooltip its group.
    assert!(
        html.contains(&format!("<title>{id}sum-01: A ")),
        "scatter tooltip"
    );
    assert!(
        html.contains(&format!("<title>a{name} vs b{name}</title>")),
        "histogram row label"
    );
    assert!(
        html.contains(&format!("<title>a{name} vs b{name} · B: ")),
        "bar tooltip"
    );
    assert!(
        html.contains(&format!("<h3>a{name} vs b{name}</h3>")),
        "scatter heading"
    );
    assert!(html.contains(&format!("<td>{id}sum-02</td>")), "item table");
    let columns = summary_columns(&tmp.path().join("run"));
    assert_eq!(html.matches("<svg class=\"hist\"").count(), columns);
    assert_eq!(html.matches("<svg class=\"scatter\"").count(), columns);
}

/// Issue 12, item 2: a run directory whose backend name could escape a directory (or carry
/// markup) is refused by every reader, before any report is written.
#[test]
fn a_run_with_an_unsafe_backend_name_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let (run, _) = runs(tmp.path());
    renamed(&run, &tmp.path().join("evil"), false, true);
    let out = Goldeval::new(["compare"])
        .arg(&run)
        .arg(tmp.path().join("evil"))
        .code(2);
    assert!(out.stderr.contains("unsafe backend name"), "{}", out.stderr);
}

#[test]
fn check_reports_say_which_gate_failed() {
    let tmp = tempfile::tempdir().unwrap();
    let (run, _) = runs(tmp.path());
    // Halve every score of a copy: every column drops.
    let bad = copy_run(&run, &tmp.path().join("bad"), |lines| {
        lines
            .iter()
            .map(|l| {
                let mut v: Value = serde_json::from_str(l).unwrap();
                for (_, s) in v["scores"].as_object_mut().unwrap() {
                    *s = (s.as_f64().unwrap() / 2.0).into();
                }
                v.to_string()
            })
            .collect()
    });
    let junit = tmp.path().join("r.junit.xml");
    Goldeval::new(["check", "--max-item-regressions", "0", "-o"])
        .arg(&junit)
        .arg(&bad)
        .code(1);
    let xml = std::fs::read_to_string(junit).unwrap();
    // Every column, six items and the other gates; failing: the six quality columns that
    // halved (not unsupported_* at 0, not the descriptive ones), six items, the item gate.
    let columns = summary_columns(&run);
    assert!(
        xml.contains(&format!(
            "<testsuite name=\"lead\" tests=\"{}\" failures=\"13\">",
            columns + 6 + 1
        )),
        "{xml}"
    );
    assert!(
        xml.contains("<failure message=\"max-drop: summarize/rougeL fell by"),
        "{xml}"
    );
    assert!(
        xml.contains("<failure message=\"max-item-regressions: rouge1 0.3246 → 0.1623, rouge2 "),
        "{xml}"
    );
    let unknown = Goldeval::new(["check", "-o", "r.xml"]).arg(&bad).code(2);
    assert!(
        unknown.stderr.contains("unknown report format"),
        "{}",
        unknown.stderr
    );
}

/// The child's output, killing it (and failing) if it runs longer than `limit`: a hung
/// browser must not hang CI.
fn wait_at_most(
    mut child: std::process::Child,
    limit: std::time::Duration,
) -> std::process::Output {
    let start = std::time::Instant::now();
    // Drain stdout and stderr on threads so a chatty browser cannot block on a full pipe.
    let drain = |r: Option<Box<dyn std::io::Read + Send>>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            if let Some(mut r) = r {
                let _ = r.read_to_end(&mut buf);
            }
            buf
        })
    };
    let out = drain(
        child
            .stdout
            .take()
            .map(|s| Box::new(s) as Box<dyn std::io::Read + Send>),
    );
    let err = drain(
        child
            .stderr
            .take()
            .map(|s| Box::new(s) as Box<dyn std::io::Read + Send>),
    );
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > limit {
            child.kill().unwrap();
            panic!("chromium ran longer than {limit:?}");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    std::process::Output {
        status,
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
    }
}

fn chromium() -> Option<&'static str> {
    ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|c| {
            std::process::Command::new(c)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
}

#[test]
fn the_html_report_works_in_headless_chromium() {
    let Some(browser) = chromium() else {
        let reason = "SKIP: no chromium to load the HTML report (apt-get install -y chromium)";
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "{reason} (CI=true)"
        );
        eprintln!("{reason}");
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    // Hostile outputs, item ids and backend names, in tables, tooltips and chart labels.
    let report = hostile_names_report(tmp.path());
    let url = format!("file://{}#q=sum-02", report.display());
    let profile = tmp.path().join("profile");
    let run = |url: &str, extra: &[String]| {
        let child = std::process::Command::new(browser)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--enable-logging=stderr",
                "--v=0",
            ])
            .arg(format!("--user-data-dir={}", profile.display()))
            .args(extra)
            .arg(url)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let o = wait_at_most(child, std::time::Duration::from_secs(90));
        (
            String::from_utf8_lossy(&o.stdout).into_owned(),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        )
    };
    let (dom, log) = run(&url, &["--dump-dom".to_string()]);
    // The filter from the URL ran: one item of six shown, the rest hidden.
    assert!(dom.contains("1 of 6 items"), "{dom}\n{log}");
    assert_eq!(
        dom.matches("<tr class=\"item\" hidden=\"\">").count(),
        5,
        "{dom}"
    );
    assert_eq!(
        dom.matches("<tr class=\"more\" hidden=\"\">").count(),
        5,
        "{dom}"
    );
    // Hostile outputs did not run: the title is ours and no img element exists.
    assert!(dom.contains("<title>goldeval compare</title>"), "{dom}");
    assert!(!dom.contains("<img"), "{dom}");
    let console: Vec<&str> = log.lines().filter(|l| l.contains("CONSOLE")).collect();
    assert!(console.is_empty(), "console messages: {console:?}");
    // The charts rendered: per column a histogram and an A-vs-B scatter of the six items.
    let columns = summary_columns(&tmp.path().join("run"));
    assert_eq!(dom.matches("<svg class=\"hist\"").count(), columns, "{dom}");
    assert_eq!(dom.matches("<svg class=\"scatter\"").count(), columns);
    assert_eq!(
        dom.matches("<circle ").count(),
        6 * columns,
        "a point per item"
    );
    // Sorting: #sort=-id puts the last item first.
    let sorted = format!("file://{}#sort=-id", report.display());
    let (dom, _) = run(&sorted, &["--dump-dom".to_string()]);
    let body = &dom[dom.find("<table id=\"items\">").unwrap()..];
    // The third cell of each row is the id.
    let ids: Vec<&str> = body
        .split("<tr")
        .skip(1)
        .filter_map(|row| row.split("<td>").nth(3)?.split("</td>").next())
        .collect();
    let mut descending = ids.clone();
    descending.sort_unstable_by(|a, b| b.cmp(a));
    assert_eq!(ids.len(), 6, "{ids:?}");
    assert_eq!(ids, descending, "sorted by id, descending");
    let shot = tmp.path().join("report.png");
    run(
        &url,
        &[
            format!("--screenshot={}", shot.display()),
            "--window-size=1280,1600".to_string(),
        ],
    );
    let png = std::fs::read(&shot).unwrap();
    assert!(
        png.len() > 1000 && png.starts_with(b"\x89PNG"),
        "screenshot taken"
    );
    let keep = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("report.png");
    std::fs::copy(&shot, &keep).unwrap();

    // A run's report: one summary matrix per task and the per-kind chart of each QA column
    // (every QA item, so that every kind has a bar).
    let page = tmp.path().join("run.html");
    Goldeval::new([
        "run",
        "--quiet",
        "--backend",
        "lead",
        "--backend",
        "extractive-qa",
        "--out",
    ])
    .arg(tmp.path().join("qa-run"))
    .arg("-o")
    .arg(&page)
    .code(0);
    let page_url = format!("file://{}", page.display());
    let (dom, log) = run(&page_url, &["--dump-dom".to_string()]);
    assert_eq!(dom.matches("<table class=\"matrix\"").count(), 2, "{dom}");
    assert_eq!(dom.matches("<svg class=\"kinds\"").count(), 3, "{dom}");
    assert!(dom.contains("83 of 83 items"), "{dom}");
    for kind in [
        "numeric",
        "date",
        "entity",
        "quote",
        "multi_hop",
        "conflict",
        "unanswerable",
    ] {
        assert_eq!(dom.matches(&format!(">{kind}</text>")).count(), 3, "{kind}");
    }
    let console: Vec<&str> = log.lines().filter(|l| l.contains("CONSOLE")).collect();
    assert!(console.is_empty(), "console messages: {console:?}");
    let shot = tmp.path().join("run-report.png");
    run(
        &page_url,
        &[
            format!("--screenshot={}", shot.display()),
            "--window-size=1280,1600".to_string(),
        ],
    );
    assert!(
        std::fs::read(&shot).unwrap().starts_with(b"\x89PNG"),
        "screenshot taken"
    );
    std::fs::copy(&shot, keep.with_file_name("run-report.png")).unwrap();
}

#[test]
fn run_writes_reports_with_references_and_details() {
    let tmp = tempfile::tempdir().unwrap();
    let (html, junit, csv) = (
        tmp.path().join("run.html"),
        tmp.path().join("run.junit.xml"),
        tmp.path().join("run.csv"),
    );
    Goldeval::new([
        "run",
        "--quiet",
        "--backend",
        "lead",
        "--backend",
        "extractive-qa",
        "--limit",
        "2",
        "--out",
    ])
    .arg(tmp.path().join("run"))
    .arg("-o")
    .arg(&html)
    .arg("-o")
    .arg(&junit)
    .arg("-o")
    .arg(&csv)
    .code(0);
    let html = std::fs::read_to_string(html).unwrap();
    // The first summary's first reference sentence (escaped), from the bundled dataset.
    let summaries =
        std::fs::read_to_string(crate::util::bundled_dataset().join("summaries.jsonl")).unwrap();
    let first: Value = serde_json::from_str(summaries.lines().next().unwrap()).unwrap();
    let reference = first["references"][0].as_str().unwrap();
    let sentence = reference.lines().next().unwrap().replace('\'', "&#39;");
    assert!(html.contains(&sentence), "reference missing: {sentence}");
    assert!(html.contains("<b>word diff reference → output</b>"));
    assert!(html.contains("<pre class=\"details\">"), "details shown");
    // One matrix per task: backends as rows, columns headed with direction and signature.
    assert!(!html.contains("<th>Δ</th>"));
    assert!(html.contains("<table class=\"matrix\" data-task=\"summarize\">"));
    assert!(html.contains("<table class=\"matrix\" data-task=\"answer\">"));
    assert!(
        html.contains("<th title=\"rouge1|tok:rouge-score|stem:porter|refs:max|agg:mean|goldeval:"),
        "signature tooltip"
    );
    assert!(html.contains("<tr><td>extractive-qa</td><td class=\"n\">"));
    let columns = summary_columns(&tmp.path().join("run"));
    assert_eq!(html.matches("<svg class=\"hist\"").count(), columns);
    assert_eq!(
        html.matches("<svg class=\"kinds\"").count(),
        3,
        "one per QA column"
    );
    assert!(
        !html.contains("<svg class=\"scatter\""),
        "no pairs in a run"
    );
    let xml = std::fs::read_to_string(junit).unwrap();
    assert!(xml.contains("<testsuite name=\"lead\""), "{xml}");
    assert!(xml.contains("<testsuite name=\"extractive-qa\""), "{xml}");
    assert!(
        xml.contains("<testcase classname=\"item\" name=\"answer/"),
        "{xml}"
    );
    let csv = std::fs::read_to_string(csv).unwrap();
    assert!(
        csv.starts_with("backend,task,metric,better,mean\n"),
        "{csv}"
    );
    assert!(csv.contains("\nextractive-qa,answer,f1,higher,"), "{csv}");
}

#[test]
fn colours_only_on_a_terminal_and_never_with_no_color() {
    let tmp = tempfile::tempdir().unwrap();
    let (run, _) = runs(tmp.path());
    // Piped stdout: no escape sequence, even without NO_COLOR.
    let piped = Goldeval::new(["check"])
        .arg(&run)
        .env_remove("NO_COLOR")
        .code(0);
    assert!(!piped.stdout.contains('\x1b'), "{}", piped.stdout);
    // A terminal (a pseudo-terminal from util-linux `script`): green PASS; NO_COLOR=1: none.
    let has_script = std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_script {
        let reason = "SKIP: no `script` (util-linux) to give goldeval a terminal";
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "{reason} (CI=true)"
        );
        eprintln!("{reason}");
        return;
    }
    let on_tty = |no_color: Option<&str>| {
        let command = format!("{} check {}", env!("CARGO_BIN_EXE_goldeval"), run.display());
        let mut c = std::process::Command::new("script");
        c.args(["-qec", &command, "/dev/null"])
            .current_dir(crate::util::repo())
            .env_remove("NO_COLOR");
        if let Some(v) = no_color {
            c.env("NO_COLOR", v);
        }
        let o = c.output().unwrap();
        assert!(o.status.success(), "{o:?}");
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    let coloured = on_tty(None);
    assert!(
        coloured.contains("\x1b[32mPASS\x1b[0m  lead"),
        "{coloured:?}"
    );
    let plain = on_tty(Some("1"));
    assert!(
        plain.contains("PASS  lead") && !plain.contains('\x1b'),
        "{plain:?}"
    );
}
