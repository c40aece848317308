//! The local page's server over real HTTP: a collection made, the sample inbox dropped in,
//! run, its problems and workbooks read back; and every security rule tried and refused.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::http::{Response, Served, enc, send};

const NAME: &str = "2023-2024学年第一学期";

fn root_of(dir: &Path) -> std::path::PathBuf {
    dir.join("jiaoke")
}

fn started(dir: &Path) -> Served {
    let root = root_of(dir);
    Served::start(&["serve", root.to_str().unwrap()], dir)
}

fn collection(s: &Served, name: &str) {
    let r = s.call(
        "POST",
        "/api/collections",
        serde_json::json!({ "name": name }).to_string().as_bytes(),
    );
    assert_eq!(r.status, 201, "{}", String::from_utf8_lossy(&r.body));
}

fn put(s: &Served, name: &str, rel: &str, body: &[u8], replace: bool) -> Response {
    let target = format!(
        "/api/c/{}/files?path={}{}",
        enc(name),
        enc(rel),
        if replace { "&replace=1" } else { "" }
    );
    s.call("PUT", &target, body)
}

/// Drops every file of a folder in, as the page's folder picker does.
fn drop_folder(s: &Served, name: &str, folder: &Path) -> usize {
    let mut sent = 0;
    for entry in walkdir::WalkDir::new(folder).sort_by_file_name() {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(folder).unwrap();
        let rel = rel.to_string_lossy().replace('\\', "/");
        let r = put(s, name, &rel, &std::fs::read(entry.path()).unwrap(), false);
        assert_eq!(r.status, 201, "{rel}: {}", String::from_utf8_lossy(&r.body));
        sent += 1;
    }
    sent
}

fn run_to_end(s: &Served, name: &str, period: serde_json::Value) -> serde_json::Value {
    let r = s.call(
        "POST",
        &format!("/api/c/{}/run", enc(name)),
        period.to_string().as_bytes(),
    );
    assert_eq!(r.status, 202, "{}", String::from_utf8_lossy(&r.body));
    let start = Instant::now();
    loop {
        let p = s
            .call("GET", &format!("/api/c/{}/progress", enc(name)), b"")
            .json();
        match p["state"].as_str() {
            Some("done") => break,
            Some("running") => {}
            other => panic!("{other:?}: {p}"),
        }
        assert!(start.elapsed() < Duration::from_secs(300), "run too long");
        std::thread::sleep(Duration::from_millis(200));
    }
    let r = s.call("GET", &format!("/api/c/{}/results", enc(name)), b"");
    assert_eq!(r.status, 200);
    r.json()
}

