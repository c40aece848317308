//! The page in a real browser (Debian's headless Chromium, driven through chromedriver), as a
//! new user would use it: make a collection, drop the sample inbox in (as the .zip it often
//! arrives as), run, see the same error count as `jiaoke check`, download a workbook and open
//! it.
//!
//! Needs `chromium` and `chromedriver` (`.ci/run` installs them). Without them the test says
//! so and passes, unless `JIAOKE_REQUIRE_BROWSER=1` (set by `.ci/run`). With
//! `JIAOKE_SCREENSHOTS=DIR` it saves a screenshot of each page state there, to look at.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine;
use common::http::{Served, send};
use serde_json::{Value, json};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// chromedriver and one browser session, both ended when dropped.
struct Browser {
    driver: Child,
    port: u16,
    session: String,
    shots: Option<PathBuf>,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = send(
            self.port,
            "DELETE",
            &format!("/session/{}", self.session),
            &[("Host", "127.0.0.1")],
            b"",
        );
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn webdriver(port: u16, method: &str, path: &str, body: &Value) -> Value {
    let body = if method == "GET" {
        Vec::new()
    } else {
        body.to_string().into_bytes()
    };
    let r = send(
        port,
        method,
        path,
        &[("Host", "127.0.0.1"), ("Content-Type", "application/json")],
        &body,
    );
    let v = r.json();
    assert!(r.status < 300, "{method} {path}: {v}");
    v["value"].clone()
}

impl Browser {
    fn start(profile: &Path, downloads: &Path) -> Browser {
        let port = free_port();
        let driver = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let start = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(start.elapsed() < Duration::from_secs(20), "chromedriver");
            std::thread::sleep(Duration::from_millis(100));
        }
        let args = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-quic",
            "--no-first-run",
            "--window-size=1366,768",
            "--lang=zh-CN",
        ];
        let mut args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        args.push(format!("--user-data-dir={}", profile.display()));
        let caps = json!({ "capabilities": { "alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": CHROMIUM,
                "args": args,
                "prefs": {
                    "download.default_directory": downloads.to_str().unwrap(),
                    "download.prompt_for_download": false,
                },
            },
        }}});
        let session = webdriver(port, "POST", "/session", &caps)["sessionId"]
            .as_str()
            .unwrap()
            .to_string();
        let browser = Browser {
            driver,
            port,
            session,
            shots: std::env::var_os("JIAOKE_SCREENSHOTS").map(PathBuf::from),
        };
        browser.call(
            "POST",
            "/chromium/send_command",
            json!({ "cmd": "Page.setDownloadBehavior",
                    "params": { "behavior": "allow", "downloadPath": downloads.to_str().unwrap() } }),
        );
        browser
    }

    fn call(&self, method: &str, path: &str, body: Value) -> Value {
        webdriver(
            self.port,
            method,
            &format!("/session/{}{path}", self.session),
            &body,
        )
    }

    fn open(&self, url: &str) {
        self.call("POST", "/url", json!({ "url": url }));
    }

    fn find(&self, css: &str) -> String {
        let v = self.call(
            "POST",
            "/element",
            json!({ "using": "css selector", "value": css }),
        );
        v[ELEMENT].as_str().unwrap().to_string()
    }

    fn click(&self, css: &str) {
        let id = self.find(css);
        self.call("POST", &format!("/element/{id}/click"), json!({}));
    }

    fn type_into(&self, css: &str, text: &str) {
        let id = self.find(css);
        self.call(
            "POST",
            &format!("/element/{id}/value"),
            json!({ "text": text }),
        );
    }

    fn text(&self, css: &str) -> String {
        let id = self.find(css);
        self.call("GET", &format!("/element/{id}/text"), json!({}))
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// Waits until the element's text satisfies `ok`.
    fn wait_text(&self, css: &str, ok: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let t = self.text(css);
            if ok(&t) {
                return t;
            }
            assert!(
                start.elapsed() < Duration::from_secs(180),
                "{css}: still {t:?}"
            );
            std::thread::sleep(Duration::from_millis(250));
        }
    }

    fn shot(&self, name: &str) {
        let Some(dir) = &self.shots else { return };
        let png = self.call("GET", "/screenshot", json!({}));
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(png.as_str().unwrap())
            .unwrap();
        std::fs::create_dir_all(dir).unwrap();
        std::fs::write(dir.join(format!("{name}.png")), bytes).unwrap();
    }
}

