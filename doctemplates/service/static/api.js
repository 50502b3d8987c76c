// 公文服务的浏览器客户端：只调用 OpenAPI 中有说明的接口（/openapi.json）。
// The page's HTTP client: documented endpoints only, bearer token from sessionStorage,
// JSON errors ({code, message, errors: [{path, message, code}]}) as ApiError.

const TOKEN_KEY = "doctemplates-token";

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.message || `请求失败（HTTP ${status}）`);
    this.status = status;
    this.code = body?.code || "error";
    this.errors = Array.isArray(body?.errors) ? body.errors : [];
  }
}

export function token() {
  return sessionStorage.getItem(TOKEN_KEY) || "";
}

export function setToken(value) {
  if (value) sessionStorage.setItem(TOKEN_KEY, value);
  else sessionStorage.removeItem(TOKEN_KEY);
}

/** Listeners called with the ApiError of every 401 (the page asks for the token). */
export const unauthorised = new Set();

/**
 * fetch() against this server with the token; a non-2xx answer becomes an ApiError.
 * `body`: an object (sent as JSON), FormData, or undefined.
 */
export async function call(method, path, { body, accept, signal } = {}) {
  const headers = {};
  const t = token();
  if (t) headers.Authorization = `Bearer ${t}`;
  if (accept) headers.Accept = accept;
  let payload = body;
  if (body !== undefined && !(body instanceof FormData)) {
    headers["Content-Type"] = "application/json";
    payload = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, { method, headers, body: payload, signal });
  } catch (error) {
    if (error.name === "AbortError") throw error;
    throw new ApiError(0, { code: "network", message: "无法连接公文服务，请检查网络或稍后重试" });
  }
  if (!response.ok) {
    let parsed = null;
    try {
      parsed = await response.json();
    } catch {
      parsed = null;
    }
    const error = new ApiError(response.status, parsed);
    if (response.status === 429) {
      const wait = response.headers.get("Retry-After");
      if (wait) error.message += `（约 ${wait} 秒后重试）`;
    }
    if (response.status === 401) for (const listener of unauthorised) listener(error);
    throw error;
  }
  return response;
}

export async function json(method, path, options) {
  return (await call(method, path, options)).json();
}

/** The file name of a Content-Disposition header (RFC 6266 filename* first). */
export function fileName(response, fallback) {
  const header = response.headers.get("Content-Disposition") || "";
  const star = /filename\*=UTF-8''([^;]+)/i.exec(header);
  if (star) {
    try {
      return decodeURIComponent(star[1]);
    } catch {
      /* fall through */
    }
  }
  const plain = /filename="([^"]+)"/i.exec(header);
  return plain ? plain[1] : fallback;
}

/** Save a Blob as a download named `name`. */
export function saveBlob(blob, name) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export async function download(response, fallback) {
  const blob = await response.blob();
  saveBlob(blob, fileName(response, fallback));
  return blob;
}

export function form(fields) {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined || value === null || value === "") continue;
    if (value instanceof File) data.append(name, value, value.name);
    else if (value instanceof Blob) data.append(name, value, name);
    else data.append(name, String(value));
  }
  return data;
}

// -- zip (the batch answer): central directory + DecompressionStream("deflate-raw") --------
// Written by hand: reading two small members of a zip needs ~50 lines with the browser's
// own inflater, where a library would be the page's largest file.

export async function readZip(blob) {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 65_557); i -= 1) {
    if (view.getUint32(i, true) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new Error("zip 文件不完整（生成中断）");
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const entries = new Map();
  const utf8 = new TextDecoder();
  for (let k = 0; k < count && view.getUint32(at, true) === 0x02014b50; k += 1) {
    const method = view.getUint16(at + 10, true);
    const size = view.getUint32(at + 20, true);
    const nameLength = view.getUint16(at + 28, true);
    const extra = view.getUint16(at + 30, true);
    const comment = view.getUint16(at + 32, true);
    const offset = view.getUint32(at + 42, true);
    const name = utf8.decode(bytes.subarray(at + 46, at + 46 + nameLength));
    entries.set(name, { method, size, offset });
    at += 46 + nameLength + extra + comment;
  }
  async function member(name) {
    const entry = entries.get(name);
    if (!entry) return null;
    const o = entry.offset;
    const start = o + 30 + view.getUint16(o + 26, true) + view.getUint16(o + 28, true);
    const raw = bytes.subarray(start, start + entry.size);
    if (entry.method === 0) return raw;
    const stream = new Blob([raw]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  }
  return {
    names: [...entries.keys()],
    async text(name) {
      const content = await member(name);
      return content === null ? null : utf8.decode(content).replace(/^\uFEFF/, "");
    },
  };
}

/** Rows of a CSV text (RFC 4180 quotes), the first row being the header. */
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i += 1;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
    } else cell += c;
  }
  if (cell !== "" || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}
