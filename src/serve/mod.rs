//! `jiaoke serve`: a page in the user's own browser, served by jiaoke on their own machine,
//! for everything the commands do — drop the departments' files in, see the problems, get the
//! workbooks — with nothing leaving the machine.
//!
//! - [`gate`]: loopback, Host, Origin and the start token: who may talk to the server.
//! - [`names`]: names from the page made safe before anything is written.
//! - [`store`]: the collections on disk, files dropped in, .zip unpacked.
//! - [`runs`]: a collection run in the background, as `jiaoke run` (or `district`) runs it.
//! - [`preview`], [`settings`]: a report's 汇总 read back; jiaoke.toml as a form.
//! - [`http`]: replies, URLs, bounded bodies, Chinese download names.
//!
//! The page itself (`assets/`) is plain HTML, CSS and JavaScript compiled into the binary: no
//! network, no build step.

pub mod gate;
pub mod http;
pub mod names;
pub mod preview;
pub mod runs;
pub mod settings;
pub mod store;

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;

use serde::Serialize;

use gate::{Gate, Knock};
use http::{Reply, Url, read_body};
use runs::{PeriodChoice, Runs};
use store::{PutError, Store};

/// Largest body of one upload request (one file, or one .zip to unpack).
pub const MAX_UPLOAD_BYTES: u64 = 256 * 1024 * 1024;
/// Largest body of any other request (a form).
const MAX_FORM_BYTES: u64 = 64 * 1024;
/// Threads answering requests (a run has its own).
const WORKERS: usize = 4;

/// Where the page's server serves from.
#[derive(Debug, Clone)]
pub struct Options {
    /// The folder holding the collections.
    pub root: PathBuf,
    /// One collection only (`jiaoke serve INBOX`).
    pub only: Option<String>,
    /// The port; 0 takes a free one.
    pub port: u16,
}

/// A bound server, not yet answering.
pub struct Server {
    http: Arc<tiny_http::Server>,
    gate: Gate,
    app: Arc<App>,
}

struct App {
    store: Store,
    runs: Runs,
}

impl Server {
    /// Listens on 127.0.0.1 (loopback only, never another interface).
    ///
    /// # Errors
    /// The port is taken, or no random token could be made.
    pub fn bind(options: Options) -> Result<Server, String> {
        let http = tiny_http::Server::http(("127.0.0.1", options.port)).map_err(|e| {
            format!(
                "无法在本机端口 {} 上启动：{e}（换一个 --port 试试）",
                options.port
            )
        })?;
        let port = http
            .server_addr()
            .to_ip()
            .map(|a| a.port())
            .ok_or("无法取得端口")?;
        let gate = Gate::new(port).map_err(|e| format!("无法生成访问口令：{e}"))?;
        let store = Store::new(options.root, options.only);
        Ok(Server {
            http: Arc::new(http),
            gate,
            app: Arc::new(App {
                store,
                runs: Runs::default(),
            }),
        })
    }

    /// The address to open, with its token.
    pub fn address(&self) -> String {
        self.gate.address()
    }

    /// Answers requests until the process ends.
    pub fn run(self) {
        let workers: Vec<_> = (0..WORKERS)
            .map(|_| {
                let (http, gate, app) = (self.http.clone(), self.gate.clone(), self.app.clone());
                std::thread::spawn(move || {
                    for request in http.incoming_requests() {
                        answer(&app, &gate, request);
                    }
                })
            })
            .collect();
        for worker in workers {
            let _ = worker.join();
        }
    }
}

/// Answers one request: the gate first, then the route; a panic is a 500, never a crash.
fn answer(app: &App, gate: &Gate, mut request: tiny_http::Request) {
    let method = request.method().as_str().to_ascii_uppercase();
    let url = Url::parse(request.url());
    let header = |name: &'static str| {
        request
            .headers()
            .iter()
            .find(|h| h.field.equiv(name))
            .map(|h| h.value.as_str().to_string())
    };
    let (host, origin) = (header("Host"), header("Origin"));
    let token = header("X-Jiaoke-Token").or_else(|| url.query.get("token").cloned());
    let is_asset = method == "GET" && asset(&url.parts()).is_some();
    let knock = Knock {
        method: &method,
        host: host.as_deref(),
        origin: origin.as_deref(),
        token: token.as_deref(),
    };
    let reply = match gate.admit(&knock, !is_asset) {
        Err(refusal) if url.segments.is_empty() => Reply {
            status: refusal.status,
            content_type: "text/html; charset=utf-8",
            headers: Vec::new(),
            body: refused_page(refusal.message).into_bytes(),
        },
        Err(refusal) => Reply::error(refusal.status, refusal.message),
        Ok(()) => crate::guard::catch(|| route(app, &method, &url, &mut request))
            .unwrap_or_else(|e| Reply::error(500, format!("内部错误：{e}"))),
    };
    respond(request, reply);
}

