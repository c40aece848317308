// jiaoke's page. Plain JavaScript, no framework, no network beyond this computer's jiaoke.
// Every text from the server is put in with textContent, never as HTML.
"use strict";

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const token = params.get("token") || sessionStorage.getItem("jiaoke-token") || "";
sessionStorage.setItem("jiaoke-token", token);
// The token stays in this tab only: out of the address bar (and screenshots of it).
if (params.has("token")) history.replaceState(null, "", location.pathname);

const state = { current: null, results: null, findingsShown: 200, listing: null, diskFiles: null };

async function api(method, path, body, headers) {
  const init = { method, headers: Object.assign({ "X-Jiaoke-Token": token }, headers || {}) };
  if (body !== undefined) {
    init.body = body instanceof Blob || body instanceof ArrayBuffer ? body : JSON.stringify(body);
    if (!(body instanceof Blob || body instanceof ArrayBuffer)) init.headers["Content-Type"] = "application/json";
  }
  const response = await fetch(path, init);
  let data = null;
  try { data = await response.json(); } catch (_) { data = null; }
  return { status: response.status, ok: response.ok, data: data || {} };
}

const enc = encodeURIComponent;
const cpath = (name, rest) => "/api/c/" + enc(name) + (rest ? "/" + rest : "");

function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  if (cls) e.className = cls;
  return e;
}

function row(cells, cls) {
  const tr = el("tr", null, cls);
  for (const c of cells) {
    if (c instanceof Node) { const td = el("td"); td.appendChild(c); tr.appendChild(td); }
    else if (typeof c === "number") tr.appendChild(el("td", c, "num"));
    else tr.appendChild(el("td", c));
  }
  return tr;
}

function size(bytes) {
  if (bytes >= 1048576) return (bytes / 1048576).toFixed(1) + " MB";
  return Math.max(1, Math.round(bytes / 1024)) + " KB";
}

// ---- collections ----------------------------------------------------------------------

async function loadCollections(select) {
  const r = await api("GET", "/api/collections");
  if (!r.ok) { showFatal(r.data.error || "无法连接 jiaoke"); return; }
  state.listing = r.data;
  $("root").textContent = r.data.single ? "" : "保存在：" + r.data.root;
  $("new-collection").hidden = !!r.data.single;
  const list = $("collections");
  list.replaceChildren();
  for (const c of r.data.collections) {
    const b = el("button", c.name);
    b.appendChild(el("span", c.files + " 个文件" + (c.changed ? " · " + c.changed : ""), "muted small"));
    b.dataset.name = c.name;
    b.addEventListener("click", () => openCollection(c.name));
    if (c.name === state.current) b.classList.add("active");
    const li = el("li"); li.appendChild(b); list.appendChild(li);
  }
  if (r.data.collections.length === 0) list.appendChild(el("li", "还没有收集文件夹", "muted"));
  const want = select || state.current || (r.data.single ? r.data.single : null);
  if (want) openCollection(want);
}

function showFatal(message) {
  $("welcome").replaceChildren(el("h1", "无法打开"), el("p", message));
}

$("new-collection").addEventListener("submit", async (e) => {
  e.preventDefault();
  const name = $("new-name").value.trim();
  if (!name) return;
  const r = await api("POST", "/api/collections", { name });
  if (!r.ok) { alert(r.data.error); return; }
  $("new-name").value = "";
  loadCollections(r.data.name);
});

async function openCollection(name) {
  const changed = state.current !== name;
  state.current = name;
  for (const b of document.querySelectorAll("#collections button")) b.classList.toggle("active", b.dataset.name === name);
  const r = await api("GET", cpath(name));
  if (!r.ok) { alert(r.data.error); return; }
  $("welcome").hidden = true;
  $("collection").hidden = false;
  $("c-name").textContent = name;
  $("c-path").textContent = r.data.path;
  $("c-out").textContent = r.data.outputs_path;
  fillSettings(r.data.settings, r.data.settings_error);
  if (changed) { state.results = null; clearResults(); }
  showDiskFiles(r.data.files);
  showOutputs(r.data.outputs);
  if (r.data.has_results && !state.results) await loadResults();
  if (r.data.progress.state === "running") pollProgress();
}

