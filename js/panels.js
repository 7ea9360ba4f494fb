// spark_nb's notebook panels, one ES module for all (anywidget loads a module as one
// file, so shared helpers live here once). The widget's `panel` trait picks the renderer:
//   "spark" — the %%spark panel: streams the code, lists each stage and check, Cancel, Copy;
//   "fix"   — the error panel: what went wrong, checked fixes as diffs, Apply, Apply & run,
//             Copy, Dismiss, and Cancel while the model streams.
// All words and all state come from Python (synced traits); this module only draws them.
// Every string is set with textContent (or as a property such as title): code, checks,
// messages and words carry a notebook's data and a model's output, so none is parsed as
// HTML. The panel's bridge_key stays in the model; it is never written into the page.

const STYLE = `
.spark-panel { font-family: var(--jp-ui-font-family, sans-serif); font-size: 13px;
  border: 1px solid var(--jp-border-color2, #ddd); border-radius: 6px; padding: 8px 10px;
  margin: 4px 0; background: var(--jp-layout-color1, #fff); color: var(--jp-ui-font-color1, #222); }
.spark-head { display: flex; gap: 8px; align-items: center; }
.spark-title { font-weight: 600; flex: 1; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.spark-status { font-size: 12px; padding: 1px 8px; border-radius: 10px; background: var(--jp-layout-color2, #eee); }
.spark-status[data-state="passed"] { background: #d7f5dd; color: #135c24; }
.spark-status[data-state="failed"], .spark-status[data-state="error"] { background: #fbe0e0; color: #8a1c1c; }
.spark-status[data-state="incomplete"] { background: #ffefc2; color: #7a4700; }
.spark-status[data-state="skipped"] { background: #e2e7ee; color: #35424f; }
.spark-code { font-family: var(--jp-code-font-family, monospace); font-size: 12px; white-space: pre;
  overflow-x: auto; max-height: 360px; overflow-y: auto; margin: 6px 0; padding: 6px 8px;
  background: var(--jp-cell-editor-background, #f7f7f7); border-radius: 4px; }
.spark-code:empty { display: none; }
.spark-stages { list-style: none; margin: 4px 0; padding: 0; }
.spark-stages li { margin: 2px 0; }
.spark-stages li[data-state="fail"] { color: #a31515; font-weight: 600; }
.spark-stages li[data-state="pass"] { color: #1e7a34; }
.spark-stages li[data-state="incomplete"] { color: #9a5800; font-weight: 600; }
.spark-stages li[data-state="skip"] { color: #5b6673; }
.spark-detail { font-weight: normal; color: var(--jp-ui-font-color2, #555); }
.spark-message { margin-top: 4px; }
.spark-message:empty { display: none; }
.spark-message[data-state="incomplete"], .spark-message[data-state="skipped"],
.spark-fix-note { border-left: 3px solid #e0a100; padding: 2px 0 2px 8px; }
.spark-message[data-state="skipped"], .spark-fix-note[data-state="skipped"] { border-left-color: #8a96a3; }
.spark-fix-note { margin: 4px 0; font-size: 12px; }
.spark-stats { font-size: 11px; color: var(--jp-ui-font-color2, #666); }
.spark-panel button { font-size: 12px; padding: 2px 10px; cursor: pointer; }
.spark-fix { border-top: 1px solid var(--jp-border-color2, #ddd); padding-top: 6px; margin-top: 6px; }
.spark-fix-head { display: flex; gap: 6px; align-items: center; flex-wrap: wrap; }
.spark-fix-title { font-weight: 600; flex: 1; }
.spark-origin { font-size: 11px; padding: 0 6px; border-radius: 8px; background: var(--jp-layout-color2, #eee); }
.spark-diff .add { color: #1e7a34; background: #e9f8ec; display: block; }
.spark-diff .del { color: #a31515; background: #fdecec; display: block; }
.spark-checks { font-size: 11px; color: var(--jp-ui-font-color2, #555); }
.spark-check { margin-right: 10px; }
.spark-check[data-state="fail"] { color: #a31515; }
.spark-check[data-state="incomplete"] { color: #9a5800; font-weight: 600; }
.spark-explanation:empty { display: none; }
.spark-status[data-state="ambiguous"] { background: #dde8fb; color: #1d3f7a; }
.spark-agreement { font-size: 12px; margin: 4px 0; color: var(--jp-ui-font-color1, #222); }
.spark-agreement:empty { display: none; }
.spark-why { color: var(--jp-ui-font-color2, #555); }
.spark-readings > summary { font-size: 12px; cursor: pointer; }
.spark-readings[data-ambiguous="1"] > summary { display: none; }
.spark-reading-grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(240px, 1fr)); gap: 8px; margin: 6px 0; }
.spark-reading { border: 1px solid var(--jp-border-color2, #ddd); border-radius: 4px; padding: 6px 8px; min-width: 0; }
.spark-reading[data-chosen="1"] { border-color: #1e7a34; }
.spark-reading-head { display: flex; gap: 6px; align-items: center; flex-wrap: wrap; }
.spark-reading-title { font-weight: 600; flex: 1; }
.spark-reading-summary { font-size: 12px; margin: 4px 0; }
.spark-ignore { margin-left: 8px; font-size: 11px !important; padding: 0 6px !important; }
.spark-hint { font-size: 11px; font-family: var(--jp-code-font-family, monospace); color: var(--jp-ui-font-color2, #555); }
`;

