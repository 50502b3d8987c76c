// 公文生成网页：填写公文、草稿导入、批量生成、格式检查。
// The page for staff; it calls only the documented API (see /openapi.json).
import * as api from "./api.js";
import { SchemaForm, h } from "./form.js";

const $ = (id) => document.getElementById(id);
const VALIDATE_DELAY = 500; // ms after the last keystroke

const state = {
  kinds: [],
  kind: null, // name of the kind in the form
  form: null,
  seq: 0, // the latest validation request (older answers are dropped)
  timer: 0,
  pdf: null, // {key, blob} of the last PDF of the form (preview and download share it)
};

function say(text, kind = "info") {
  const status = $("status");
  status.textContent = text;
  status.dataset.kind = kind;
}

function failed(error) {
  if (error.name === "AbortError") return;
  say(error.message || String(error), "error");
}

async function busy(button, work) {
  button.disabled = true;
  button.setAttribute("aria-busy", "true");
  try {
    return await work();
  } catch (error) {
    failed(error);
    return undefined;
  } finally {
    button.disabled = false;
    button.removeAttribute("aria-busy");
  }
}

// -- tabs (arrow keys move between them, as the ARIA tabs pattern says) ---------------------
function tabs() {
  const list = [...document.querySelectorAll('[role="tab"]')];
  const select = (tab) => {
    for (const t of list) {
      const on = t === tab;
      t.setAttribute("aria-selected", String(on));
      t.tabIndex = on ? 0 : -1;
      $(t.getAttribute("aria-controls")).hidden = !on;
    }
  };
  list.forEach((tab, i) => {
    tab.addEventListener("click", () => select(tab));
    tab.addEventListener("keydown", (event) => {
      const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
      if (!step) return;
      const next = list[(i + step + list.length) % list.length];
      select(next);
      next.focus();
    });
  });
  return select;
}
let selectTab = () => {};

// -- token ----------------------------------------------------------------------------------
function tokenDialog() {
  const dialog = $("token-dialog");
  const open = (reason) => {
    $("token-reason").textContent =
      reason || "本服务要求访问令牌时，请向管理员索取后填在这里（只保存在本浏览器标签页中）。";
    $("token-input").value = api.token();
    if (!dialog.open) dialog.showModal();
  };
  $("token-open").addEventListener("click", () => open());
  $("token-form").addEventListener("submit", (event) => {
    event.preventDefault();
    if (event.submitter?.value === "save") {
      api.setToken($("token-input").value.trim());
      say("已保存访问令牌，请重试刚才的操作");
    }
    dialog.close();
  });
  api.unauthorised.add((error) => open(`${error.message}。请填写访问令牌。`));
}

// -- kinds and the form -------------------------------------------------------------------------
async function loadKinds() {
  const { kinds } = await api.json("GET", "/v1/kinds");
  state.kinds = kinds;
  for (const select of [$("kind"), $("batch-kind")]) {
    select.replaceChildren(
      ...kinds.map((k) => h("option", { value: k.name, text: `${k.title}（${k.name}）` })),
    );
  }
  const preferred = kinds.find((k) => k.name === "plan") ? "plan" : kinds[0]?.name;
  $("kind").value = preferred;
  $("batch-kind").value = kinds.find((k) => k.name === "proposal-reply") ? "proposal-reply" : preferred;
  await chooseKind(preferred);
}

async function chooseKind(name, data) {
  const info = state.kinds.find((k) => k.name === name);
  if (!info) throw new Error(`没有文种 ${name}`);
  const schema = await api.json("GET", info.schema_url);
  state.kind = name;
  state.pdf = null;
  $("kind").value = name;
  $("kind-description").textContent = info.description;
  state.form = new SchemaForm(schema, { readRows: (field, file) => readRows(name, field, file) });
  $("form").replaceChildren(state.form.element);
  if (data) state.form.set(data);
  $("summary").replaceChildren();
  $("fill-check").replaceChildren();
  $("preview-pages").replaceChildren();
  if (data) await validate();
}