fn respond(request: tiny_http::Request, reply: Reply) {
    let mut response = tiny_http::Response::from_data(reply.body).with_status_code(reply.status);
    let mut headers = vec![
        ("Content-Type", reply.content_type.to_string()),
        ("X-Content-Type-Options", "nosniff".into()),
        ("Referrer-Policy", "no-referrer".into()),
        ("X-Frame-Options", "DENY".into()),
        (
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'"
                .into(),
        ),
    ];
    headers.extend(reply.headers);
    if !headers.iter().any(|(k, _)| *k == "Cache-Control") {
        headers.push(("Cache-Control", "no-store".into()));
    }
    for (field, value) in headers {
        if let Ok(h) = tiny_http::Header::from_bytes(field.as_bytes(), value.as_bytes()) {
            response.add_header(h);
        }
    }
    let _ = request.respond(response);
}

fn refused_page(message: &str) -> String {
    format!(
        "<!doctype html><meta charset=\"utf-8\"><title>jiaoke</title>\
         <p style=\"font:16px sans-serif;margin:3em\">{message}</p>"
    )
}

/// The page's embedded files.
fn asset(parts: &[&str]) -> Option<Reply> {
    match parts {
        ["app.js"] => Some(Reply::asset(
            "text/javascript; charset=utf-8",
            include_bytes!("assets/app.js"),
        )),
        ["app.css"] => Some(Reply::asset(
            "text/css; charset=utf-8",
            include_bytes!("assets/app.css"),
        )),
        _ => None,
    }
}

fn route(app: &App, method: &str, url: &Url, request: &mut tiny_http::Request) -> Reply {
    let parts = url.parts();
    match (method, parts.as_slice()) {
        ("GET", []) => Reply {
            status: 200,
            content_type: "text/html; charset=utf-8",
            headers: Vec::new(),
            body: include_bytes!("assets/index.html").to_vec(),
        },
        ("GET", [_]) => asset(&parts).unwrap_or_else(Reply::not_found),
        ("GET", ["api", "collections"]) => collections(app),
        ("POST", ["api", "collections"]) => match form::<NewCollection>(request) {
            Ok(new) => match app.store.create(&new.name) {
                Ok(name) => Reply::json(201, &serde_json::json!({ "name": name })),
                Err(e) => Reply::error(400, e),
            },
            Err(reply) => reply,
        },
        (_, ["api", "c", name, rest @ ..]) => match app.store.inbox(name) {
            Ok(inbox) => collection(app, method, name, inbox, rest, url, request),
            Err(e) => Reply::error(404, e),
        },
        _ => Reply::not_found(),
    }
}

#[derive(serde::Deserialize)]
struct NewCollection {
    name: String,
}

fn collections(app: &App) -> Reply {
    #[derive(Serialize)]
    struct Listing {
        root: String,
        single: Option<String>,
        collections: Vec<store::CollectionInfo>,
    }
    match app.store.list() {
        Ok(collections) => Reply::ok(&Listing {
            root: app.store.root().display().to_string(),
            single: app.store.single().map(str::to_string),
            collections,
        }),
        Err(e) => Reply::error(500, format!("无法读取文件夹：{e}")),
    }
}

/// Everything under `/api/c/{name}/`.
fn collection(
    app: &App,
    method: &str,
    name: &str,
    inbox: PathBuf,
    rest: &[&str],
    url: &Url,
    request: &mut tiny_http::Request,
) -> Reply {
    let out = app.store.outputs(&inbox);
    match (method, rest) {
        ("GET", []) => overview(app, name, &inbox, &out),
        ("PUT", ["files"]) if app.runs.progress(name).state == "running" => {
            Reply::error(409, "正在处理这个收集文件夹，请等处理完再放入文件")
        }
        ("PUT", ["files"]) => upload(&inbox, url, request),
        ("DELETE", ["files"]) if app.runs.progress(name).state == "running" => {
            Reply::error(409, "正在处理这个收集文件夹，请等处理完再删除文件")
        }
        ("DELETE", ["files"]) => {
            let rel = url.query.get("path").map_or("", String::as_str);
            match store::remove(&app.store, name, rel) {
                Ok(()) => Reply::ok(&serde_json::json!({ "removed": rel })),
                Err(e) => Reply::error(404, e),
            }
        }
        ("POST", ["run"]) => match form::<PeriodChoice>(request) {
            Ok(choice) => {
                if app.runs.start(name, inbox, out, choice) {
                    Reply::json(202, &app.runs.progress(name))
                } else {
                    Reply::error(409, "正在处理中，请等这一次完成")
                }
            }
            Err(reply) => reply,
        },
        ("GET", ["progress"]) => Reply::ok(&app.runs.progress(name)),
        ("GET", ["results"]) => match app.runs.results(name) {
            Some(results) => Reply::ok(&*results),
            None => Reply::error(404, "还没有处理过：请先点“开始处理”"),
        },
        ("GET", ["settings"]) => match settings::load(&inbox) {
            Ok(s) => Reply::ok(&s),
            Err(e) => Reply::error(422, e),
        },
        ("POST", ["settings"]) => match form::<settings::Settings>(request) {
            Ok(s) => match settings::save(&inbox, &s) {
                Ok(()) => Reply::ok(&s),
                Err(e) => Reply::error(422, e),
            },
            Err(reply) => reply,
        },
        ("GET", ["download"]) => download(&out, url.query.get("file").map_or("", String::as_str)),
        ("GET", ["download-all"]) => download_all(name, &out, app.runs.results(name).as_deref()),
        _ => Reply::not_found(),
    }
}

