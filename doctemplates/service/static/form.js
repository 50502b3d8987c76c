// 由文种的 JSON Schema 生成表单。A form generated from a kind's JSON Schema (draft 2020-12):
// $ref/$defs, anyOf with null (optional), anyOf of different shapes (a choice of form),
// enums, dates (typed Chinese dates or a picker), integers, objects and arrays whose items
// can be added, removed and reordered.  Every field has a label, its help (the schema's
// description) and a reserved message line (errors never move the layout).
// Each field carries data-path = the API's field path (phases[0].tasks[1].heading), so an
// error's path finds its field.

let serial = 0;
const nextId = () => `f${(serial += 1)}`;

function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") element.className = value;
    else if (key === "text") element.textContent = value;
    else if (key.startsWith("on")) element.addEventListener(key.slice(2), value);
    else element.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined) element.append(child);
  }
  return element;
}

export { h };

function lookup(root, ref) {
  if (!ref.startsWith("#/")) return {};
  let current = root;
  for (const part of ref.slice(2).split("/")) {
    current = current?.[part.replaceAll("~1", "/").replaceAll("~0", "~")];
  }
  return current || {};
}

function resolve(root, schema, depth = 0) {
  let current = schema || {};
  while (current.$ref && depth < 32) {
    const { $ref, ...rest } = current;
    current = { ...lookup(root, $ref), ...rest };
    depth += 1;
  }
  return current;
}

/** {schema, nullable, variants}: anyOf/oneOf unfolded; annotations of the outer schema kept. */
function unfold(root, schema) {
  const s = resolve(root, schema);
  const alternatives = s.anyOf || s.oneOf;
  if (!alternatives) return { schema: s, nullable: false, variants: null };
  const resolved = alternatives.map((a) => resolve(root, a));
  const real = resolved.filter((a) => a.type !== "null");
  const nullable = real.length < resolved.length;
  const outer = {};
  for (const key of ["title", "description", "default", "examples"]) {
    if (s[key] !== undefined) outer[key] = s[key];
  }
  if (real.length === 1) return { schema: { ...real[0], ...outer }, nullable, variants: null };
  return { schema: outer, nullable, variants: real };
}

function shapeOf(schema) {
  if (schema.type === "object" || schema.properties) return "object";
  if (schema.type === "array") return "array";
  if (schema.enum) return "enum";
  if (schema.type === "boolean") return "boolean";
  if (schema.type === "integer" || schema.type === "number") return "number";
  return "string";
}

function shapeOfValue(value) {
  if (Array.isArray(value)) return "array";
  if (value !== null && typeof value === "object") return "object";
  if (typeof value === "boolean") return "boolean";
  if (typeof value === "number") return "number";
  return "string";
}

const VARIANT_NAMES = { object: "分项填写", array: "逐条填写", string: "一段文字", number: "数字" };
const SHAPE_ORDER = { object: 0, array: 1, enum: 2, number: 3, boolean: 4, string: 5 };

class Node {
  constructor(context, label, schema, required) {
    this.context = context;
    this.label = label;
    this.schema = schema;
    this.required = required;
    this.path = "";
    this.id = nextId();
    this.message = h("p", { class: "msg", id: `${this.id}-msg`, "aria-live": "polite" });
  }

  setPath(path) {
    this.path = path;
    this.element.dataset.path = path;
  }

  help() {
    const text = this.schema.description;
    return text ? h("p", { class: "help", id: `${this.id}-help`, text }) : null;
  }

  labelText() {
    return h("span", {}, this.label, this.required ? h("span", { class: "req", title: "必填", text: " *" }) : null);
  }

  /** Show (or clear with []) the messages for this field. */
  show(messages, notice = false) {
    this.message.textContent = messages.join("；");
    this.message.classList.toggle("notice", notice && messages.length > 0);
    const invalid = messages.length > 0 && !notice;
    this.element.classList.toggle("invalid", invalid);
    if (this.control) this.control.setAttribute("aria-invalid", invalid ? "true" : "false");
  }

  focus() {
    (this.control || this.element.querySelector("input, select, textarea, button"))?.focus();
  }

  walk(visit) {
    visit(this);
  }

  changed() {
    this.element.dispatchEvent(new Event("input", { bubbles: true }));
  }
}