/** Rows of a spreadsheet for a list field (POST /v1/kinds/{kind}/records). */
async function readRows(kind, field, file) {
  try {
    const answer = await api.json("POST", `/v1/kinds/${kind}/records`, { body: api.form({ file, field }) });
    const ignored = answer.ignored.length ? `；未使用的列：${answer.ignored.join("、")}` : "";
    say(`已从 ${file.name} 读入 ${answer.records.length} 行${ignored}`);
    return answer.records;
  } catch (error) {
    failed(error);
    return null;
  }
}

function data() {
  return state.form.get();
}

function changed() {
  state.pdf = null;
  clearTimeout(state.timer);
  state.timer = setTimeout(() => validate().catch(failed), VALIDATE_DELAY);
}

/** Validate through the API; every problem goes next to its field. Returns true when valid. */
async function validate() {
  clearTimeout(state.timer);
  const seq = (state.seq += 1);
  let problems = [];
  let notices = [];
  let message = "";
  try {
    const answer = await api.json("POST", `/v1/kinds/${state.kind}/validate`, { body: data() });
    notices = answer.notices || [];
  } catch (error) {
    if (!(error instanceof api.ApiError) || error.status !== 422) throw error;
    problems = error.errors.length ? error.errors : [{ path: "", message: error.message }];
    message = error.message;
  }
  if (seq !== state.seq) return problems.length === 0; // a newer answer is on its way
  const shown = state.form.showProblems(problems, notices);
  summary(shown, problems.length, message);
  return problems.length === 0;
}

function summary(shown, count, message) {
  const box = $("summary");
  if (!count) {
    box.className = "summary ok";
    box.replaceChildren(h("p", { text: "数据有效，可以下载。" }));
    return;
  }
  box.className = "summary bad";
  const items = shown
    .filter((s) => !s.notice)
    .map(({ node, messages }) =>
      h(
        "li",
        {},
        h("button", {
          type: "button",
          class: "link",
          text: `${node.label}：${messages.join("；")}`,
          onclick: () => {
            node.element.scrollIntoView({ block: "center" });
            node.focus();
          },
        }),
      ),
    );
  box.replaceChildren(h("p", { text: `共 ${count} 处需要修改：` }), h("ul", {}, items));
  if (message && count === 0) box.append(h("p", { text: message }));
}

async function renderForm(format) {
  const path = `/v1/kinds/${state.kind}/render?format=${format}`;
  try {
    return await api.call("POST", path, { body: data() });
  } catch (error) {
    if (error instanceof api.ApiError && error.status === 422) {
      await validate();
      throw new Error(`数据有误，未生成：${error.message}`);
    }
    throw error;
  }
}

async function formPdf() {
  const key = JSON.stringify([state.kind, data()]);
  if (state.pdf?.key === key) return state.pdf.blob;
  const blob = await (await renderForm("pdf")).blob();
  state.pdf = { key, blob };
  return blob;
}

async function pagePictures(file, target, { dpi = 60, only } = {}) {
  // one picture per page, each through POST /v1/pages (the PDF is converted once, here)
  const pictures = [];
  let count = 1;
  for (let page = 1; page <= count; page += 1) {
    if (only && page !== only) continue;
    const answer = await api.call("POST", `/v1/pages?page=${page}&dpi=${dpi}`, {
      body: api.form({ file }),
    });
    count = Number(answer.headers.get("X-Page-Count") || "1");
    const url = URL.createObjectURL(await answer.blob());
    pictures.push(h("figure", {}, h("img", { src: url, alt: `第 ${page} 页` }), h("figcaption", { text: `第 ${page} 页 / 共 ${count} 页` })));
    if (target) target.replaceChildren(...pictures);
  }
  return pictures;
}

async function checkFile(file, format) {
  return api.json("POST", "/v1/check", { body: api.form({ file, format }) });
}

async function lintFile(template) {
  return api.json("POST", "/v1/lint", { body: api.form({ template }) });
}

const clause = (text) => (String(text).startsWith("§") ? text : `§${text}`);
/** How each severity is shown (doctemplates.findings.LABELS). */
const LABELS = { error: "错误", warning: "警告", info: "已修复" };

/** One finding as `doctemplates check` and `doctemplates lint` print it (Finding.__str__). */
function findingLine(f) {
  const head = f.clause ? `${f.clause} ` : "";
  const shown = (f.expected != null || f.actual != null) && !f.message.includes("实为");
  const values = shown ? `（应为：${f.expected || "—"}；实为：${f.actual || "—"}）` : "";
  const line = `${head}[${LABELS[f.severity]}] ${f.location.display}：${f.message}${values} <${f.rule}>`;
  return line.replace(/[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]+/g, " "); // one_line()
}