#[test]
fn the_sample_inbox_dropped_in_gives_what_jiaoke_run_gives() {
    let dir = tempfile::tempdir().unwrap();
    let s = started(dir.path());
    assert!(s.first_line.starts_with("jiaoke 页面：http://127.0.0.1:"));
    collection(&s, NAME);
    let inbox = common::root().join("samples/inbox");
    drop_folder(&s, NAME, &inbox);

    // The same errors as `jiaoke check` finds in the sample inbox.
    let results = run_to_end(&s, NAME, serde_json::json!({ "school_year": "2023-2024" }));
    let check = common::jiaoke(&[
        "check",
        inbox.to_str().unwrap(),
        "--school-year",
        "2023-2024",
        "--format",
        "json",
        "--quiet",
    ]);
    let expected: Vec<serde_json::Value> = serde_json::from_slice(&check.stdout).unwrap();
    let errors = |sev: &str| expected.iter().filter(|f| f["severity"] == sev).count();
    assert_eq!(results["summary"]["errors"], errors("error"));
    assert_eq!(results["summary"]["warnings"], errors("warning"));
    assert!(errors("error") > 0, "the samples have errors");
    let findings = results["findings"].as_array().unwrap();
    assert_eq!(
        findings.iter().filter(|f| f["severity"] == "error").count(),
        errors("error")
    );
    // Shown for people: ID numbers masked, each with file › sheet › row › column.
    let body = serde_json::to_string(findings).unwrap();
    assert!(!body.contains("320412197409193540"));
    assert!(body.contains("320412********3540"));
    assert!(
        findings
            .iter()
            .any(|f| f["location"].as_str().unwrap().contains(" › 第"))
    );

    // The same workbooks as `jiaoke run` writes.
    let out = dir.path().join("run");
    common::jiaoke_ok(
        &[
            "run",
            inbox.to_str().unwrap(),
            "--school-year",
            "2023-2024",
            "--out",
            out.to_str().unwrap(),
            "--quiet",
        ],
        0,
    );
    let mut by_run: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    by_run.sort();
    let mut by_page: Vec<String> = results["outputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap().to_string())
        .collect();
    by_page.sort();
    assert_eq!(by_page, by_run);
    for csv in [
        "papers.csv",
        "training_by_teacher.csv",
        "research_summary.csv",
    ] {
        let on_page = root_of(dir.path()).join("报表").join(NAME).join(csv);
        assert_eq!(
            std::fs::read(on_page).unwrap(),
            std::fs::read(out.join(csv)).unwrap(),
            "{csv}"
        );
    }
    assert!(
        results["previews"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["sheet"] == "汇总")
    );

    // A workbook downloads with its Chinese name and opens.
    let target = format!(
        "/api/c/{}/download?file={}&token={}",
        enc(NAME),
        enc("问题清单.xlsx"),
        s.token
    );
    let host = s.host();
    let r = send(s.port, "GET", &target, &[("Host", &host)], b"");
    assert_eq!(r.status, 200);
    let disposition = r.header("content-disposition").unwrap();
    assert!(
        disposition.contains("filename*=UTF-8''%E9%97%AE%E9%A2%98%E6%B8%85%E5%8D%95.xlsx"),
        "{disposition}"
    );
    let mut book =
        calamine::open_workbook_auto_from_rs(std::io::Cursor::new(r.body.clone())).unwrap();
    use calamine::Reader;
    assert_eq!(book.sheet_names(), ["问题清单"]);
    assert!(book.worksheet_range("问题清单").unwrap().height() > 10);

    // All of them as one zip.
    let target = format!("/api/c/{}/download-all?token={}", enc(NAME), s.token);
    let r = send(s.port, "GET", &target, &[("Host", &host)], b"");
    assert_eq!(r.status, 200);
    let zip = zip::ZipArchive::new(std::io::Cursor::new(r.body)).unwrap();
    let mut names: Vec<String> = zip.file_names().map(|n| n.unwrap().into_owned()).collect();
    names.sort();
    assert_eq!(names, by_run);
}

#[test]
fn requests_without_the_token_or_from_elsewhere_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let s = started(dir.path());
    collection(&s, NAME);
    let (host, origin) = (s.host(), s.origin());
    let token = s.token.clone();
    let get = |target: &str, headers: &[(&str, &str)]| send(s.port, "GET", target, headers, b"");

    // The page and the API need the token; the page's script and style do not.
    assert_eq!(get("/", &[("Host", &host)]).status, 401);
    assert_eq!(
        get(&format!("/?token={token}"), &[("Host", &host)]).status,
        200
    );
    assert_eq!(get("/app.js", &[("Host", &host)]).status, 200);
    assert_eq!(get("/api/collections", &[("Host", &host)]).status, 401);
    // The last character changed (a token ending in 0 gets a 1: never the token itself).
    let last = if token.ends_with('0') { '1' } else { '0' };
    let wrong = format!("{}{last}", &token[..token.len() - 1]);
    assert_ne!(wrong, token);
    assert_eq!(
        get(
            "/api/collections",
            &[("Host", &host), ("X-Jiaoke-Token", &wrong)]
        )
        .status,
        401
    );
    let download = format!("/api/c/{}/download?file=papers.csv", enc(NAME));
    assert_eq!(get(&download, &[("Host", &host)]).status, 401);

    // DNS rebinding: another name for this address, even with the token.
    for bad_host in ["attacker.example:80", "attacker.example", "127.0.0.1:1", ""] {
        let r = get(
            "/api/collections",
            &[("Host", bad_host), ("X-Jiaoke-Token", &token)],
        );
        assert_eq!(r.status, 403, "Host {bad_host:?}");
    }
    let r = send(
        s.port,
        "GET",
        "/api/collections",
        &[("X-Jiaoke-Token", &token)],
        b"",
    );
    assert_eq!(r.status, 403, "no Host");

    // Changes come from the page itself only.
    let body = br#"{"name":"x"}"#;
    for bad_origin in [None, Some("http://attacker.example"), Some("null")] {
        let mut headers = vec![("Host", host.as_str()), ("X-Jiaoke-Token", token.as_str())];
        if let Some(o) = bad_origin {
            headers.push(("Origin", o));
        }
        let r = send(s.port, "POST", "/api/collections", &headers, body);
        assert_eq!(r.status, 403, "Origin {bad_origin:?}");
        let r = send(
            s.port,
            "PUT",
            &format!("/api/c/{}/files?path=a.xlsx", enc(NAME)),
            &headers,
            b"x",
        );
        assert_eq!(r.status, 403, "Origin {bad_origin:?}");
    }
    assert!(!root_of(dir.path()).join("x").exists());
    assert!(!root_of(dir.path()).join(NAME).join("a.xlsx").exists());
    // With its own Origin it works.
    let r = send(
        s.port,
        "POST",
        "/api/collections",
        &[
            ("Host", &host),
            ("Origin", &origin),
            ("X-Jiaoke-Token", &token),
        ],
        body,
    );
    assert_eq!(r.status, 201);
}