// A stage's state -> its mark; a check's status (passed, failed, skipped, incomplete) is
// drawn as the state of the same name. Anything else gets the neutral dot, never a tick.
const MARKS = { running: "…", pass: "✓", fail: "✗", skip: "–", incomplete: "!", info: "•" };
const CHECK_STATES = { passed: "pass", failed: "fail", skipped: "skip", incomplete: "incomplete" };

/** The state a stage or check is drawn with ("pass", "fail", "skip", "incomplete", ...). */
export function stateOf(status) {
  if (Object.hasOwn(CHECK_STATES, status)) return CHECK_STATES[status];
  return Object.hasOwn(MARKS, status) ? status : "info";
}

/** The mark of a stage state or a check status: ✓ ✗ – ! (… while running, • otherwise). */
export function mark(status) {
  return MARKS[stateOf(status)];
}

const BUSY = new Set(["generating", "checking", "repairing"]);

function element(tag, className, parent) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (parent) parent.appendChild(node);
  return node;
}

/** Whether the spark_nb JupyterLab extension is there to edit the notebook for a panel. */
export function hasBridge(doc = globalThis.document) {
  return doc?.body?.dataset?.sparkNbBridge === "1";
}

let requests = 0;

/**
 * Ask the JupyterLab extension to act on the cell holding ``el`` ("insert-below",
 * "replace", "run", "replace-and-run", "interrupt"); resolves to its answer
 * ``{ id, ok, error }``. ``key`` is the panel's ``bridge_key`` from its widget model: the
 * extension compares it with the model of the view the event came from and refuses a
 * request without it, so HTML elsewhere in the page cannot ask in a panel's name.
 */
export function askBridge(el, key, action, source = "", timeoutMs = 10000) {
  const id = `spark-${Date.now()}-${++requests}`;
  return new Promise((resolve) => {
    const timer = setTimeout(() => finish({ id, ok: false, error: "no answer from the notebook" }), timeoutMs);
    function finish(detail) {
      clearTimeout(timer);
      el.removeEventListener("spark-nb:action-done", onDone);
      resolve(detail);
    }
    function onDone(event) {
      if (event.detail?.id === id) finish(event.detail);
    }
    el.addEventListener("spark-nb:action-done", onDone);
    el.dispatchEvent(new CustomEvent("spark-nb:action", {
      detail: { action, source, id, key: String(key ?? "") }, bubbles: true, composed: true,
    }));
  });
}

/**
 * Interrupt the kernel of the notebook the panel is in, through the extension (which
 * knows that notebook's session); resolves to true when it did. Without the extension
 * the page has no safe way to do it (it would need the server's credentials and a kernel id
 * that came from the kernel), so the panel says to use the kernel's own stop button.
 */