// ---- files on disk and dropped in -----------------------------------------------------

function showDiskFiles(files) {
  state.diskFiles = new Set(files.map((f) => f.path));
  if (state.results && !state.results.district) return;
  const body = $("files");
  body.replaceChildren();
  for (const f of files) {
    const tr = row([f.path, state.results ? "" : "未处理", "", "", "", size(f.size) + " · " + f.changed]);
    tr.firstChild.appendChild(removeButton(f.path));
    body.appendChild(tr);
  }
  $("files-empty").hidden = files.length > 0;
}

// Takes a file dropped by mistake out of the collection (the original is not touched).
function removeButton(path) {
  const b = el("button", "删除", "small remove");
  b.title = "从收集文件夹中删除这个文件（原来的文件不受影响）";
  b.addEventListener("click", async () => {
    if (!confirm("从收集文件夹中删除“" + path + "”？\n（删除的是放进来的这一份，原来的文件不受影响）")) return;
    const r = await api("DELETE", cpath(state.current, "files") + "?path=" + enc(path));
    if (!r.ok) { alert(r.data.error); return; }
    if (state.results) $("progress-text").replaceChildren(el("span", "删除了文件：请再点“开始处理”，更新问题和报表", "bad"));
    await loadCollections();
  });
  return b;
}

const drop = $("drop");
drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
drop.addEventListener("dragleave", () => drop.classList.remove("over"));
drop.addEventListener("drop", async (e) => {
  e.preventDefault();
  drop.classList.remove("over");
  const entries = [...e.dataTransfer.items].map((i) => i.webkitGetAsEntry && i.webkitGetAsEntry()).filter(Boolean);
  const files = [];
  if (entries.length) for (const entry of entries) await walkEntry(entry, "", files);
  else for (const f of e.dataTransfer.files) files.push({ file: f, path: f.name });
  upload(files);
});
$("pick-files").addEventListener("change", (e) => { upload([...e.target.files].map((f) => ({ file: f, path: f.name }))); e.target.value = ""; });
$("pick-folder").addEventListener("change", (e) => { upload([...e.target.files].map((f) => ({ file: f, path: f.webkitRelativePath || f.name }))); e.target.value = ""; });

// A dropped folder, read through the browser's file system entries (folders kept).
async function walkEntry(entry, prefix, out) {
  if (entry.isFile) {
    const file = await new Promise((ok, bad) => entry.file(ok, bad));
    out.push({ file, path: prefix + entry.name });
  } else if (entry.isDirectory) {
    const reader = entry.createReader();
    for (;;) {
      const batch = await new Promise((ok, bad) => reader.readEntries(ok, bad));
      if (!batch.length) break;
      for (const child of batch) await walkEntry(child, prefix + entry.name + "/", out);
    }
  }
}

// Asks what to do with a file that is there already: replace or skip, maybe for all.
function ask(names) {
  return new Promise((resolve) => {
    const shown = names.slice(0, 5).join("、") + (names.length > 5 ? " 等 " + names.length + " 个文件" : "");
    $("ask-text").textContent = "收集文件夹里已有同名文件：" + shown + "。要用新拖入的替换吗？";
    $("ask-all").checked = false;
    $("ask").hidden = false;
    const done = (replace) => { $("ask").hidden = true; resolve({ replace, all: $("ask-all").checked }); };
    $("ask-replace").onclick = () => done(true);
    $("ask-skip").onclick = () => done(false);
  });
}

