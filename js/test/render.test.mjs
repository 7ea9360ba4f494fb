// The panels as drawn (into a stand-in DOM): the four verdicts of a check get their own
// marks and states, a skipped or incomplete result is never drawn as passed, and an
// incomplete fix offers Apply but never Apply & run.
import assert from "node:assert/strict";
import { afterEach, test } from "node:test";

import panels, { mark, stateOf } from "../panels.js";
import { FakeElement, fakeDocument, fakeModel } from "./fake_dom.mjs";

const SPARK_LABELS = { passed: "passed", failed: "failed", incomplete: "incomplete", skipped: "not verified" };
const FIX_LABELS = { apply: "Apply", apply_run: "Apply & run", copy: "Copy", rule: "rule", model: "model" };

function draw(traits, { bridge = true } = {}) {
  globalThis.document = fakeDocument({ bridge });
  const el = new FakeElement("div");
  const model = fakeModel(traits);
  const cleanup = panels.render({ model, el });
  return { el, model, cleanup };
}

afterEach(() => {
  delete globalThis.document;
});

test("each verdict and stage state has its own mark; nothing unknown gets a tick", () => {
  assert.deepEqual(["passed", "failed", "skipped", "incomplete"].map(mark), ["✓", "✗", "–", "!"]);
  assert.deepEqual(["pass", "fail", "skip", "incomplete", "running"].map(mark), ["✓", "✗", "–", "!", "…"]);
  assert.deepEqual(["skipped", "incomplete"].map(stateOf), ["skip", "incomplete"]);
  for (const odd of [undefined, "", "unknown", "constructor", "toString"]) {
    assert.equal(mark(odd), "•", `mark(${odd})`);
    assert.equal(stateOf(odd), "info");
  }
});

const INCOMPLETE_RUN = {
  panel: "spark",
  request: "fetch the page",
  status: "incomplete",
  code: "import urllib.request\nurllib.request.urlopen('http://127.0.0.1:9/')",
  stages: [
    { label: "generate", state: "pass", detail: "" },
    { label: "names", state: "pass", detail: "" },
    { label: "dry_run", state: "incomplete", detail: "would request http://127.0.0.1:9/" },
  ],
  message: "Inserted below, not run: would request http://127.0.0.1:9/. The sandbox refused it, so the dry run is incomplete.",
  stats: "",
  labels: SPARK_LABELS,
  context: "",
};

test("an incomplete dry run is drawn with ! and its message, the badge says incomplete", () => {
  const { el } = draw(INCOMPLETE_RUN);
  const status = el.one("spark-status");
  assert.equal(status.dataset.state, "incomplete");
  assert.equal(status.textContent, "incomplete");
  const items = el.one("spark-stages").children;
  assert.deepEqual(items.map((li) => li.dataset.state), ["pass", "pass", "incomplete"]);
  const dry = items[2];
  assert.equal(dry.textContent, "! dry_run — would request http://127.0.0.1:9/");
  assert.ok(!dry.textContent.includes("✓"));
  const message = el.one("spark-message");
  assert.equal(message.dataset.state, "incomplete");
  assert.match(message.textContent, /^Inserted below, not run: would request/);
  // it is inserted by the kernel already: no "Insert below anyway" for incomplete code
  assert.equal(el.one("spark-insert").hidden, true);
});

test("a skipped check is drawn with – and the reason, the badge says not verified", () => {
  const { el, model } = draw({
    ...INCOMPLETE_RUN,
    status: "skipped",
    stages: [{ label: "dry_run", state: "skip", detail: "uses the kernel's open connection `con`; not run in the copy" }],
    message: "Inserted below, not run and not verified: uses the kernel's open connection `con`; not run in the copy.",
  });
  assert.equal(el.one("spark-status").dataset.state, "skipped");
  assert.equal(el.one("spark-status").textContent, "not verified");
  const [dry] = el.one("spark-stages").children;
  assert.equal(dry.dataset.state, "skip");
  assert.equal(dry.textContent, "– dry_run — uses the kernel's open connection `con`; not run in the copy");
  // a later change of the traits redraws: the same panel can end passed
  model.set("stages", [{ label: "dry_run", state: "pass", detail: "ran without errors in 0.01 s; would write out.csv (12 KB)" }]);
  model.set("status", "passed");
  assert.equal(el.one("spark-stages").children[0].textContent,
    "✓ dry_run — ran without errors in 0.01 s; would write out.csv (12 KB)");
  assert.equal(el.one("spark-status").dataset.state, "passed");
});