export async function interruptOwnKernel(el, model, doc = globalThis.document) {
  if (!hasBridge(doc)) return false;
  const answer = await askBridge(el, model.get("bridge_key"), "interrupt");
  return answer.ok === true;
}

/** The frame every panel shares: a styled box with a head (title, status badge, Cancel). */
function frame(el, className) {
  const root = element("div", className, el);
  element("style", null, root).textContent = STYLE;
  const head = element("div", "spark-head", root);
  const title = element("span", "spark-title", head);
  const status = element("span", "spark-status", head);
  const cancel = element("button", "spark-cancel", head);
  return { root, head, title, status, cancel };
}

function renderSpark({ model, el }) {
  const { root, head, title, status, cancel } = frame(el, "spark-panel");
  const copy = element("button", "spark-copy", head);
  const insert = element("button", "spark-insert", head);
  const stages = element("ul", "spark-stages", root);
  const context = element("details", "spark-context", root);
  const contextTitle = element("summary", null, context);
  const contextText = element("pre", "spark-code", context);
  const code = element("pre", "spark-code", root);
  const agreement = element("div", "spark-agreement", root);
  const readings = element("details", "spark-readings", root);
  const readingsTitle = element("summary", null, readings);
  const readingGrid = element("div", "spark-reading-grid", readings);
  const message = element("div", "spark-message", root);
  const stats = element("div", "spark-stats", root);

  const drawReading = (reading, labels) => {
    const card = element("div", "spark-reading");
    card.dataset.chosen = reading.chosen ? "1" : "0";
    const cardHead = element("div", "spark-reading-head", card);
    element("span", "spark-reading-title", cardHead).textContent = reading.title || reading.label;
    if (reading.chosen) element("span", "spark-origin", cardHead).textContent = labels.chosen || "chosen";
    if (reading.chosen) {
      // the chosen reading is already in the cell below: nothing to insert
    } else if (hasBridge()) {
      const use = element("button", "spark-use", cardHead);
      use.textContent = reading.use || `Insert ${reading.label} below`;
      use.addEventListener("click", async () => {
        use.disabled = true;
        const answer = await askBridge(el, model.get("bridge_key"), "insert-below", reading.code);
        message.textContent = answer.ok ? reading.done || "" : answer.error;
      });
    } else {
      element("div", "spark-hint", card).textContent = reading.hint || "";
    }
    element("div", "spark-reading-summary", card).textContent = reading.summary || "";
    element("pre", "spark-code", card).textContent = reading.code || "";
    return card;
  };

  const draw = () => {
    const labels = model.get("labels") || {};
    const state = model.get("status");
    title.textContent = model.get("request");
    title.title = model.get("request");
    status.textContent = labels[state] || state;
    status.dataset.state = state;
    cancel.textContent = labels.cancel || "Cancel";
    cancel.hidden = !BUSY.has(state);
    copy.textContent = labels.copy || "Copy";
    copy.hidden = BUSY.has(state) || !model.get("code");
    // failing code is never inserted by itself; with the extension the user may insert it
    insert.textContent = labels.insert_anyway || "Insert below anyway";
    insert.hidden = state !== "failed" || !model.get("code") || !hasBridge();
    stages.replaceChildren(
      ...(model.get("stages") || []).map((stage) => {
        const item = element("li");
        item.dataset.state = stage.state;
        item.textContent = `${mark(stage.state)} ${stage.label}`;
        if (stage.detail) element("span", "spark-detail", item).textContent = ` — ${stage.detail}`;
        // a requirement read wrongly from the request: run the cell again without it
        if (stage.ignore_source && hasBridge() && !BUSY.has(state)) {
          const ignore = element("button", "spark-ignore", item);
          ignore.textContent = labels.ignore || "Ignore";
          ignore.addEventListener("click", async () => {
            ignore.disabled = true;
            const answer = await askBridge(el, model.get("bridge_key"), "replace-and-run", stage.ignore_source);
            if (!answer.ok) message.textContent = answer.error;
          });
        }
        return item;
      }),
    );
    context.hidden = !model.get("context");
    contextTitle.textContent = labels.context || "Context sent to the model";
    contextText.textContent = model.get("context");
    agreement.replaceChildren();
    if (model.get("agreement")) {
      agreement.textContent = model.get("agreement");
      if (model.get("why")) element("span", "spark-why", agreement).textContent = ` — ${model.get("why")}`;
    }
    const shown = model.get("readings") || [];
    readings.hidden = shown.length === 0;
    // readings with no majority are shown open, side by side; otherwise the alternatives fold
    readings.dataset.ambiguous = state === "ambiguous" ? "1" : "0";
    if (state === "ambiguous") readings.open = true;
    readingsTitle.textContent = `${labels.others || "Other readings"} (${Math.max(0, shown.length - 1)})`;
    readingGrid.replaceChildren(...shown.map((reading) => drawReading(reading, labels)));
    // with readings side by side, the one code block above would repeat reading A
    code.hidden = state === "ambiguous" && shown.length > 0;
    message.textContent = model.get("message");
    message.dataset.state = state;
    stats.textContent = model.get("stats");
  };
  const drawCode = () => {
    const keepBottom = code.scrollTop + code.clientHeight >= code.scrollHeight - 4;
    code.textContent = model.get("code");
    if (keepBottom) code.scrollTop = code.scrollHeight;
  };

  const onCancel = async () => {
    const labels = model.get("labels") || {};
    cancel.disabled = true;
    cancel.textContent = labels.cancelling || "Cancelling…";
    model.send({ type: "cancel" });
    // an executing kernel reads no widget messages: the interrupt is what stops the model
    const interrupted = await interruptOwnKernel(el, model);
    if (!interrupted) message.textContent = labels.cancel_hint || "";
  };
  const onCopy = async () => {
    try {
      await navigator.clipboard.writeText(model.get("code"));
      copy.textContent = (model.get("labels") || {}).copied || "Copied";
    } catch {
      copy.textContent = "—";
    }
  };
  const onInsert = async () => {
    insert.disabled = true;
    const answer = await askBridge(el, model.get("bridge_key"), "insert-below", model.get("code"));
    const labels = model.get("labels") || {};
    message.textContent = answer.ok ? labels.inserted_failing || "Inserted below, still failing its checks." : answer.error;
  };
  cancel.addEventListener("click", onCancel);
  copy.addEventListener("click", onCopy);
  insert.addEventListener("click", onInsert);
  const traits = ["request", "status", "stages", "message", "stats", "labels", "context", "agreement", "why", "readings"];
  for (const name of traits) model.on(`change:${name}`, draw);
  model.on("change:code", drawCode);
  model.on("change:code", draw);
  draw();
  drawCode();
  return () => {
    for (const name of traits) model.off(`change:${name}`, draw);
    model.off("change:code", drawCode);
    model.off("change:code", draw);
    cancel.removeEventListener("click", onCancel);
    copy.removeEventListener("click", onCopy);
    insert.removeEventListener("click", onInsert);
  };
}