/** The findings of /v1/check (a document) or /v1/lint (a template): one list for both. */
function findingList(report, onPage) {
  const rows = report.findings.map((f) =>
    h(
      "li",
      { class: f.severity },
      h("span", { class: "badge", text: LABELS[f.severity] }),
      f.clause ? h("span", { class: "clause", text: `GB/T 9704 ${clause(f.clause)}` }) : null,
      h("span", { class: "where", text: f.location.display }),
      h("span", { class: "what", text: f.message }),
      f.expected ? h("span", { class: "expected", text: `应为：${f.expected}` }) : null,
      f.actual ? h("span", { class: "actual", text: `实为：${f.actual}` }) : null,
      f.location.page && onPage
        ? h("button", { type: "button", class: "small", text: `看第 ${f.location.page} 页`, onclick: () => onPage(f.location.page, f) })
        : null,
    ),
  );
  const problems = report.errors + report.warnings;
  const repaired = report.infos ? `（${report.infos} 处已自动修复）` : "";
  const verdict = problems
    ? `发现 ${report.errors} 个错误、${report.warnings} 个警告${repaired}`
    : `${report.file_type ? "未发现不符合 GB/T 9704 的地方" : "模板未发现问题"}${repaired}`;
  const head = h("p", { class: report.errors ? "bad" : "ok" }, verdict, " ",
    h("button", { type: "button", class: "small save-report", text: "下载检查报告", onclick: () => saveReport(report, verdict) }));
  return [head, rows.length ? h("ol", { class: "finding-list" }, rows) : null];
}

/** The report as a text file, one finding a line as the command line prints it. */
function saveReport(report, verdict) {
  const title = report.file_type ? "格式检查报告（GB/T 9704-2012）" : "模板检查报告";
  const lines = report.findings.map((f, i) => `${i + 1}. ${findingLine(f)}`);
  const text = [`${title}：${verdict}`, ...lines, ""].join("\n");
  api.saveBlob(new Blob([text], { type: "text/plain;charset=utf-8" }), `${title.slice(0, 6)}.txt`);
}

function fillActions() {
  $("form").addEventListener("input", changed);
  $("form").addEventListener("change", changed);
  $("form").addEventListener("submit", (event) => event.preventDefault());
  $("kind").addEventListener("change", () => chooseKind($("kind").value).catch(failed));
  $("validate").addEventListener("click", (event) =>
    busy(event.currentTarget, async () => {
      const ok = await validate();
      say(ok ? "数据有效" : "数据有误，请按提示修改", ok ? "info" : "error");
    }),
  );
  $("download-docx").addEventListener("click", (event) =>
    busy(event.currentTarget, async () => {
      const answer = await renderForm("docx");
      await api.download(answer, `${state.kind}.docx`);
      say("已下载 .docx");
    }),
  );
  $("download-pdf").addEventListener("click", (event) =>
    busy(event.currentTarget, async () => {
      say("正在生成 PDF……");
      api.saveBlob(await formPdf(), `${titleOf()}.pdf`);
      say("已下载 PDF");
    }),
  );
  $("download-ofd").addEventListener("click", (event) =>
    busy(event.currentTarget, async () => {
      say("正在生成 OFD……");
      await api.download(await renderForm("ofd"), `${titleOf()}.ofd`);
      say("已下载 OFD");
    }),
  );
  $("preview").addEventListener("click", (event) =>
    busy(event.currentTarget, async () => {
      say("正在生成预览……");
      const pdf = await formPdf();
      const pictures = await pagePictures(pdf, $("preview-pages"));
      say(`预览共 ${pictures.length} 页`);
    }),
  );
  $("check-form").addEventListener("click", (event) =>
    busy(event.currentTarget, async () => {
      say("正在检查……");
      const docx = await (await renderForm("docx")).blob();
      const report = await checkFile(docx);
      $("fill-check").replaceChildren(...findingList(report));
      say("检查完成");
    }),
  );
  for (const fmt of ["yaml", "json"]) {
    $(`save-${fmt}`).addEventListener("click", (event) =>
      busy(event.currentTarget, async () => {
        const answer = await api.call("POST", `/v1/kinds/${state.kind}/data-file?format=${fmt}`, { body: data() });
        await api.download(answer, `${state.kind}.${fmt}`);
        say(`已保存为 ${fmt.toUpperCase()} 数据文件（可用 doctemplates render 生成）`);
      }),
    );
  }
  $("data-open").addEventListener("change", async (event) => {
    const file = event.currentTarget.files[0];
    event.currentTarget.value = "";
    if (!file) return;
    try {
      const answer = await api.json("POST", "/v1/data-file", { body: api.form({ file }) });
      const kind = answer.kind && state.kinds.find((k) => k.name === answer.kind || k.aliases.includes(answer.kind));
      await chooseKind(kind ? kind.name : state.kind, answer.data);
      say(`已打开 ${file.name}`);
    } catch (error) {
      failed(error);
    }
  });
}

