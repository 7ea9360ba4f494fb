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

const READINGS = [
  { label: "A", size: 2, chosen: false, title: "A · 2 of 4", use: "Insert A below", hint: "%spark pick A inserts it below",
    done: "Reading A inserted below.", summary: "`totals` is a Series of 3 values", code: 'totals = sales.groupby("region")["revenue"].sum()' },
  { label: "B", size: 2, chosen: false, title: "B · 2 of 4", use: "Insert B below", hint: "%spark pick B inserts it below",
    done: "Reading B inserted below.", summary: "`totals` is a DataFrame with 2 columns", code: 'totals = sales.groupby("region").sum()' },
];
const AMBIGUOUS_RUN = {
  ...INCOMPLETE_RUN,
  request: "Sum sales[\"revenue\"] per region into totals",
  status: "ambiguous",
  code: READINGS[0].code,
  stages: [{ label: "generate", state: "pass", detail: "" }, { label: "dry_run", state: "pass", detail: "" }],
  message: "The candidates disagree and none has a majority: nothing was inserted.",
  labels: { ...SPARK_LABELS, ambiguous: "readings differ", others: "Other readings", chosen: "chosen" },
  agreement: "4 candidates · 2 agree",
  why: "tie between groups of 2: chose the one the model found more likely",
  readings: READINGS,
};

test("readings with no majority are drawn open side by side, each with what it produced and its own insert", async () => {
  const { el } = draw(AMBIGUOUS_RUN);
  assert.equal(el.one("spark-status").textContent, "readings differ");
  assert.equal(el.one("spark-agreement").textContent,
    "4 candidates · 2 agree — tie between groups of 2: chose the one the model found more likely");
  const box = el.one("spark-readings");
  assert.equal(box.hidden, false);
  assert.equal(box.open, true);
  assert.equal(box.dataset.ambiguous, "1");
  const cards = el.all("spark-reading");
  assert.deepEqual(cards.map((c) => c.one("spark-reading-title").textContent), ["A · 2 of 4", "B · 2 of 4"]);
  assert.deepEqual(cards.map((c) => c.one("spark-reading-summary").textContent),
    ["`totals` is a Series of 3 values", "`totals` is a DataFrame with 2 columns"]);
  assert.deepEqual(cards.map((c) => c.dataset.chosen), ["0", "0"]);
  // neither is marked chosen when no reading has a majority, and the code block above
  // (which would repeat reading A) is hidden
  assert.equal(el.all("spark-origin").length, 0);
  assert.equal(el.all("spark-code").find((c) => c.parent === el.children[0])?.hidden, true);
  // with the extension, each reading's button asks to insert exactly its own code
  const sent = [];
  el.addEventListener("spark-nb:action", (event) => {
    sent.push(event.detail);
    event.target.dispatchEvent(new CustomEvent("spark-nb:action-done", { detail: { id: event.detail.id, ok: true } }));
  });
  const use = cards[1].one("spark-use");
  assert.equal(use.textContent, "Insert B below");
  use.dispatchEvent(new Event("click"));
  await new Promise((resolve) => setTimeout(resolve, 0));
  assert.deepEqual(sent.map((d) => [d.action, d.source]), [["insert-below", READINGS[1].code]]);
  assert.equal(el.one("spark-message").textContent, "Reading B inserted below.");
});

test("without the extension a reading says how to pick it; a chosen reading is marked and the rest fold", () => {
  const { el } = draw({ ...AMBIGUOUS_RUN, status: "passed", readings: [{ ...READINGS[0], chosen: true, size: 3, title: "A · 3 of 4" },
    { ...READINGS[1], size: 1, title: "B · 1 of 4" }] }, { bridge: false });
  const box = el.one("spark-readings");
  assert.equal(box.dataset.ambiguous, "0");
  assert.notEqual(box.open, true);
  assert.equal(box.tags("summary")[0].textContent, "Other readings (1)");
  const cards = el.all("spark-reading");
  assert.deepEqual(cards.map((c) => c.dataset.chosen), ["1", "0"]);
  assert.equal(cards[0].one("spark-origin").textContent, "chosen");
  assert.equal(el.all("spark-use").length, 0);
  // the chosen one is in the cell below already; the other says how to pick it
  assert.equal(cards[0].all("spark-hint").length, 0);
  assert.equal(cards[1].one("spark-hint").textContent, "%spark pick B inserts it below");
  assert.equal(el.all("spark-code")[1].hidden, false);
});

test("one candidate: no agreement line and no readings", () => {
  const { el } = draw({ ...INCOMPLETE_RUN, agreement: "", why: "", readings: [] });
  assert.equal(el.one("spark-agreement").textContent, "");
  assert.equal(el.one("spark-readings").hidden, true);
});

test("a failed requirement offers Ignore, which runs the cell again without it", async () => {
  const source = "%%spark --ignore 2\nMake `ranked`, sorted from highest to lowest.";
  const { el } = draw({
    ...INCOMPLETE_RUN,
    status: "failed",
    labels: { ...SPARK_LABELS, ignore: "Ignore" },
    stages: [
      { label: "asked: “a Series”", state: "pass", detail: "`ranked` is a Series" },
      { label: "asked: “sorted from highest to lowest”", state: "fail", detail: "not in order", ignore_source: source },
    ],
  });
  const buttons = el.all("spark-ignore");
  assert.equal(buttons.length, 1);
  assert.equal(buttons[0].textContent, "Ignore");
  const sent = [];
  el.addEventListener("spark-nb:action", (event) => {
    sent.push(event.detail);
    event.target.dispatchEvent(new CustomEvent("spark-nb:action-done", { detail: { id: event.detail.id, ok: true } }));
  });
  buttons[0].dispatchEvent(new Event("click"));
  await new Promise((resolve) => setTimeout(resolve, 0));
  assert.deepEqual(sent.map((d) => [d.action, d.source]), [["replace-and-run", source]]);
  // without the extension there is nothing to click
  const plain = draw({ ...INCOMPLETE_RUN, status: "failed", stages: [{ label: "x", state: "fail", ignore_source: source }] },
    { bridge: false });
  assert.equal(plain.el.all("spark-ignore").length, 0);
});