#[test]
fn the_server_listens_on_loopback_only() {
    let dir = tempfile::tempdir().unwrap();
    let s = started(dir.path());
    // The machine's address on its network, if it has one: nothing answers there.
    let probe = std::net::UdpSocket::bind("0.0.0.0:0").unwrap();
    if probe.connect("192.0.2.1:9").is_ok()
        && let Ok(local) = probe.local_addr()
        && !local.ip().is_loopback()
        && !local.ip().is_unspecified()
    {
        let refused = std::net::TcpStream::connect_timeout(
            &(local.ip(), s.port).into(),
            Duration::from_secs(2),
        );
        assert!(refused.is_err(), "reachable on {}", local.ip());
    }
    assert_eq!(
        s.call("GET", "/api/collections", b"").status,
        200,
        "loopback answers"
    );
}

#[test]
fn uploads_stay_inside_the_collection() {
    let dir = tempfile::tempdir().unwrap();
    let s = started(dir.path());
    collection(&s, NAME);
    let root = root_of(dir.path());
    for evil in [
        "../逃出.xlsx",
        "../../逃出.xlsx",
        "语文组/../../逃出.xlsx",
        "/tmp/逃出.xlsx",
        "C:\\逃出.xlsx",
        "..\\逃出.xlsx",
        "CON.xlsx",
        "语文组/nul",
        "a\u{1}b.xlsx",
        "",
    ] {
        let r = put(&s, NAME, evil, b"x", false);
        assert_eq!(
            r.status,
            400,
            "{evil:?}: {}",
            String::from_utf8_lossy(&r.body)
        );
        assert!(r.json()["error"].as_str().is_some_and(|e| !e.is_empty()));
    }
    assert!(!root.join("逃出.xlsx").exists() && !dir.path().join("逃出.xlsx").exists());
    assert_eq!(std::fs::read_dir(root.join(NAME)).unwrap().count(), 0);

    // Collection names are checked the same way, in the API path too.
    for evil in ["..", "../外面", "CON", "报表", ".hidden", "a/b"] {
        let body = serde_json::json!({ "name": evil }).to_string();
        let r = s.call("POST", "/api/collections", body.as_bytes());
        assert_eq!(r.status, 400, "{evil:?}");
    }
    for evil in ["..", "%2E%2E", "..%2F..%2Ftmp", "%2Fetc"] {
        let r = s.call("PUT", &format!("/api/c/{evil}/files?path=a.xlsx"), b"x");
        assert_eq!(r.status, 404, "{evil}");
    }

    // A zip that would write outside is refused whole.
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for name in ["好的.xlsx", "../../逃出.xlsx"] {
        zip.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        std::io::Write::write_all(&mut zip, b"x").unwrap();
    }
    let bytes = zip.finish().unwrap().into_inner();
    let r = put(&s, NAME, "材料.zip", &bytes, false);
    assert_eq!(r.status, 400);
    assert_eq!(std::fs::read_dir(root.join(NAME)).unwrap().count(), 0);
}