function titleOf() {
  const value = data();
  return (typeof value.title === "string" && value.title) || state.kinds.find((k) => k.name === state.kind)?.title || "公文";
}

// -- import a draft -------------------------------------------------------------------------------
const ACTIONS = { recognised: "识别", normalised: "规范", undecided: "未能确定", note: "说明" };

function importActions() {
  $("import-run").addEventListener("click", (event) =>
    busy(event.currentTarget, async () => {
      const file = $("draft").files[0];
      if (!file) {
        say("请先选择草稿文件", "error");
        $("draft").focus();
        return;
      }
      say("正在导入……");
      const result = await api.json("POST", "/v1/import", { body: api.form({ file }) });
      showImport(result, file.name);
      await chooseKind(result.kind, result.data);
      say(`已导入 ${file.name}：${result.format}格式，标题“${result.title}”`);
    }),
  );
}

function showImport(result, name) {
  const counts = {};
  for (const entry of result.report) counts[entry.action] = (counts[entry.action] || 0) + 1;
  const table = h(
    "table",
    { class: "report" },
    h("caption", { text: "导入报告" }),
    h("thead", {}, h("tr", {}, ["类别", "位置", "草稿中的文字", "说明"].map((t) => h("th", { scope: "col", text: t })))),
    h(
      "tbody",
      {},
      result.report.map((e) =>
        h(
          "tr",
          { class: e.action },
          h("td", { text: ACTIONS[e.action] || e.action }),
          h("td", { text: e.where }),
          h("td", { text: e.text }),
          h("td", { text: e.rule ? `${e.message}（${e.rule}）` : e.message }),
        ),
      ),
    ),
  );
  const download = h("button", {
    type: "button",
    class: "primary",
    id: "import-docx",
    text: "下载排版后的 .docx",
    onclick: (event) =>
      busy(event.currentTarget, async () => {
        const answer = await api.call("POST", `/v1/kinds/${result.kind}/render?format=docx`, { body: result.data });
        await api.download(answer, `${result.title}.docx`);
        say("已下载排版后的 .docx");
      }),
  });
  const edit = h("button", { type: "button", text: "在“填写公文”中修改", onclick: () => { selectTab($("tab-fill")); state.form.root.focus(); } });
  const check = h("button", {
    type: "button",
    id: "import-check",
    text: "检查格式",
    onclick: (event) =>
      busy(event.currentTarget, async () => {
        const docx = await (await api.call("POST", `/v1/kinds/${result.kind}/render?format=docx`, { body: result.data })).blob();
        checkBox.replaceChildren(...findingList(await checkFile(docx)));
      }),
  });
  const checkBox = h("div", { class: "findings" });
  $("import-result").replaceChildren(
    h("dl", { class: "facts" },
      h("dt", { text: "草稿" }), h("dd", { text: name }),
      h("dt", { text: "标题" }), h("dd", { id: "import-title", text: result.title }),
      h("dt", { text: "格式" }), h("dd", { text: result.format }),
      h("dt", { text: "报告" }), h("dd", { text: Object.entries(counts).map(([a, n]) => `${ACTIONS[a] || a} ${n} 条`).join("、") }),
    ),
    h("div", { class: "row" }, download, edit, check),
    checkBox,
    table,
  );
}