/// The sample inbox as one .zip, folders kept.
fn sample_zip(to: &Path) {
    let mut zip = zip::ZipWriter::new(std::fs::File::create(to).unwrap());
    common::zip_folder(&mut zip, &common::root().join("samples/inbox"), "");
    zip.finish().unwrap();
}

fn browser_present() -> bool {
    let present = Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists();
    if !present {
        assert!(
            std::env::var_os("JIAOKE_REQUIRE_BROWSER").is_none(),
            "JIAOKE_REQUIRE_BROWSER is set but {CHROMIUM} or {CHROMEDRIVER} is missing"
        );
        eprintln!("skipped: no {CHROMIUM} / {CHROMEDRIVER} (apt install chromium chromium-driver)");
    }
    present
}

#[test]
fn a_new_user_drops_the_samples_in_and_downloads_the_workbooks() {
    if !browser_present() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("jiaoke");
    let served = Served::start(&["serve", root.to_str().unwrap()], dir.path());
    let (profile, downloads) = (dir.path().join("profile"), dir.path().join("downloads"));
    std::fs::create_dir_all(&downloads).unwrap();
    let zip = dir.path().join("各教研组材料.zip");
    sample_zip(&zip);

    let b = Browser::start(&profile, &downloads);
    b.open(&format!(
        "http://127.0.0.1:{}/?token={}",
        served.port, served.token
    ));
    b.wait_text("#collections", |t| t.contains("还没有收集文件夹"));
    b.shot("1-start");

    // A new collection.
    b.type_into("#new-name", "2023-2024学年第一学期");
    b.click("#new-collection button");
    b.wait_text("#c-name", |t| t == "2023-2024学年第一学期");

    // The samples, as the .zip they arrived in.
    b.type_into("#pick-files", zip.to_str().unwrap());
    let status = b.wait_text("#upload-status", |t| t.starts_with("已放入"));
    assert!(!status.contains("未放入"), "{status}");
    b.shot("2-dropped");

    // Dropped again: the page asks before replacing anything.
    b.type_into("#pick-files", zip.to_str().unwrap());
    let asked = b.wait_text("#ask-text", |t| t.contains("已有同名文件"));
    assert!(asked.contains("等 23 个文件"), "{asked}");
    b.shot("2b-asked");
    b.click("#ask-skip");
    b.wait_text("#upload-status", |t| t.contains("跳过 23 个同名文件"));

    // The period, then run.
    let kind = b.find("#period-kind");
    b.call(
        "POST",
        &format!("/element/{kind}/value"),
        json!({ "text": "学年" }),
    );
    let value = b.find("#period-value");
    b.call(
        "POST",
        &format!("/element/{value}/value"),
        json!({ "text": "2023—2024学年" }),
    );
    b.click("#run");
    b.wait_text("#progress-text", |t| t.starts_with("处理完成"));
    b.shot("3-done");

    // The same error count as `jiaoke check`.
    let check = common::jiaoke(&[
        "check",
        common::root().join("samples/inbox").to_str().unwrap(),
        "--school-year",
        "2023-2024",
        "--format",
        "json",
        "--quiet",
    ]);
    let findings: Vec<Value> = serde_json::from_slice(&check.stdout).unwrap();
    let errors = findings.iter().filter(|f| f["severity"] == "error").count();
    assert_eq!(b.text("#n-errors"), errors.to_string());
    assert_eq!(b.text("#n-period"), "2023—2024学年");

    // The problems, filtered to errors.
    b.click("[data-tab=findings]");
    let severity = b.find("#f-severity");
    b.call(
        "POST",
        &format!("/element/{severity}/value"),
        json!({ "text": "错误" }),
    );
    let count = b.wait_text("#f-count", |t| t.starts_with("共 "));
    assert!(count.starts_with(&format!("共 {errors} 条")), "{count}");
    b.shot("4-findings");

    // The settings form: a wrong period is refused with a reason, nothing saved.
    b.click("[data-tab=settings]");
    b.shot("5-settings");
    let period = b.find("#settings input[name=period]");
    b.call("POST", &format!("/element/{period}/clear"), json!({}));
    b.type_into("#settings input[name=period]", "2023-2025");
    b.click("#settings button[type=submit]");
    let said = b.wait_text("#settings-status", |t| !t.is_empty());
    assert!(said.contains("2023-2025"), "{said}");
    b.shot("5b-settings-refused");

    // A workbook downloaded, with its Chinese name, and opened.
    b.click("[data-tab=reports]");
    b.shot("6-reports");
    b.call(
        "POST",
        "/execute/sync",
        json!({ "script": "document.querySelector('.preview').scrollIntoView()", "args": [] }),
    );
    assert!(b.text("#previews").contains("汇总"));
    b.shot("6b-preview");
    b.call(
        "POST",
        "/execute/sync",
        json!({ "script": "window.scrollTo(0, 0)", "args": [] }),
    );
    b.click("#outputs a[download='问题清单.xlsx']");
    let file = downloads.join("问题清单.xlsx");
    let start = Instant::now();
    while !file.is_file() {
        assert!(start.elapsed() < Duration::from_secs(30), "no download");
        std::thread::sleep(Duration::from_millis(200));
    }
    std::thread::sleep(Duration::from_millis(300));
    use calamine::Reader;
    let mut book = calamine::open_workbook_auto(&file).unwrap();
    assert_eq!(book.sheet_names(), ["问题清单"]);
    let sheet = book.worksheet_range("问题清单").unwrap();
    let title = sheet.get_value((0, 0)).unwrap().to_string();
    assert!(title.contains(&format!("错误 {errors} 个")), "{title}");
}