#[test]
fn uploads_are_bounded_and_never_overwrite_silently() {
    let dir = tempfile::tempdir().unwrap();
    let s = started(dir.path());
    collection(&s, NAME);
    let file = root_of(dir.path())
        .join(NAME)
        .join("语文组")
        .join("论文.xlsx");

    assert_eq!(
        put(&s, NAME, "语文组/论文.xlsx", b"first", false).status,
        201
    );
    let r = put(&s, NAME, "语文组/论文.xlsx", b"second", false);
    assert_eq!(r.status, 409);
    assert_eq!(r.json()["exists"][0], "语文组/论文.xlsx");
    assert_eq!(std::fs::read(&file).unwrap(), b"first");
    assert_eq!(
        put(&s, NAME, "语文组/论文.xlsx", b"second", true).status,
        201
    );
    assert_eq!(std::fs::read(&file).unwrap(), b"second");

    // A request saying it is larger than the bound is refused before its body is read.
    let (host, origin) = (s.host(), s.origin());
    let huge = (jiaoke::serve::MAX_UPLOAD_BYTES + 1).to_string();
    let target = format!("/api/c/{}/files?path=big.xlsx", enc(NAME));
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", s.port)).unwrap();
    let head = format!(
        "PUT {target} HTTP/1.1\r\nHost: {host}\r\nOrigin: {origin}\r\nX-Jiaoke-Token: {}\r\nContent-Length: {huge}\r\nConnection: close\r\n\r\n",
        s.token
    );
    std::io::Write::write_all(&mut stream, head.as_bytes()).unwrap();
    let r = common::http::read_response(stream);
    assert_eq!(r.status, 413);
    // One file larger than jiaoke reads at all.
    let big = vec![b'x'; (jiaoke::import::limits::MAX_FILE_BYTES + 1) as usize];
    let r = put(&s, NAME, "big.xlsx", &big, false);
    assert_eq!(r.status, 400);
    assert!(!file.with_file_name("big.xlsx").exists());
    assert!(
        !file
            .parent()
            .unwrap()
            .parent()
            .unwrap()
            .join("big.xlsx")
            .exists()
    );
}

#[test]
fn a_file_dropped_by_mistake_is_removed_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let s = started(dir.path());
    collection(&s, NAME);
    let root = root_of(dir.path());
    std::fs::write(root.join("外面.xlsx"), b"y").unwrap();
    assert_eq!(put(&s, NAME, "语文组/论文.xlsx", b"x", false).status, 201);
    let target = |rel: &str| format!("/api/c/{}/files?path={}", enc(NAME), enc(rel));
    for evil in [
        "../外面.xlsx",
        "语文组",
        "/etc/passwd",
        "语文组/../../外面.xlsx",
    ] {
        assert_eq!(s.call("DELETE", &target(evil), b"").status, 404, "{evil}");
    }
    // Not from elsewhere: no Origin, no token.
    let host = s.host();
    let r = send(
        s.port,
        "DELETE",
        &target("语文组/论文.xlsx"),
        &[("Host", &host), ("X-Jiaoke-Token", &s.token)],
        b"",
    );
    assert_eq!(r.status, 403);
    assert!(root.join(NAME).join("语文组/论文.xlsx").exists());
    assert!(root.join("外面.xlsx").exists());
    assert_eq!(
        s.call("DELETE", &target("语文组/论文.xlsx"), b"").status,
        200
    );
    assert!(!root.join(NAME).join("语文组").exists());
}

#[test]
fn bad_requests_get_a_clear_answer_and_the_server_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let s = started(dir.path());
    collection(&s, NAME);
    let c = |rest: &str| format!("/api/c/{}/{rest}", enc(NAME));
    // Not JSON, the wrong shape, too large.
    for body in [&b"{"[..], b"[1,2]", br#"{"year": "abc"}"#, b"\xff\xfe"] {
        let r = s.call("POST", &c("run"), body);
        assert_eq!(r.status, 400, "{}", String::from_utf8_lossy(body));
        assert!(
            r.json()["error"]
                .as_str()
                .unwrap()
                .starts_with("请求格式不对")
        );
    }
    let big = vec![b' '; 100 * 1024];
    assert_eq!(s.call("POST", &c("settings"), &big).status, 413);
    assert_eq!(s.call("GET", &c("nothing/here"), b"").status, 404);
    assert_eq!(s.call("PATCH", "/api/collections", b"{}").status, 404);
    // A period that does not exist: the run fails and says why.
    let r = s.call("POST", &c("run"), br#"{"term": "2023-2024-3"}"#);
    assert_eq!(r.status, 202);
    let start = Instant::now();
    let progress = loop {
        let p = s.call("GET", &c("progress"), b"").json();
        if p["state"] != "running" {
            break p;
        }
        assert!(start.elapsed() < Duration::from_secs(60));
        std::thread::sleep(Duration::from_millis(100));
    };
    assert_eq!(progress["state"], "failed");
    assert!(
        progress["error"].as_str().unwrap().contains("2023-2024-3"),
        "{progress}"
    );
    // Still answering.
    assert_eq!(s.call("GET", "/api/collections", b"").status, 200);
}