async function upload(files) {
  const name = state.current;
  if (!name || !files.length) return;
  const status = $("upload-status");
  let written = 0, skipped = 0, always = null;
  const problems = [];
  for (let i = 0; i < files.length; i++) {
    const { file, path } = files[i];
    status.textContent = "正在上传 " + (i + 1) + "/" + files.length + "：" + path;
    const url = cpath(name, "files") + "?path=" + enc(path);
    let r = await api("PUT", url, file);
    if (r.status === 409 && r.data.exists) {
      let choice = always;
      if (choice === null) { const a = await ask(r.data.exists); choice = a.replace; if (a.all) always = a.replace; }
      if (choice) r = await api("PUT", url + "&replace=1", file);
      else { skipped += r.data.exists.length; continue; }
    }
    if (r.ok) written += (r.data.written || []).length;
    else problems.push(path + "：" + (r.data.error || "上传失败"));
  }
  status.replaceChildren(el("span", "已放入 " + written + " 个文件" + (skipped ? "，跳过 " + skipped + " 个同名文件" : "") + "。", "ok"));
  if (problems.length) status.appendChild(el("span", " 未放入：" + problems.join("；"), "bad"));
  if (written && state.results) $("progress-text").replaceChildren(el("span", "放入了新文件：请再点“开始处理”，更新问题和报表", "bad"));
  await loadCollections();
}

// ---- the period and the run -----------------------------------------------------------

function periodOptions(kind) {
  const year = new Date().getFullYear();
  const out = [];
  for (let y = year + 1; y >= year - 5; y--) {
    if (kind === "year") out.push([String(y), y + "年度"]);
    if (kind === "school_year") out.push([(y - 1) + "-" + y, (y - 1) + "—" + y + "学年"]);
    if (kind === "term") {
      out.push([(y - 1) + "-" + y + "-2", (y - 1) + "—" + y + "学年第二学期"]);
      out.push([(y - 1) + "-" + y + "-1", (y - 1) + "—" + y + "学年第一学期"]);
    }
  }
  return out;
}

$("period-kind").addEventListener("change", () => {
  const kind = $("period-kind").value;
  const select = $("period-value");
  select.hidden = !kind;
  select.replaceChildren();
  for (const [value, label] of periodOptions(kind)) { const o = el("option", label); o.value = value; select.appendChild(o); }
  const year = new Date().getFullYear(), month = new Date().getMonth() + 1;
  const sy = month >= 9 ? year + "-" + (year + 1) : (year - 1) + "-" + year;
  const guess = { year: String(year), school_year: sy, term: sy + (month >= 9 || month === 1 ? "-1" : "-2") }[kind];
  if (guess) select.value = guess;
});

$("run").addEventListener("click", async () => {
  const kind = $("period-kind").value;
  const body = {};
  if (kind === "year") body.year = Number($("period-value").value);
  else if (kind) body[kind] = $("period-value").value;
  const r = await api("POST", cpath(state.current, "run"), body);
  if (!r.ok) { alert(r.data.error); return; }
  pollProgress();
});

async function pollProgress() {
  const name = state.current;
  $("run").disabled = true;
  $("progress").hidden = false;
  for (;;) {
    const r = await api("GET", cpath(name, "progress"));
    if (name !== state.current) return;
    const p = r.data;
    const share = p.total ? Math.round((100 * p.done) / p.total) : 5;
    $("progress-bar").style.width = (p.state === "done" ? 100 : share) + "%";
    $("progress-text").textContent = p.state === "running" ? p.stage + (p.total ? "（" + p.done + "/" + p.total + "）" : "") : "";
    if (p.state !== "running") {
      $("run").disabled = false;
      $("progress").hidden = true;
      if (p.state === "failed") { $("progress-text").replaceChildren(el("span", "处理失败：" + p.error, "bad")); return; }
      await loadResults();
      $("progress-text").replaceChildren(el("span", "处理完成（" + state.results.finished + "）", "ok"));
      await loadCollections();
      return;
    }
    await new Promise((ok) => setTimeout(ok, 400));
  }
}

// ---- results --------------------------------------------------------------------------

function clearResults() {
  $("cards").hidden = true;
  $("failures").hidden = true;
  $("findings").replaceChildren();
  $("findings-empty").hidden = false;
  $("schools").replaceChildren();
  $("previews").replaceChildren();
  $("progress-text").textContent = "";
  document.querySelector('[data-tab="schools"]').hidden = true;
}

