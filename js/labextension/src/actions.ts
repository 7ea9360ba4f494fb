/**
 * The pure part of the panel bridge: what a panel may ask for, how its request is
 * checked, which panel sent it, what each action does, and the answers sent back. No
 * DOM, no JupyterLab, so it runs (and is tested) in plain Node.
 */

/** The DOM event a panel dispatches, and the one it gets back. */
export const ACTION_EVENT = 'spark-nb:action';
export const DONE_EVENT = 'spark-nb:action-done';

/**
 * The synced trait of a panel's widget model that holds its secret. A request must carry
 * the same value, and it is read from the model of the view that sent the request.
 */
export const KEY_TRAIT = 'bridge_key';

/** Shorter keys are refused: a panel's key is random, 32 bytes as Python makes it. */
export const MIN_KEY_LENGTH = 16;

/** One edit the bridge makes to the panel's cell or notebook. */
export type Step = 'replace' | 'insert-below' | 'run' | 'interrupt';

/** Each action a panel may ask for, as the steps it takes, in order. */
export const ACTIONS: Readonly<Record<string, readonly Step[]>> = Object.freeze({
  replace: ['replace'],
  'insert-below': ['insert-below'],
  run: ['run'],
  'replace-and-run': ['replace', 'run'],
  // the kernel of the notebook the panel is in: never one the request names
  interrupt: ['interrupt']
});

/** The steps that write `source` into a cell. */
const WRITES: ReadonlySet<Step> = new Set<Step>(['replace', 'insert-below']);

export interface ActionRequest {
  action: string;
  id: string;
  /** The new source; empty for an action that takes none (run, interrupt). */
  source: string;
  /** The panel's key, as the request states it; checked against the view's model. */
  key: string;
  steps: readonly Step[];
}

export type ParsedAction =
  | { ok: true; request: ActionRequest }
  | { ok: false; id: string; error: string };

/** What the bridge answers with: `{ id, ok: true }` or `{ id, ok: false, error }`. */
export type ActionDone =
  | { id: string; ok: true }
  | { id: string; ok: false; error: string };

const NAMES = Object.keys(ACTIONS).join(', ');

/**
 * Check an action event's `detail` ({ action, source, id, key }) and turn it into the
 * steps to take, or into the error to answer with. The id is echoed back when it is a
 * string. Whether the key is the panel's own is for {@link keyMatches} to say.
 */
export function parseActionDetail(detail: unknown): ParsedAction {
  if (detail === null || typeof detail !== 'object') {
    return fail('', 'the event has no detail: expected { action, source, id, key }');
  }
  const { action, source, id, key } = detail as Record<string, unknown>;
  const answerId = typeof id === 'string' ? id : '';
  if (typeof id !== 'string') {
    return fail(answerId, 'detail.id must be a string chosen by the panel');
  }
  if (typeof action !== 'string' || !Object.hasOwn(ACTIONS, action)) {
    return fail(answerId, `unknown action ${JSON.stringify(action)}: expected one of ${NAMES}`);
  }
  if (typeof key !== 'string' || key.length < MIN_KEY_LENGTH) {
    return fail(answerId, `detail.key must be the panel's ${KEY_TRAIT}`);
  }
  const steps = ACTIONS[action];
  const needsSource = steps.some(step => WRITES.has(step));
  if (needsSource && typeof source !== 'string') {
    return fail(answerId, `the ${action} action needs detail.source, a string`);
  }
  return {
    ok: true,
    request: { action, id, key, source: needsSource ? (source as string) : '', steps }
  };
}

/** A widget model as the bridge reads it (a Backbone model of @jupyter-widgets). */
export interface ModelLike {
  get(name: string): unknown;
}

/** A Lumino widget as the bridge walks it: its node, its children. */
export interface WidgetLike {
  node: { contains(other: unknown): boolean };
  children?: () => Iterable<WidgetLike>;
}

/** How deep under a cell's output area a panel's view may be nested. */
const MAX_DEPTH = 64;