// -- batch ----------------------------------------------------------------------------------------
function batchActions() {
  $("batch-run").addEventListener("click", (event) =>
    busy(event.currentTarget, async () => {
      const records = $("batch-records").files[0];
      if (!records) {
        say("请先选择表格文件", "error");
        $("batch-records").focus();
        return;
      }
      let defaults;
      const defaultsFile = $("batch-defaults").files[0];
      if (defaultsFile) {
        defaults = JSON.stringify((await api.json("POST", "/v1/data-file", { body: api.form({ file: defaultsFile }) })).data);
      }
      say("正在批量生成……");
      const kind = $("batch-kind").value;
      const answer = await api.call("POST", `/v1/kinds/${kind}/batch`, {
        body: api.form({ records, defaults, name: $("batch-name").value.trim(), format: $("batch-format").value }),
      });
      const zip = await answer.blob();
      await showBatch(zip, records.name);
    }),
  );
}

async function showBatch(zip, name) {
  const archive = await api.readZip(zip);
  const errors = api.parseCsv((await archive.text("errors.csv")) || "").filter((r) => r.length > 1);
  const failed = errors.slice(1);
  const documents = archive.names.filter((n) => /\.(docx|pdf)$/i.test(n)).length;
  const done = archive.names.filter((n) => /\.docx$/i.test(n)).length;
  const result = $("batch-result");
  const zipName = `${name.replace(/\.[^.]+$/, "")}-批量生成.zip`;
  const save = h("button", { type: "button", class: "primary", id: "batch-download", text: `下载 zip（${documents} 个文件）`, onclick: () => api.saveBlob(zip, zipName) });
  const parts = [
    h("p", { class: failed.length ? "bad" : "ok", id: "batch-summary", text: `成功 ${done} 行，出错 ${failed.length} 行` }),
    h("div", { class: "row" }, save),
  ];
  if (failed.length) {
    const header = errors[0];
    parts.push(
      h(
        "table",
        { class: "report", id: "batch-errors" },
        h("caption", { text: "出错的行（行号、列和表头与表格中看到的一致）" }),
        h("thead", {}, h("tr", {}, header.map((t) => h("th", { scope: "col", text: t })))),
        h("tbody", {}, failed.map((row) => h("tr", {}, row.map((cell) => h("td", { text: cell }))))),
      ),
    );
  }
  result.replaceChildren(...parts);
  say(failed.length ? `批量生成完成，${failed.length} 行出错` : "批量生成完成");
}

// -- check ------------------------------------------------------------------------------------------
function checkActions() {
  $("check-run").addEventListener("click", (event) =>
    busy(event.currentTarget, async () => {
      const file = $("check-file").files[0];
      if (!file) {
        say("请先选择要检查的文件", "error");
        $("check-file").focus();
        return;
      }
      say("正在检查……");
      if ($("check-template").checked) {
        $("check-page").hidden = true;
        $("check-result").replaceChildren(...findingList(await lintFile(file)));
        say("检查完成");
        return;
      }
      const report = await checkFile(file, $("check-format").value);
      const figure = $("check-page");
      figure.hidden = true;
      const showPage = (page, finding) =>
        busy(document.activeElement, async () => {
          const [picture] = await pagePictures(file, null, { dpi: 72, only: page });
          figure.querySelector("img").replaceWith(picture.querySelector("img"));
          figure.querySelector("figcaption").textContent = `第 ${page} 页：${finding.message}（GB/T 9704 ${clause(finding.clause)}）`;
          figure.hidden = false;
        });
      $("check-result").replaceChildren(...findingList(report, showPage));
      say("检查完成");
    }),
  );
}

// -- start ------------------------------------------------------------------------------------------
async function start() {
  selectTab = tabs();
  tokenDialog();
  fillActions();
  importActions();
  batchActions();
  checkActions();
  for (;;) {
    try {
      await loadKinds();
      break;
    } catch (error) {
      failed(error);
      if (!(error instanceof api.ApiError) || error.status !== 401) return;
      // wait for the token, then try again
      await new Promise((resolve) => $("token-dialog").addEventListener("close", resolve, { once: true }));
    }
  }
  document.body.dataset.ready = "true";
  say("请选择文种并填写；带 * 的为必填");
}

start();