/** Fields that hold a picture: their key ends in "image" (seal_image, image). */
const PICTURE_KEY = /(^|_)image$/;
const PICTURE_BYTES = 8 * 1024 * 1024; // the service's bound on a data: URI

class Scalar extends Node {
  constructor(context, label, schema, required, { inArray, picture = false }) {
    super(context, label, schema, required);
    this.inArray = inArray;
    this.shape = shapeOf(schema);
    const describedBy = [schema.description ? `${this.id}-help` : null, `${this.id}-msg`]
      .filter(Boolean)
      .join(" ");
    if (this.shape === "enum") {
      const blank = !required || schema.default === undefined;
      this.control = h(
        "select",
        { id: this.id, "aria-describedby": describedBy },
        blank ? h("option", { value: "", text: "（不填）" }) : null,
        schema.enum.map((v) => h("option", { value: String(v), text: String(v) })),
      );
      if (schema.default !== undefined && schema.default !== null) {
        this.control.value = String(schema.default);
      }
    } else if (this.shape === "boolean") {
      this.control = h("input", { id: this.id, type: "checkbox", "aria-describedby": describedBy });
      this.control.checked = schema.default === true;
    } else {
      const long = inArray && this.shape === "string" && !schema.format && !schema.pattern;
      const attributes = {
        id: this.id,
        "aria-describedby": describedBy,
        "aria-required": required ? "true" : null,
        autocomplete: "off",
        spellcheck: "false",
      };
      if (this.shape === "number") attributes.inputmode = "numeric";
      const placeholder =
        schema.default !== undefined && schema.default !== null
          ? `默认：${schema.default}`
          : schema.examples?.[0] !== undefined
            ? `如：${schema.examples[0]}`
            : schema.format === "date"
              ? "如：2026-04-08 或 2026年4月8日"
              : null;
      attributes.placeholder = placeholder;
      this.control = long ? h("textarea", { ...attributes, rows: "2" }) : h("input", { ...attributes, type: "text" });
      if (long) this.control.addEventListener("input", () => grow(this.control));
    }
    const row = h("div", { class: "control-row" }, this.control);
    if (schema.format === "date") row.append(this.datePicker());
    if (picture && this.shape === "string") row.append(this.picturePicker());
    this.labelElement = h("label", { for: this.id }, this.labelText());
    this.element = h(
      "div",
      { class: `field ${this.shape}` },
      this.labelElement,
      this.help(),
      row,
      this.message,
    );
  }

  datePicker() {
    // the browser's own calendar, filling the text field (typed Chinese dates stay possible)
    const picker = h("input", {
      type: "date",
      class: "picker",
      tabindex: "-1",
      "aria-hidden": "true",
      onchange: () => {
        if (picker.value) {
          this.control.value = picker.value;
          this.changed();
        }
      },
    });
    const button = h("button", {
      type: "button",
      class: "small",
      text: "选择日期",
      "aria-label": `${this.label}：选择日期`,
      onclick: () => {
        const iso = /^\d{4}-\d{2}-\d{2}$/.test(this.control.value) ? this.control.value : "";
        picker.value = iso;
        if (picker.showPicker) picker.showPicker();
        else picker.focus();
      },
    });
    return h("span", { class: "date-tools" }, button, picker);
  }

  picturePicker() {
    // the service reads no file: a chosen picture travels in the data as a data: URI
    this.thumbnail = h("img", { class: "thumbnail", alt: "", hidden: true });
    const input = h("input", {
      type: "file",
      accept: "image/png,image/jpeg,image/gif,image/bmp,image/tiff",
      "aria-label": `${this.label}：选择图片`,
      onchange: () => {
        const file = input.files[0];
        input.value = "";
        if (!file) return;
        if (file.size > PICTURE_BYTES) {
          this.show([`图片过大（${Math.ceil(file.size / 1024 / 1024)} MB），应不超过 8 MB`]);
          return;
        }
        const reader = new FileReader();
        reader.onload = () => {
          this.control.value = String(reader.result);
          this.showThumbnail();
          this.changed();
        };
        reader.readAsDataURL(file);
      },
    });
    this.control.addEventListener("input", () => this.showThumbnail());
    return h("span", { class: "picture-tools" }, h("label", { class: "file-button small" }, "选择图片…", input), this.thumbnail);
  }