/// A collection's files on disk, settings, outputs and where its run is.
fn overview(app: &App, name: &str, inbox: &std::path::Path, out: &std::path::Path) -> Reply {
    let files = app.store.files(name).unwrap_or_default();
    let settings = settings::load(inbox);
    Reply::ok(&serde_json::json!({
        "name": name,
        "path": inbox.display().to_string(),
        "outputs_path": out.display().to_string(),
        "files": files,
        "outputs": store::list_files(out),
        "settings": settings.as_ref().ok(),
        "settings_error": settings.err(),
        "progress": app.runs.progress(name),
        "has_results": app.runs.results(name).is_some(),
    }))
}

/// A JSON form from the request body.
fn form<T: serde::de::DeserializeOwned>(request: &mut tiny_http::Request) -> Result<T, Reply> {
    let declared = request.body_length();
    let body = read_body(request.as_reader(), declared, MAX_FORM_BYTES)
        .map_err(|e| Reply::error(413, e))?;
    serde_json::from_slice(&body).map_err(|e| Reply::error(400, format!("请求格式不对：{e}")))
}

/// `PUT /api/c/{name}/files?path=语文组/论文.xlsx&replace=1`, the file as the body.
fn upload(inbox: &std::path::Path, url: &Url, request: &mut tiny_http::Request) -> Reply {
    let rel = url.query.get("path").map_or("", String::as_str);
    let replace = url.query.get("replace").is_some_and(|v| v == "1");
    let declared = request.body_length();
    let body = match read_body(request.as_reader(), declared, MAX_UPLOAD_BYTES) {
        Ok(body) => body,
        Err(e) => return Reply::error(413, e),
    };
    match store::put(inbox, rel, &body, replace) {
        Ok(written) => Reply::json(201, &serde_json::json!({ "written": written })),
        Err(PutError::Exists(names)) => Reply::json(
            409,
            &serde_json::json!({
                "error": format!("已有同名文件：{}", names.join("、")),
                "exists": names,
            }),
        ),
        Err(PutError::Refused(e)) => Reply::error(400, e),
    }
}

/// One output file, looked up among the files of the output folder (the name from the page
/// is never used as a path).
fn download(out: &std::path::Path, file: &str) -> Reply {
    let Some(found) = store::list_files(out).into_iter().find(|f| f.path == file) else {
        return Reply::not_found();
    };
    let path = found
        .path
        .split('/')
        .fold(out.to_path_buf(), |p, c| p.join(c));
    match std::fs::read(&path) {
        Ok(bytes) => {
            let name = found.path.rsplit('/').next().unwrap_or(&found.path);
            Reply::download(name, bytes)
        }
        Err(e) => Reply::error(500, format!("无法读取 {file}：{e}")),
    }
}

/// Every output of the last run (or, after a restart, of the output folder) as one zip.
fn download_all(name: &str, out: &std::path::Path, last: Option<&runs::Results>) -> Reply {
    let files: Vec<String> = match last {
        Some(results) => results.outputs.iter().map(|f| f.path.clone()).collect(),
        None => store::list_files(out).into_iter().map(|f| f.path).collect(),
    };
    if files.is_empty() {
        return Reply::error(404, "还没有生成报表：请先点“开始处理”");
    }
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    for rel in &files {
        let path = rel.split('/').fold(out.to_path_buf(), |p, c| p.join(c));
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        if zip.start_file(rel.as_str(), options).is_err() || zip.write_all(&bytes).is_err() {
            return Reply::error(500, "无法打包");
        }
    }
    match zip.finish() {
        Ok(cursor) => Reply::download(&format!("{name}-报表.zip"), cursor.into_inner()),
        Err(e) => Reply::error(500, format!("无法打包：{e}")),
    }
}

/// The folder the page keeps its collections in when none is given: `jiaoke` in the user's
/// documents folder (文档 / Documents), else in their home folder, else the current one.
pub fn default_root() -> PathBuf {
    dirs::document_dir()
        .or_else(dirs::home_dir)
        .unwrap_or_else(|| PathBuf::from("."))
        .join("jiaoke")
}