#[test]
fn a_district_office_sees_who_is_missing() {
    if !browser_present() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("jiaoke");
    let served = Served::start(&["serve", root.to_str().unwrap()], dir.path());
    let zip = dir.path().join("全区材料.zip");
    std::fs::write(&zip, common::district_zip()).unwrap();
    let b = Browser::start(&dir.path().join("profile"), &dir.path().join("downloads"));
    b.open(&format!(
        "http://127.0.0.1:{}/?token={}",
        served.port, served.token
    ));
    b.type_into("#new-name", "2023年度区级汇总");
    b.click("#new-collection button");
    b.wait_text("#c-name", |t| t == "2023年度区级汇总");
    b.type_into("#pick-files", zip.to_str().unwrap());
    b.wait_text("#upload-status", |t| t.starts_with("已放入"));
    b.click("#run");
    b.wait_text("#progress-text", |t| t.starts_with("处理完成"));
    b.click("[data-tab=schools]");
    let missing = b.text("#missing");
    assert!(missing.contains("西湖小学（未上报）"), "{missing}");
    assert!(!missing.contains("湖塘中心"), "{missing}");
    assert!(b.text("#schools").contains("已上报"));
    b.shot("7-district");

    // Files dragged onto the page (a drop event as the browser fires it).
    b.call(
        "POST",
        "/execute/sync",
        json!({ "script": "const dt = new DataTransfer();\
            dt.items.add(new File(['学校名称\\n西湖小学\\n'], '西湖小学补交.csv', { type: 'text/csv' }));\
            const zone = document.getElementById('drop');\
            zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));\
            zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));",
            "args": [] }),
    );
    b.wait_text("#upload-status", |t| t.starts_with("已放入 1 个文件"));
    let dropped = dir.path().join("jiaoke/2023年度区级汇总/西湖小学补交.csv");
    assert!(dropped.is_file());

    // Taken out again from the 文件 tab, after a confirmation.
    b.click("[data-tab=files]");
    b.wait_text("#files", |t| t.contains("西湖小学补交.csv"));
    b.shot("7b-district-files");
    b.call(
        "POST",
        "/execute/sync",
        // Clicked after the script returns: the confirmation it opens blocks the page, and
        // chromedriver may drop a script call still running when a dialog opens.
        json!({ "script": "const button = [...document.querySelectorAll('#files tr')]\
            .find((tr) => tr.textContent.includes('西湖小学补交.csv'))\
            .querySelector('button.remove');\
            setTimeout(() => button.click(), 0);", "args": [] }),
    );
    let start = Instant::now();
    loop {
        let r = send(
            b.port,
            "POST",
            &format!("/session/{}/alert/accept", b.session),
            &[("Host", "127.0.0.1"), ("Content-Type", "application/json")],
            b"{}",
        );
        if r.status < 300 {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "no confirmation asked"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    b.wait_text("#files", |t| !t.contains("西湖小学补交.csv"));
    assert!(!dropped.exists());
    b.click("[data-tab=reports]");
    b.shot("8-district-reports");
}