  showThumbnail() {
    if (!this.thumbnail) return;
    const uri = this.control.value;
    const ok = /^data:image\/(png|jpeg|gif|bmp|tiff);base64,/.test(uri);
    this.thumbnail.hidden = !ok;
    if (ok) this.thumbnail.src = uri;
    else this.thumbnail.removeAttribute("src");
  }

  get() {
    if (this.shape === "boolean") return this.control.checked;
    const value = this.control.value;
    if (value === "") return this.inArray && this.shape === "string" ? "" : undefined;
    if (this.shape === "number") return /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : value;
    if (this.shape === "enum") {
      const match = this.schema.enum.find((v) => String(v) === value);
      return match === undefined ? value : match;
    }
    return value;
  }

  set(value) {
    if (this.shape === "boolean") this.control.checked = Boolean(value);
    else if (value === undefined || value === null) {
      this.control.value = this.shape === "enum" && this.schema.default != null ? String(this.schema.default) : "";
    } else this.control.value = typeof value === "object" ? JSON.stringify(value) : String(value);
    if (this.control.tagName === "TEXTAREA") grow(this.control);
    this.showThumbnail();
  }

  setPath(path) {
    super.setPath(path);
    this.control.dataset.path = path;
  }

  setItemLabel(label) {
    this.label = label;
    this.labelElement.replaceChildren(this.labelText());
  }
}

function grow(textarea) {
  textarea.style.height = "auto";
  textarea.style.height = `${Math.min(textarea.scrollHeight + 2, 400)}px`;
}

class ObjectNode extends Node {
  constructor(context, label, schema, required, { inArray }) {
    super(context, label, schema, required);
    this.inArray = inArray;
    const needed = new Set(schema.required || []);
    this.children = Object.entries(schema.properties || {}).map(([key, sub]) => ({
      key,
      node: build(context, sub, { key, required: needed.has(key) }),
    }));
    this.element = h(
      "fieldset",
      { class: "object", id: this.id, "aria-describedby": `${this.id}-msg` },
      (this.legend = h("legend", {}, this.labelText())),
      inArray ? null : this.help(),
      this.children.map((c) => c.node.element),
      this.message,
    );
  }

  setPath(path) {
    super.setPath(path);
    for (const { key, node } of this.children) node.setPath(path ? `${path}.${key}` : key);
  }

  setItemLabel(label) {
    this.label = label;
    this.legend.replaceChildren(this.labelText());
  }

  walk(visit) {
    visit(this);
    for (const { node } of this.children) node.walk(visit);
  }

  get() {
    const value = {};
    for (const { key, node } of this.children) {
      const v = node.get();
      if (v !== undefined) value[key] = v;
    }
    if (Object.keys(value).length === 0 && !this.required && !this.inArray) return undefined;
    return value;
  }

  set(value) {
    const source = value && typeof value === "object" && !Array.isArray(value) ? value : {};
    for (const { key, node } of this.children) node.set(source[key]);
  }

  focus() {
    if (this.children.length) this.children[0].node.focus();
  }
}

class ArrayNode extends Node {
  constructor(context, label, schema, required) {
    super(context, label, schema, required);
    this.itemSchema = schema.items || { type: "string" };
    const itemTitle = unfold(context.root, this.itemSchema).schema.title;
    this.itemName = itemTitle || label;
    this.items = [];
    this.list = h("ol", { class: "items" });
    this.addButton = h("button", {
      type: "button",
      class: "add",
      text: `添加${this.itemName}`,
      "aria-label": `${label}：添加${this.itemName}`,
      onclick: () => {
        const node = this.add();
        this.renumber();
        this.changed();
        node.focus();
      },
    });
    this.element = h(
      "fieldset",
      { class: "array", id: this.id, "aria-describedby": `${this.id}-msg` },
      h("legend", {}, this.labelText()),
      this.help(),
      this.list,
      h("div", { class: "array-tools" }, this.addButton),
      this.message,
    );
  }

