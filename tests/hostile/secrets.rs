//! Secrets: an API key or a configured header value that a server echoes back never reaches
//! a file, a report, the cache or the terminal.

use std::path::Path;

use crate::openai_server::{Fault, Server};
use crate::util::{all_text, items, mini, Goldeval, Outcome};

const KEY: &str = "sk-KEYSENTINEL-4d1e";
const HEADER: &str = "hdr-HEADERSENTINEL-9b7c";

/// `-o DIR/NAME.EXT` for every report format.
fn reports(dir: &Path, name: &str) -> Vec<String> {
    ["json", "jsonl", "csv", "md", "junit.xml", "html"]
        .iter()
        .flat_map(|ext| {
            [
                "-o".to_string(),
                dir.join(format!("{name}.{ext}")).display().to_string(),
            ]
        })
        .collect()
}

/// Issue 12, item 1: a server that returns the key (and a header secret) inside a 200 body
/// got them stored unredacted in items.jsonl, the cache and the reports. Now every output is
/// redacted before it is journaled, cached, scored or reported, and marked `redacted`, on a
/// cache hit too.
#[test]
fn a_key_and_a_header_secret_echoed_in_successful_answers_are_redacted_everywhere() {
    let server = Server::start(|_, _| Fault::EchoHeaders);
    let tmp = tempfile::tempdir().unwrap();
    let (conf, out, cache) = (
        tmp.path().join("conf"),
        tmp.path().join("out"),
        tmp.path().join("cache"),
    );
    std::fs::create_dir_all(&conf).unwrap();
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(
        conf.join("goldeval.toml"),
        format!(
            "[[backend]]\nname = \"model\"\nkind = \"openai\"\nbase_url = \"{}\"\nmodel = \"tiny\"\napi_key_env = \"GOLDEVAL_TEST_KEY\"\nheaders = {{ \"X-Api-Secret\" = \"{HEADER}\" }}\n",
            server.base_url
        ),
    )
    .unwrap();
    let goldeval = |args: Vec<String>, code: i32| -> Outcome {
        Goldeval::new(args)
            .env("GOLDEVAL_TEST_KEY", KEY)
            .env("GOLDEVAL_CACHE_DIR", cache.to_str().unwrap())
            .env_remove("CI")
            .current_dir(&conf)
            .code(code)
    };
    let run = |name: &str| -> Outcome {
        let mut args: Vec<String> = ["run", "--dataset"].map(String::from).to_vec();
        args.push(mini().display().to_string());
        args.extend(["--out".into(), out.join(name).display().to_string()]);
        args.extend(reports(&out, name));
        goldeval(args, 0)
    };
    let first = run("run1");
    let second = run("run2");
    let path = |p: &Path| p.display().to_string();
    let goldens = out.join("goldens");
    let bless = goldeval(
        vec![
            "bless".into(),
            path(&out.join("run1")),
            "--goldens".into(),
            path(&goldens),
        ],
        0,
    );
    let mut check_args = vec![
        "check".to_string(),
        path(&out.join("run2")),
        "--goldens".into(),
        path(&goldens),
        "--dataset".into(),
        path(&mini()),
    ];
    check_args.extend(reports(&out, "check"));
    let check = goldeval(check_args, 0);
    let mut compare_args = vec![
        "compare".to_string(),
        format!("{}:model", path(&out.join("run1"))),
        format!("{}:model", path(&out.join("run2"))),
    ];
    compare_args.extend(reports(&out, "compare"));
    let compare = goldeval(compare_args, 0);

    let seen = server.seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 5, "the second run came from the cache");
    for s in &seen {
        assert_eq!(s.authorization.as_deref(), Some(&*format!("Bearer {KEY}")));
        assert_eq!(
            s.headers.get("x-api-secret").map(String::as_str),
            Some(HEADER)
        );
    }
    for (name, cached) in [("run1", false), ("run2", true)] {
        for item in items(&out.join(name)) {
            assert_eq!(item["redacted"], true, "{item}");
            assert_eq!(item["cached"].as_bool().unwrap_or(false), cached, "{item}");
            let output = item["output"].as_str().unwrap();
            assert!(
                output.contains("authorization: Bearer [redacted]")
                    && output.contains("x-api-secret: [redacted]"),
                "{output}"
            );
        }
    }
    assert!(
        std::fs::read_dir(&out).unwrap().count() >= 18,
        "every report was written"
    );
    let written = all_text(&out) + &all_text(&cache);
    assert!(
        written.contains("[redacted]"),
        "outputs are stored, redacted"
    );
    let printed = [first, second, bless, check, compare]
        .iter()
        .map(|o| format!("{}{}", o.stdout, o.stderr))
        .collect::<String>();
    for (what, text) in [("files", &written), ("stdout or stderr", &printed)] {
        assert!(!text.contains("KEYSENTINEL"), "the key leaked into {what}");
        assert!(
            !text.contains("HEADERSENTINEL"),
            "a header secret leaked into {what}"
        );
    }
}
