// Unit tests of the panel module's logic that needs no page (node --test js/test).
import assert from "node:assert/strict";
import { test } from "node:test";

const KEY = "a-panel-key-as-python-makes-it-0123456789ab";

test("the bridge is there only when the extension marked the page", async () => {
  const { hasBridge } = await import("../panels.js");
  assert.equal(hasBridge({ body: { dataset: { sparkNbBridge: "1" } } }), true);
  assert.equal(hasBridge({ body: { dataset: {} } }), false);
  assert.equal(hasBridge(undefined), false);
});

test("askBridge sends an action and resolves with the matching answer only", async () => {
  const { askBridge } = await import("../panels.js");
  const target = new EventTarget();
  const sent = [];
  target.addEventListener("spark-nb:action", (event) => {
    sent.push(event.detail);
    // an answer for another request first: it must be ignored
    target.dispatchEvent(new CustomEvent("spark-nb:action-done", { detail: { id: "other", ok: false, error: "x" } }));
    target.dispatchEvent(new CustomEvent("spark-nb:action-done", { detail: { id: event.detail.id, ok: true } }));
  });
  const answer = await askBridge(target, KEY, "insert-below", "x = 1");
  assert.deepEqual(sent.map((d) => [d.action, d.source, d.key]), [["insert-below", "x = 1", KEY]]);
  assert.equal(answer.ok, true);
  assert.equal(answer.id, sent[0].id);
});

test("askBridge gives up with an error when nothing answers", async () => {
  const { askBridge } = await import("../panels.js");
  const answer = await askBridge(new EventTarget(), KEY, "run", "", 20);
  assert.equal(answer.ok, false);
  assert.match(answer.error, /no answer/);
});
