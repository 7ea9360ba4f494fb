// What the panels send to the JupyterLab extension, and what they never touch: every
// request carries the panel's bridge_key from its widget model; Cancel interrupts
// through the extension (no server token, no kernel id from the kernel); no module
// parses text as HTML except the chart button's sanitized result.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { afterEach, test } from "node:test";

import chartButton from "../chart_button.js";
import panels, { interruptOwnKernel } from "../panels.js";
import { FakeElement, fakeDocument, fakeModel } from "./fake_dom.mjs";

const KEY = "n0t-guessable-but-fixed-for-the-test-0123456";

afterEach(() => {
  delete globalThis.document;
});

/** Answer every spark-nb:action on ``el`` with ``reply(detail)``; record the requests. */
function bridgeOn(el, reply = () => ({ ok: true })) {
  const requests = [];
  el.addEventListener("spark-nb:action", (event) => {
    requests.push(event.detail);
    const answer = { id: event.detail.id, ...reply(event.detail) };
    queueMicrotask(() => el.dispatchEvent(new CustomEvent("spark-nb:action-done", { detail: answer })));
  });
  return requests;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

function drawSpark(traits, { bridge = true } = {}) {
  globalThis.document = fakeDocument({ bridge });
  const el = new FakeElement("div");
  const model = fakeModel({
    panel: "spark", request: "sum sales", status: "generating", code: "x = 1", stages: [],
    message: "", stats: "", context: "", bridge_key: KEY,
    labels: { cancel_hint: "stop it with ■", inserted_failing: "inserted" }, ...traits,
  });
  panels.render({ model, el });
  return { el, model };
}

test("Cancel sends cancel to Python and asks the extension to interrupt, with the key", async () => {
  const { el, model } = drawSpark({});
  const requests = bridgeOn(el);
  el.one("spark-cancel").dispatchEvent(new Event("click"));
  await settle();
  assert.deepEqual(model.sent, [{ type: "cancel" }]);
  assert.equal(requests.length, 1);
  assert.equal(requests[0].action, "interrupt");
  assert.equal(requests[0].key, KEY);
  // nothing names a kernel: the extension interrupts the notebook's own
  assert.deepEqual(Object.keys(requests[0]).sort(), ["action", "id", "key", "source"]);
  assert.equal(el.one("spark-message").textContent, "");
});

test("Cancel without the extension, or refused, tells the user to stop the kernel", async () => {
  for (const bridge of [false, true]) {
    const { el } = drawSpark({}, { bridge });
    const requests = bridgeOn(el, () => ({ ok: false, error: "refused" }));
    el.one("spark-cancel").dispatchEvent(new Event("click"));
    await settle();
    await settle();
    assert.equal(requests.length, bridge ? 1 : 0);
    assert.equal(el.one("spark-message").textContent, "stop it with ■");
  }
});

test("interruptOwnKernel reports whether the extension did it", async () => {
  const el = new EventTarget();
  bridgeOn(el, () => ({ ok: true }));
  const model = fakeModel({ bridge_key: KEY });
  assert.equal(await interruptOwnKernel(el, model, fakeDocument({ bridge: true })), true);
  assert.equal(await interruptOwnKernel(el, model, fakeDocument({ bridge: false })), false);
});

test("Insert below anyway sends the panel's key with the code", async () => {
  const { el } = drawSpark({ status: "failed", code: "total = sales.profit_xyz.sum()" });
  const requests = bridgeOn(el);
  el.one("spark-insert").dispatchEvent(new Event("click"));
  await settle();
  assert.deepEqual(requests.map((r) => [r.action, r.source, r.key]),
    [["insert-below", "total = sales.profit_xyz.sum()", KEY]]);
});

test("Apply and Apply & run in the error panel send the panel's key", async () => {
  globalThis.document = fakeDocument({ bridge: true });
  const el = new FakeElement("div");
  const model = fakeModel({
    panel: "fix", heading: "NameError", status: "done", summary: "", explanation: "", stats: "",
    bridge_key: KEY, labels: {},
    fixes: [{ title: "use total", origin: "rule", source: "print(total)", diff: "", status: "passed",
      runnable: true, checks: [] }],
  });
  panels.render({ model, el });
  const requests = bridgeOn(el);
  el.one("spark-apply").dispatchEvent(new Event("click"));
  el.one("spark-apply-run").dispatchEvent(new Event("click"));
  await settle();
  assert.deepEqual(requests.map((r) => [r.action, r.key]), [["replace", KEY], ["replace-and-run", KEY]]);
});

test("the key is never written into the page", () => {
  const { el } = drawSpark({ status: "failed" });
  const seen = [];
  const walk = (node) => {
    seen.push(node.textContent, node.title, node.className, JSON.stringify(node.dataset));
    node.children.forEach(walk);
  };
  walk(el);
  assert.ok(!seen.some((text) => String(text).includes(KEY)));
});

test("the panels read no server token, page config or kernel id, and parse no HTML", () => {
  const source = readFileSync(new URL("../panels.js", import.meta.url), "utf8");
  for (const banned of ["innerHTML", "outerHTML", "insertAdjacentHTML", "jupyter-config-data",
    "token", "kernel_id", "api/kernels", "fetch("]) {
    assert.ok(!source.includes(banned), `panels.js mentions ${banned}`);
  }
});

test("the chart button's only HTML is result_html; status and message are text", () => {
  const source = readFileSync(new URL("../chart_button.js", import.meta.url), "utf8");
  const assignments = source.match(/\.innerHTML\s*=[^;]*/g) || [];
  assert.deepEqual(assignments, ['.innerHTML = model.get("result_html") || ""']);
  assert.ok(!/insertAdjacentHTML|outerHTML|document\.write/.test(source));

  class HtmlElement extends FakeElement {
    style = {};
    set innerHTML(value) {
      this.html = value;
    }
  }
  globalThis.document = { createElement: (tag) => new HtmlElement(tag) };
  const el = new HtmlElement("div");
  const payload = "<img src=x onerror=alert(1)>";
  const model = fakeModel({ label: payload, status: "error", message: payload, result_html: "<p>ok</p>" });
  chartButton.render({ model, el });
  const [root] = el.children;
  const [button, status, result] = root.children;
  assert.equal(button.textContent, payload);
  assert.equal(status.textContent, payload);
  assert.equal(button.html, undefined);
  assert.equal(status.html, undefined);
  assert.equal(result.html, "<p>ok</p>");
});