async function loadResults() {
  const r = await api("GET", cpath(state.current, "results"));
  if (!r.ok) return;
  state.results = r.data;
  const s = r.data.summary;
  $("cards").hidden = false;
  $("n-files").textContent = s.files;
  $("n-records").textContent = s.records;
  $("n-errors").textContent = s.errors;
  $("n-warnings").textContent = s.warnings;
  $("n-period").textContent = s.period;
  $("failures").hidden = !r.data.failures.length;
  $("failures").textContent = r.data.failures.join("；");
  if (!r.data.district) showFiles(r.data.files);
  showSchools(r.data);
  fillFilters(r.data.findings, r.data.district);
  state.findingsShown = 200;
  showFindings();
  showOutputs(r.data.outputs);
  showPreviews(r.data.previews);
}

function showFiles(files) {
  const body = $("files");
  body.replaceChildren();
  for (const f of files) {
    const sheets = f.sheets.length ? f.sheets : [{ sheet: null, kind: "", records: "", problems: "", note: "" }];
    sheets.forEach((s, i) => {
      const label = s.sheet === null ? "—" : (s.sheet || "（CSV）") + " › " + (s.kind || "未识别");
      const note = [i === 0 ? f.note : "", s.note].filter(Boolean).join("；");
      const tr = row([i === 0 ? f.file : "", i === 0 ? f.status : "", label, s.records, s.problems, note], f.status === "无法读取" ? "error" : "");
      if (i === 0 && state.diskFiles && state.diskFiles.has(f.file)) tr.firstChild.appendChild(removeButton(f.file));
      body.appendChild(tr);
    });
  }
  $("files-empty").hidden = files.length > 0;
}

function showSchools(results) {
  const tab = document.querySelector('[data-tab="schools"]');
  tab.hidden = !results.district;
  $("f-dept-head").textContent = results.district ? "学校" : "教研组";
  if (!results.district) return;
  const body = $("schools");
  body.replaceChildren();
  for (const s of results.schools) {
    body.appendChild(row([s.name + (s.listed ? "" : "（不在名单上）"), s.status, s.folders, s.files, s.records, s.errors, s.warnings, s.latest], s.status === "已上报" ? "" : "missing"));
  }
  const missing = results.schools.filter((s) => s.status !== "已上报").map((s) => s.name + "（" + s.status + "）");
  $("missing").hidden = !missing.length;
  $("missing").textContent = "还没有交齐：" + missing.join("、");
}

function fillFilters(findings, district) {
  const fill = (id, values, first, labels) => {
    const select = $(id);
    select.replaceChildren(el("option", first));
    select.firstChild.value = "";
    for (const v of [...new Set(values)].filter(Boolean).sort()) {
      const o = el("option", labels ? labels.get(v) : v);
      o.value = v;
      select.appendChild(o);
    }
  };
  const codes = new Map(findings.map((f) => [f.code, f.code_label]));
  fill("f-code", findings.map((f) => f.code), "全部问题类型", codes);
  fill("f-dept", findings.map((f) => f.department), district ? "全部学校" : "全部教研组");
  fill("f-file", findings.map((f) => f.file), "全部文件");
}

function filteredFindings() {
  const all = state.results ? state.results.findings : [];
  const sev = $("f-severity").value, code = $("f-code").value, dept = $("f-dept").value, file = $("f-file").value;
  const text = $("f-text").value.trim();
  return all.filter((f) => (!sev || f.severity === sev) && (!code || f.code === code) && (!dept || f.department === dept) && (!file || f.file === file)
    && (!text || [f.location, f.value, f.message, f.suggestion].some((v) => v.includes(text))));
}

function showFindings() {
  const list = filteredFindings();
  const body = $("findings");
  body.replaceChildren();
  for (const f of list.slice(0, state.findingsShown)) {
    body.appendChild(row([f.severity_label, f.location, f.value, f.message, f.suggestion, f.department], f.severity));
  }
  $("f-count").textContent = "共 " + list.length + " 条" + (list.length > state.findingsShown ? "，显示前 " + state.findingsShown + " 条" : "");
  $("f-more").hidden = list.length <= state.findingsShown;
  $("findings-empty").hidden = !!state.results;
}

for (const id of ["f-severity", "f-code", "f-dept", "f-file", "f-text"]) {
  $(id).addEventListener("input", () => { state.findingsShown = 200; showFindings(); });
}
$("f-more").addEventListener("click", () => { state.findingsShown += 500; showFindings(); });