/** Draw a unified diff with added and removed lines marked. */
function drawDiff(pre, diff) {
  pre.replaceChildren(
    ...diff.split("\n").map((line) => {
      const span = element("span", line.startsWith("+") ? "add" : line.startsWith("-") ? "del" : null);
      span.textContent = `${line}\n`;
      return span;
    }),
  );
}

function renderFix({ model, el }) {
  const { root, head, title, status, cancel } = frame(el, "spark-panel spark-fix-panel");
  const dismiss = element("button", "spark-dismiss", head);
  const summary = element("div", "spark-summary", root);
  const explanation = element("div", "spark-explanation", root);
  const fixes = element("div", "spark-fixes", root);
  const message = element("div", "spark-message", root);
  const stats = element("div", "spark-stats", root);

  const act = async (button, action, source, doneLabel) => {
    button.disabled = true;
    const answer = await askBridge(el, model.get("bridge_key"), action, source);
    button.disabled = false;
    message.textContent = answer.ok ? doneLabel : answer.error;
  };

  const drawFix = (fix, labels) => {
    const box = element("div", "spark-fix");
    box.dataset.status = fix.status || "";
    const fixHead = element("div", "spark-fix-head", box);
    element("span", "spark-fix-title", fixHead).textContent = fix.title;
    element("span", "spark-origin", fixHead).textContent = labels[fix.origin] || fix.origin;
    if (fix.reading) {
      element("span", "spark-origin spark-reading-title", fixHead).textContent = fix.reading.title;
      if (fix.reading.chosen) element("span", "spark-origin", fixHead).textContent = labels.chosen || "chosen";
    }
    if (fix.source !== null && fix.source !== undefined) {
      const bridge = hasBridge();
      const buttons = [
        ["spark-apply", labels.apply || "Apply", bridge, (b) => act(b, "replace", fix.source, labels.applied || "Applied")],
        // an incomplete fix (its dry run reached what the sandbox refuses) is never run by a click
        ["spark-apply-run", labels.apply_run || "Apply & run", bridge && fix.runnable === true,
          (b) => act(b, "replace-and-run", fix.source, labels.applied || "Applied")],
        ["spark-copy", labels.copy || "Copy", true, async (b) => {
          try {
            await navigator.clipboard.writeText(fix.source);
            b.textContent = labels.copied || "Copied";
          } catch {
            b.textContent = "—";
          }
        }],
      ];
      for (const [cls, label, shown, onClick] of buttons) {
        if (!shown) continue;
        const button = element("button", cls, fixHead);
        button.textContent = label;
        button.addEventListener("click", () => onClick(button));
      }
      if (fix.agreement) {
        const line = element("div", "spark-agreement", box);
        line.textContent = fix.agreement;
        if (fix.why) element("span", "spark-why", line).textContent = ` — ${fix.why}`;
      }
      if (fix.reading?.summary) element("div", "spark-reading-summary", box).textContent = fix.reading.summary;
      if (fix.note) {
        const note = element("div", "spark-fix-note", box);
        note.dataset.state = fix.status;
        note.textContent = fix.note;
      }
      drawDiff(element("pre", "spark-code spark-diff", box), fix.diff || "");
      const checks = element("div", "spark-checks", box);
      for (const check of fix.checks || []) {
        const item = element("span", "spark-check", checks);
        item.dataset.state = stateOf(check.status);
        item.textContent = `${mark(check.status)} ${check.name}`;
        if (check.message) item.title = check.message;
      }
    } else if (fix.explanation) {
      element("div", "spark-detail", box).textContent = fix.explanation;
    }
    return box;
  };

  const draw = () => {
    const labels = model.get("labels") || {};
    const state = model.get("status");
    title.textContent = model.get("heading");
    status.textContent = labels[state] || state;
    status.dataset.state = state;
    cancel.textContent = labels.cancel || "Cancel";
    cancel.hidden = state !== "explaining";
    dismiss.textContent = labels.dismiss || "Dismiss";
    summary.textContent = model.get("summary");
    explanation.textContent = model.get("explanation");
    fixes.replaceChildren(...(model.get("fixes") || []).map((fix) => drawFix(fix, labels)));
    stats.textContent = model.get("stats");
    if (!model.get("fixes")?.length && state === "done") message.textContent = labels.no_fix || "";
  };
  const onCancel = () => {
    cancel.disabled = true;
    model.send({ type: "cancel" });
  };
  const onDismiss = () => {
    model.send({ type: "cancel" });
    root.hidden = true;
  };
  cancel.addEventListener("click", onCancel);
  dismiss.addEventListener("click", onDismiss);
  const traits = ["heading", "status", "summary", "explanation", "fixes", "stats", "labels"];
  for (const name of traits) model.on(`change:${name}`, draw);
  draw();
  return () => {
    for (const name of traits) model.off(`change:${name}`, draw);
    cancel.removeEventListener("click", onCancel);
    dismiss.removeEventListener("click", onDismiss);
  };
}

const RENDERERS = { spark: renderSpark, fix: renderFix };

function render(context) {
  const draw = RENDERERS[context.model.get("panel")] || renderSpark;
  return draw(context);
}

export default { render };
