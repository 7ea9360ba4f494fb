// Just enough of a DOM for panels.js to draw into under node (no browser, no jsdom):
// elements with children, textContent, className, dataset, title, hidden and events.
// Text is only ever set through textContent, as the panels do: setting innerHTML throws.

export class FakeElement extends EventTarget {
  constructor(tagName) {
    super();
    this.tagName = tagName.toUpperCase();
    this.children = [];
    this.parent = null;
    this.className = "";
    this.dataset = {};
    this.title = "";
    this.hidden = false;
    this.disabled = false;
    this.scrollTop = 0;
    this.clientHeight = 0;
    this.scrollHeight = 0;
    this._text = "";
  }

  appendChild(node) {
    node.remove();
    node.parent = this;
    this.children.push(node);
    return node;
  }

  append(...nodes) {
    for (const node of nodes) this.appendChild(node);
  }

  remove() {
    if (!this.parent) return;
    this.parent.children = this.parent.children.filter((c) => c !== this);
    this.parent = null;
  }

  replaceChildren(...nodes) {
    for (const child of [...this.children]) child.remove();
    this._text = "";
    for (const node of nodes) this.appendChild(node);
  }

  get textContent() {
    return this._text + this.children.map((c) => c.textContent).join("");
  }

  set textContent(value) {
    for (const child of [...this.children]) child.remove();
    this._text = String(value ?? "");
  }

  set innerHTML(_value) {
    throw new Error("panels.js must set text with textContent, not innerHTML");
  }

  get classes() {
    return this.className.split(/\s+/).filter(Boolean);
  }

  /** Every element below this one (depth first) that has class ``name``. */
  all(name) {
    const found = [];
    const walk = (node) => {
      for (const child of node.children) {
        if (child.classes.includes(name)) found.push(child);
        walk(child);
      }
    };
    walk(this);
    return found;
  }

  one(name) {
    const [first] = this.all(name);
    if (!first) throw new Error(`no element with class ${name}`);
    return first;
  }

  /** Every element below this one with the tag ``tagName``. */
  tags(tagName) {
    const found = [];
    const walk = (node) => {
      for (const child of node.children) {
        if (child.tagName === tagName.toUpperCase()) found.push(child);
        walk(child);
      }
    };
    walk(this);
    return found;
  }
}

export function fakeDocument({ bridge = false } = {}) {
  const body = new FakeElement("body");
  if (bridge) body.dataset.sparkNbBridge = "1";
  return {
    body,
    cookie: "",
    createElement: (tag) => new FakeElement(tag),
    getElementById: () => null,
  };
}

/** An anywidget model holding ``traits``: get, set (firing change:NAME), on, off, send. */
export function fakeModel(traits) {
  const state = { ...traits };
  const handlers = new Map();
  const sent = [];
  return {
    sent,
    get: (name) => state[name],
    set(name, value) {
      state[name] = value;
      for (const handler of handlers.get(`change:${name}`) || []) handler();
    },
    on(event, handler) {
      handlers.set(event, [...(handlers.get(event) || []), handler]);
    },
    off(event, handler) {
      handlers.set(event, (handlers.get(event) || []).filter((h) => h !== handler));
    },
    send: (message) => sent.push(message),
  };
}