function downloadUrl(file) {
  return cpath(state.current, "download") + "?file=" + enc(file) + "&token=" + enc(token);
}

function showOutputs(outputs) {
  const body = $("outputs");
  body.replaceChildren();
  // The workbooks first (what is handed up), then the data files (CSV, Parquet).
  const workbook = (f) => (f.path.endsWith(".xlsx") ? 0 : 1);
  outputs = [...outputs].sort((a, b) => workbook(a) - workbook(b));
  for (const f of outputs) {
    const a = el("a", f.path);
    a.href = downloadUrl(f.path);
    a.setAttribute("download", f.path.split("/").pop());
    body.appendChild(row([a, size(f.size), f.changed]));
  }
  $("outputs-empty").hidden = outputs.length > 0;
  $("download-all").hidden = outputs.length === 0;
  $("download-all").href = cpath(state.current, "download-all") + "?token=" + enc(token);
}

function showPreviews(previews) {
  const box = $("previews");
  box.replaceChildren();
  for (const p of previews) {
    const section = el("section", null, "preview");
    section.appendChild(el("h3", p.workbook.replace(/\.xlsx$/, "") + " › " + p.sheet));
    const table = el("table", null, "grid");
    const covered = new Set();
    const spans = new Map();
    for (const [r0, c0, r1, c1] of p.merges) {
      spans.set(r0 + ":" + c0, [r1 - r0 + 1, c1 - c0 + 1]);
      for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) if (r !== r0 || c !== c0) covered.add(r + ":" + c);
    }
    p.rows.forEach((cells, r) => {
      const tr = el("tr");
      cells.forEach((text, c) => {
        if (covered.has(r + ":" + c)) return;
        const td = el("td", text);
        const span = spans.get(r + ":" + c);
        if (span) { td.rowSpan = span[0]; td.colSpan = span[1]; }
        tr.appendChild(td);
      });
      table.appendChild(tr);
    });
    section.appendChild(table);
    if (p.cut) section.appendChild(el("p", "（只显示前面部分，完整内容请下载工作簿）", "muted small"));
    box.appendChild(section);
  }
}

// ---- settings -------------------------------------------------------------------------

function fillSettings(s, error) {
  const form = $("settings");
  $("settings-status").textContent = error || "";
  $("period-note").textContent = s && s.period ? "（设置中为 " + s.period + "）" : "（设置中未定：统计全部记录）";
  if (s && !s.school) $("period-note").textContent += " 还没有填学校名称：报表标题会空着，请先到“学校设置”填写。";
  if (!s) return;
  for (const [key, value] of Object.entries(s)) {
    const input = form.elements[key];
    if (!input) continue;
    if (input.type === "checkbox") input.checked = !!value;
    else input.value = Array.isArray(value) ? value.join("、") : value;
  }
}

$("settings").addEventListener("submit", async (e) => {
  e.preventDefault();
  const f = e.target.elements;
  const body = {
    school: f.school.value, district: f.district.value,
    departments: f.departments.value.split(/[、,，;；\s]+/).filter(Boolean),
    period: f.period.value, first_term: f.first_term.value, second_term: f.second_term.value,
    required_hours_per_year: Number(f.required_hours_per_year.value),
    max_hours_per_item: Number(f.max_hours_per_item.value),
    full_numbers_in_workbooks: f.full_numbers_in_workbooks.checked,
  };
  const r = await api("POST", cpath(state.current, "settings"), body);
  $("settings-status").replaceChildren(r.ok ? el("span", "已保存", "ok") : el("span", r.data.error, "bad"));
  if (r.ok) fillSettings(r.data);
});

// ---- tabs -----------------------------------------------------------------------------

for (const b of document.querySelectorAll(".tabs button")) {
  b.addEventListener("click", () => {
    for (const other of document.querySelectorAll(".tabs button")) other.classList.toggle("active", other === b);
    for (const tab of document.querySelectorAll(".tab")) tab.hidden = tab.id !== "tab-" + b.dataset.tab;
  });
}

loadCollections();
