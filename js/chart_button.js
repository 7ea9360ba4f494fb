// The Analyze button shown under a figure (spark_nb/widgets/chart_button.py).
// A click sends {type: "analyze"}; Python runs the analysis and sets `status`
// and `result_html` (the facts table and grounded prose, already rendered).
// Labels, status and message are text. `result_html` is the only HTML this module
// draws: the widget sanitizes it in Python (spark_nb.assist.safe_html.sanitize, nh3 with
// a small allowlist) on every assignment, right before it is synced here.

function render({ model, el }) {
  const root = document.createElement("div");
  root.className = "spark-chart-button";
  root.style.cssText = "font: 13px var(--jp-ui-font-family, sans-serif); margin: 4px 0;";
  const button = document.createElement("button");
  button.className = "jupyter-button";
  const status = document.createElement("span");
  status.style.cssText = "margin-left: 8px; opacity: 0.7;";
  const result = document.createElement("div");
  result.style.cssText = "margin-top: 6px;";
  root.append(button, status, result);
  el.append(root);

  const update = () => {
    const state = model.get("status");
    button.textContent = model.get("label") || "Analyze";
    button.disabled = state === "running";
    status.textContent = state === "running" ? "analysing…" : model.get("message") || "";
    // sanitized in Python right before it was synced (ChartButton._sanitized); nothing else
    // reaches innerHTML
    result.innerHTML = model.get("result_html") || "";
  };
  const onClick = () => model.send({ type: "analyze" });
  button.addEventListener("click", onClick);
  model.on("change:status", update);
  model.on("change:result_html", update);
  model.on("change:message", update);
  update();
  return () => {
    button.removeEventListener("click", onClick);
    model.off("change:status", update);
    model.off("change:result_html", update);
    model.off("change:message", update);
  };
}

export default { render };