  /** A "read from a spreadsheet" button: `read(path, file)` gives the items (top-level lists). */
  enableRows(read) {
    const input = h("input", {
      type: "file",
      accept: ".xlsx,.csv,.jsonl",
      "aria-label": `${this.label}：从表格读入（每行一项）`,
      onchange: async () => {
        const file = input.files[0];
        input.value = "";
        if (!file) return;
        const items = await read(this.path, file);
        if (!items) return;
        this.set(items);
        this.changed();
      },
    });
    input.dataset.rows = this.path;
    this.rowsInput = input;
    this.element
      .querySelector(":scope > .array-tools")
      .append(h("label", { class: "file-button" }, `从表格读入${this.label}…`, input));
  }

  setPath(path) {
    super.setPath(path);
    this.items.forEach((item, i) => this.number(item, i));
    if (this.rowsInput) this.rowsInput.dataset.rows = path;
  }

  add(value) {
    const node = build(this.context, this.itemSchema, { label: this.itemName, inArray: true });
    const item = { node };
    const tool = (text, action) =>
      h("button", {
        type: "button",
        class: "small",
        text,
        onclick: () => {
          const target = action(item);
          this.renumber();
          this.changed();
          // the focus stays where the keyboard user is (a disabled button cannot hold it)
          const usable = [target, item.up, item.down, item.remove].find((b) => b && !b.disabled && b.isConnected);
          (usable || this.addButton).focus();
        },
      });
    item.up = tool("上移", (it) => this.move(it, -1));
    item.down = tool("下移", (it) => this.move(it, 1));
    item.remove = tool("删除", (it) => this.removeItem(it));
    item.element = h(
      "li",
      { class: "item" },
      h("div", { class: "item-bar" }, item.up, item.down, item.remove),
      node.element,
    );
    this.items.push(item);
    this.list.append(item.element);
    if (value !== undefined) node.set(value);
    return node;
  }

  move(item, step) {
    const at = this.items.indexOf(item);
    const to = at + step;
    if (to < 0 || to >= this.items.length) return null;
    this.items.splice(at, 1);
    this.items.splice(to, 0, item);
    for (const it of this.items) this.list.append(it.element);
    return step < 0 ? item.up : item.down;
  }

  removeItem(item) {
    const at = this.items.indexOf(item);
    this.items.splice(at, 1);
    item.element.remove();
    const next = this.items[Math.min(at, this.items.length - 1)];
    return next ? next.remove : this.addButton;
  }

  renumber() {
    this.setPath(this.path);
  }

  number(item, i) {
    const label = `${this.itemName} ${i + 1}`;
    // every item is labelled by its own label or legend ("阶段 2")
    item.up.disabled = i === 0;
    item.down.disabled = i === this.items.length - 1;
    item.up.setAttribute("aria-label", `${this.label}：${label} 上移`);
    item.down.setAttribute("aria-label", `${this.label}：${label} 下移`);
    item.remove.setAttribute("aria-label", `${this.label}：删除${label}`);
    item.node.setItemLabel(label);
    item.node.setPath(`${this.path}[${i}]`);
  }

  walk(visit) {
    visit(this);
    for (const { node } of this.items) node.walk(visit);
  }

  get() {
    if (this.items.length === 0) return undefined;
    return this.items.map(({ node }) => {
      const v = node.get();
      return v === undefined ? "" : v;
    });
  }

  set(value) {
    for (const item of this.items) item.element.remove();
    this.items = [];
    const values = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
    for (const v of values) this.add(v);
    this.renumber();
  }

  focus() {
    if (this.items.length) this.items[0].node.focus();
    else this.addButton.focus();
  }
}

class VariantNode extends Node {
  constructor(context, label, schema, required, { variants, inArray }) {
    super(context, label, schema, required);
    this.inArray = inArray;
    this.variants = variants
      .map((v, i) => ({ schema: v, shape: shapeOf(v), index: i }))
      .sort((a, b) => SHAPE_ORDER[a.shape] - SHAPE_ORDER[b.shape] || a.index - b.index);
    this.select = h(
      "select",
      { class: "variant", "aria-label": `${label}：填写方式`, onchange: () => this.choose(Number(this.select.value)) },
      this.variants.map((v, i) =>
        h("option", { value: String(i), text: v.schema.title && v.schema.title !== label ? v.schema.title : VARIANT_NAMES[v.shape] || "填写" }),
      ),
    );
    this.slot = h("div", { class: "variant-slot" });
    // no label of its own: the chosen form's field carries the label, help and message line
    this.element = h(
      "div",
      { class: "variant-field" },
      h("span", { class: "variant-choice" }, "填写方式 ", this.select),
      this.slot,
    );
    this.choose(0);
  }