test("text from Python is set as text, never parsed as markup", () => {
  const { el } = draw({
    ...INCOMPLETE_RUN,
    stages: [{ label: "dry_run", state: "incomplete", detail: "would run `<img src=x onerror=alert(1)>`" }],
  });
  const [dry] = el.one("spark-stages").children;
  assert.equal(dry.tags("img").length, 0);
  assert.match(dry.textContent, /<img src=x onerror=alert\(1\)>/);
});

function fix(status, checks, extra = {}) {
  return {
    title: `a ${status} fix`, origin: "rule", rule: "name", source: "print(total)", diff: "-print(totl)\n+print(total)",
    explanation: "", status, note: "", runnable: status === "passed" || status === "skipped",
    checks: checks.map(([name, s, message = ""]) => ({ name, status: s, passed: s === "passed", message })),
    ...extra,
  };
}

function drawFixes(fixes, options) {
  return draw({ panel: "fix", heading: "NameError", status: "done", summary: "", explanation: "",
    fixes, stats: "", labels: FIX_LABELS }, options);
}

test("each check of a fix shows its own mark and state", () => {
  const { el } = drawFixes([fix("incomplete", [
    ["syntax", "passed"], ["columns", "skipped", "no frame to check against"], ["dry_run", "incomplete", "would connect to 127.0.0.1:5432"],
  ], { note: "Not fully checked: would connect to 127.0.0.1:5432, which the sandbox refused." })]);
  const checks = el.all("spark-check");
  assert.deepEqual(checks.map((c) => c.textContent), ["✓ syntax", "– columns", "! dry_run"]);
  assert.deepEqual(checks.map((c) => c.dataset.state), ["pass", "skip", "incomplete"]);
  assert.equal(checks[2].title, "would connect to 127.0.0.1:5432");
});

test("an incomplete fix shows its warning and offers Apply but not Apply & run", () => {
  const note = "Not fully checked: would connect to 127.0.0.1:5432, which the sandbox refused.";
  const { el } = drawFixes([
    fix("passed", [["syntax", "passed"], ["dry_run", "passed"]]),
    fix("incomplete", [["syntax", "passed"], ["dry_run", "incomplete", "would connect to 127.0.0.1:5432"]], { note }),
  ]);
  const [passed, incomplete] = el.all("spark-fix");
  assert.equal(passed.all("spark-apply").length, 1);
  assert.equal(passed.all("spark-apply-run").length, 1);
  assert.equal(passed.all("spark-fix-note").length, 0);
  assert.equal(incomplete.dataset.status, "incomplete");
  assert.equal(incomplete.all("spark-apply").length, 1);
  assert.equal(incomplete.all("spark-apply-run").length, 0);
  assert.equal(incomplete.one("spark-fix-note").textContent, note);
  assert.equal(incomplete.one("spark-fix-note").dataset.state, "incomplete");
});

test("a skipped fix says it was not verified; a fix without runnable is never run", () => {
  const { el } = drawFixes([
    fix("skipped", [["dry_run", "skipped", "uses the kernel's open connection `con`; not run in the copy"]],
      { note: "Not verified: uses the kernel's open connection `con`; not run in the copy." }),
    fix("incomplete", [["dry_run", "incomplete", "would run `rm -rf data`"]], { runnable: undefined }),
  ]);
  const [skipped, unknown] = el.all("spark-fix");
  assert.match(skipped.one("spark-fix-note").textContent, /^Not verified: uses the kernel's open connection/);
  assert.equal(skipped.one("spark-fix-note").dataset.state, "skipped");
  assert.deepEqual(skipped.all("spark-check").map((c) => c.textContent), ["– dry_run"]);
  assert.equal(unknown.all("spark-apply-run").length, 0);
});

test("without the extension a fix offers only Copy", () => {
  const { el } = drawFixes([fix("passed", [["dry_run", "passed"]])], { bridge: false });
  const [box] = el.all("spark-fix");
  assert.equal(box.all("spark-apply").length, 0);
  assert.equal(box.all("spark-apply-run").length, 0);
  assert.equal(box.all("spark-copy").length, 1);
});