/**
 * The widget model of the view that holds `target` (the element that sent the request)
 * under `root`, a cell's output area: the innermost Lumino widget whose node holds the
 * target must be a widget view, or there is none. Null for HTML in an output, and for
 * anything inside a widget that is not itself a view. @jupyter-widgets wraps each view
 * in a Lumino widget that keeps the view as `_view` (ipywidgets 7 and 8 alike).
 */
export function viewModelAt(root: WidgetLike, target: unknown): ModelLike | null {
  if (target === null || target === undefined || !root.node.contains(target)) {
    return null;
  }
  let current: WidgetLike = root;
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    const child = childHolding(current, target);
    if (!child) {
      return modelOf(current);
    }
    current = child;
  }
  return null;
}

/**
 * Whether `key` is the panel's own: the value of {@link KEY_TRAIT} in `model`, the model
 * of the view the request came from. A model without a key (any other widget) never
 * matches.
 */
export function keyMatches(model: ModelLike | null, key: string): boolean {
  if (!model) {
    return false;
  }
  const own = model.get(KEY_TRAIT);
  if (typeof own !== 'string' || own.length < MIN_KEY_LENGTH || own.length !== key.length) {
    return false;
  }
  let diff = 0;
  for (let i = 0; i < own.length; i++) {
    diff |= own.charCodeAt(i) ^ key.charCodeAt(i);
  }
  return diff === 0;
}

/** The answer to a request that is not from a panel's own view (or not with its key). */
export const NOT_A_PANEL = 'refused: the request did not come from a spark_nb panel in this cell';

/**
 * Null when a request may act: `target`, its sender, is inside a widget view under
 * `outputs` (the cell's output area) whose model holds `key`. Otherwise the refusal:
 * the sender is HTML in an output, another widget, or a panel's element with a wrong key.
 */
export function refusal(
  outputs: WidgetLike | null | undefined,
  target: unknown,
  key: string
): string | null {
  const model = outputs ? viewModelAt(outputs, target) : null;
  return keyMatches(model, key) ? null : NOT_A_PANEL;
}

function childHolding(widget: WidgetLike, target: unknown): WidgetLike | null {
  const children = typeof widget.children === 'function' ? widget.children() : [];
  for (const child of children) {
    if (child?.node?.contains(target)) {
      return child;
    }
  }
  return null;
}

function modelOf(widget: WidgetLike): ModelLike | null {
  const view = (widget as { _view?: { model?: unknown } | null })._view;
  const model = view?.model as ModelLike | undefined;
  return model && typeof model.get === 'function' ? model : null;
}

/** The detail of the answer event. */
export function doneDetail(id: string, error?: string): ActionDone {
  return error === undefined ? { id, ok: true } : { id, ok: false, error };
}

/** Something with a DOM-like node, e.g. a cell widget. */
export interface HasNode {
  node: { contains(other: unknown): boolean };
}

/** A notebook as the bridge walks it: its cells in order. */
export interface NotebookLike {
  cells: readonly HasNode[];
}

export interface Located<N extends NotebookLike> {
  notebook: N;
  cell: N['cells'][number];
  index: number;
}

/**
 * Find the notebook and cell whose node contains `target` (the element that sent the
 * event). Null when the target is not inside any notebook cell, e.g. a panel shown in
 * an output view or a console.
 */
export function locateCell<N extends NotebookLike>(
  notebooks: Iterable<N>,
  target: unknown
): Located<N> | null {
  if (target === null || target === undefined) {
    return null;
  }
  for (const notebook of notebooks) {
    const index = notebook.cells.findIndex(cell => cell.node.contains(target));
    if (index >= 0) {
      return { notebook, cell: notebook.cells[index], index };
    }
  }
  return null;
}

/** The source of the cell that "Spark: Generate code…" inserts; null for a blank request. */
export function generateCellSource(request: string): string | null {
  const text = request.trim();
  return text ? `%%spark\n${text}` : null;
}

/** The cells that the fix and report commands insert below the active cell. */
export const FIX_CELL = '%spark fix';
export const REPORT_CELL = '%spark report';

/** Turn whatever was thrown into a message for the panel. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error && error.message) {
    return error.message;
  }
  return typeof error === 'string' && error ? error : 'the action failed';
}

function fail(id: string, error: string): ParsedAction {
  return { ok: false, id, error };
}