  choose(index) {
    const chosen = this.variants[index];
    this.select.value = String(index);
    this.current = build(this.context, { ...chosen.schema, title: this.label, description: chosen.schema.description }, {
      label: this.label,
      inArray: this.inArray,
      required: this.required,
      bare: true,
    });
    this.slot.replaceChildren(this.current.element);
    if (this.itemLabel) this.current.setItemLabel?.(this.itemLabel);
    if (this.path) this.setPath(this.path);
  }

  setPath(path) {
    this.path = path;
    this.element.dataset.path = path;
    this.current.setPath(path);
  }

  setItemLabel(label) {
    this.itemLabel = label;
    this.current.setItemLabel?.(label);
  }

  walk(visit) {
    visit(this);
    this.current.walk(visit);
  }

  get() {
    return this.current.get();
  }

  set(value) {
    const wanted = value === undefined || value === null ? null : shapeOfValue(value);
    const index = wanted === null ? 0 : this.variants.findIndex((v) => v.shape === wanted || (wanted === "string" && v.shape === "enum"));
    if (index >= 0 && index !== Number(this.select.value)) this.choose(index);
    this.current.set(value);
  }

  focus() {
    this.current.focus();
  }
}

function build(context, schema, { key = "", label, required = false, inArray = false, bare = false } = {}) {
  const { schema: s, nullable, variants } = unfold(context.root, schema);
  const name = label || s.title || key;
  const needed = required && !nullable;
  if (variants && !bare) return new VariantNode(context, name, s, needed, { variants, inArray });
  const shape = shapeOf(s);
  if (shape === "object") return new ObjectNode(context, name, s, needed, { inArray });
  if (shape === "array") return new ArrayNode(context, name, s, needed);
  return new Scalar(context, name, s, needed, { inArray, picture: PICTURE_KEY.test(key) });
}

/**
 * The form of one kind: `element` to insert, `get()` the data as the API takes it,
 * `set(data)` to fill it, `showProblems(problems)` to put each {path, message} next
 * to its field (the nearest enclosing field when the path names no field).
 */
export class SchemaForm {
  constructor(schema, { readRows } = {}) {
    this.root = build({ root: schema }, schema, { required: true, label: schema.title || "数据" });
    if (readRows && this.root instanceof ObjectNode) {
      for (const { node } of this.root.children) {
        const items = node instanceof ArrayNode ? unfold(schema, node.itemSchema).schema : null;
        // a table: items whose fields are all single values (a spreadsheet row each)
        const flat =
          items &&
          shapeOf(items) === "object" &&
          Object.values(items.properties || {}).every((p) => {
            const field = unfold(schema, p);
            return !field.variants && !["object", "array"].includes(shapeOf(field.schema));
          });
        if (flat) node.enableRows(readRows);
      }
    }
    this.root.setPath("");
    this.element = this.root.element;
    this.element.classList.add("form-root");
  }

  get() {
    return this.root.get() || {};
  }

  set(data) {
    this.root.set(data || {});
    this.root.setPath("");
  }

  fields() {
    const map = new Map();
    this.root.walk((node) => map.set(node.path, node));
    return map;
  }

  /** Show every problem; returns [{path, message, node}] in form order. */
  showProblems(problems, notices = []) {
    const map = this.fields();
    const found = new Map();
    const put = (list, notice) => {
      for (const problem of list) {
        let path = problem.path || "";
        while (!map.has(path) && path) path = path.replace(/(\[\d+\]|\.[^.[\]]+|^[^.[\]]+)$/, "");
        const node = map.get(path) || this.root;
        if (!found.has(node)) found.set(node, { notice, messages: [] });
        const entry = found.get(node);
        if (!notice) entry.notice = false;
        entry.messages.push(node.path === (problem.path || "") ? problem.message : `${problem.path}：${problem.message}`);
      }
    };
    put(problems, false);
    put(notices, true);
    const shown = [];
    for (const node of map.values()) {
      const entry = found.get(node);
      node.show(entry ? entry.messages : [], entry ? entry.notice : false);
      if (entry) shown.push({ node, messages: entry.messages, notice: entry.notice });
    }
    return shown;
  }
}