#[test]
fn downloads_come_from_the_output_folder_only() {
    let dir = tempfile::tempdir().unwrap();
    let s = started(dir.path());
    collection(&s, NAME);
    assert_eq!(
        put(&s, NAME, "jiaoke.toml", b"[school]\nname = \"x\"\n", false).status,
        201
    );
    let host = s.host();
    for file in [
        "jiaoke.toml",
        "../jiaoke.toml",
        &format!("../../{NAME}/jiaoke.toml"),
        "/etc/passwd",
        "..",
    ] {
        let target = format!(
            "/api/c/{}/download?file={}&token={}",
            enc(NAME),
            enc(file),
            s.token
        );
        let r = send(s.port, "GET", &target, &[("Host", &host)], b"");
        assert_eq!(r.status, 404, "{file}");
    }
}

#[test]
fn settings_are_saved_into_jiaoke_toml() {
    let dir = tempfile::tempdir().unwrap();
    let s = started(dir.path());
    collection(&s, NAME);
    let target = format!("/api/c/{}/settings", enc(NAME));
    let mut form = s.call("GET", &target, b"").json();
    assert_eq!(form["required_hours_per_year"], 72.0);
    form["school"] = "城南小学".into();
    form["period"] = "2023-2024-1".into();
    let r = s.call("POST", &target, form.to_string().as_bytes());
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    let text = std::fs::read_to_string(root_of(dir.path()).join(NAME).join("jiaoke.toml")).unwrap();
    assert!(text.contains("name = \"城南小学\"") && text.contains("term = \"2023-2024-1\""));
    form["period"] = "2023-2025".into();
    let r = s.call("POST", &target, form.to_string().as_bytes());
    assert_eq!(r.status, 422);
    assert!(r.json()["error"].as_str().unwrap().contains("2023-2025"));
}

#[test]
fn jiaoke_alone_opens_the_page_on_the_documents_folder() {
    let dir = tempfile::tempdir().unwrap();
    let s = Served::start(&[], dir.path());
    assert!(s.first_line.starts_with("jiaoke 页面：http://127.0.0.1:"));
    let listing = s.call("GET", "/api/collections", b"").json();
    let root = listing["root"].as_str().unwrap();
    assert!(Path::new(root).starts_with(dir.path()), "{root}");
    assert!(root.ends_with("jiaoke"));
}

#[test]
fn a_district_collection_dropped_as_a_zip_shows_who_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    let s = started(dir.path());
    let name = "2023年度区级汇总";
    collection(&s, name);
    let r = put(&s, name, "全区材料.zip", &common::district_zip(), false);
    assert_eq!(r.status, 201, "{}", String::from_utf8_lossy(&r.body));
    assert!(
        root_of(dir.path())
            .join(name)
            .join("学校名单.csv")
            .is_file()
    );
    let results = run_to_end(&s, name, serde_json::json!({ "year": 2023 }));
    assert_eq!(results["district"], true);
    let status = |school: &str| {
        results["schools"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["name"] == school)
            .map(|s| s["status"].as_str().unwrap().to_string())
    };
    assert_eq!(
        status("常州市武进区湖塘中心小学").as_deref(),
        Some("已上报")
    );
    assert_eq!(status("西湖小学").as_deref(), Some("未上报"));
    let outputs: Vec<&str> = results["outputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert!(
        outputs.iter().any(|p| p.starts_with("上报情况")),
        "{outputs:?}"
    );
    assert!(
        outputs.iter().any(|p| p.starts_with("问题清单/")),
        "{outputs:?}"
    );
}
