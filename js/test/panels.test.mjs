// Unit tests of the panel module's logic that needs no page (node --test js/test).
import assert from "node:assert/strict";
import { test } from "node:test";

import { interruptKernel } from "../panels.js";

function recorder(ok = true) {
  const calls = [];
  const fetchImpl = async (url, init) => {
    calls.push({ url, init });
    return { ok };
  };
  return { calls, fetchImpl };
}

test("interrupt posts to the kernel's REST endpoint under the base URL", async () => {
  const { calls, fetchImpl } = recorder();
  const ok = await interruptKernel("abc-123", { baseUrl: "/user/ann/", token: "t0k" }, fetchImpl);
  assert.equal(ok, true);
  assert.equal(calls.length, 1);
  assert.equal(calls[0].url, "/user/ann/api/kernels/abc-123/interrupt");
  assert.equal(calls[0].init.method, "POST");
  assert.equal(calls[0].init.headers.Authorization, "token t0k");
});

test("a base URL without a trailing slash still gives one slash", async () => {
  const { calls, fetchImpl } = recorder();
  await interruptKernel("k", { baseUrl: "/lab" }, fetchImpl);
  assert.equal(calls[0].url, "/lab/api/kernels/k/interrupt");
});

test("no kernel id, no page config or a failed request report false", async () => {
  const { calls, fetchImpl } = recorder(false);
  assert.equal(await interruptKernel("", { baseUrl: "/" }, fetchImpl), false);
  assert.equal(await interruptKernel("k", null, fetchImpl), false);
  assert.equal(calls.length, 0);
  assert.equal(await interruptKernel("k", { baseUrl: "/" }, fetchImpl), false);
  const throwing = async () => {
    throw new Error("network down");
  };
  assert.equal(await interruptKernel("k", { baseUrl: "/" }, throwing), false);
});

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
  const answer = await askBridge(target, "insert-below", "x = 1");
  assert.deepEqual(sent.map((d) => [d.action, d.source]), [["insert-below", "x = 1"]]);
  assert.equal(answer.ok, true);
  assert.equal(answer.id, sent[0].id);
});

test("askBridge gives up with an error when nothing answers", async () => {
  const { askBridge } = await import("../panels.js");
  const answer = await askBridge(new EventTarget(), "run", "", 20);
  assert.equal(answer.ok, false);
  assert.match(answer.error, /no answer/);
});
