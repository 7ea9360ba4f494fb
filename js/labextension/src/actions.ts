/**
 * The pure part of the panel bridge: what a panel may ask for, how its request is
 * checked, what each action does, and the answers sent back. No DOM, no JupyterLab,
 * so it runs (and is tested) in plain Node.
 */

/** The DOM event a panel dispatches, and the one it gets back. */
export const ACTION_EVENT = 'spark-nb:action';
export const DONE_EVENT = 'spark-nb:action-done';

/** One edit the bridge makes to the panel's cell or notebook. */
export type Step = 'replace' | 'insert-below' | 'run';

/** Each action a panel may ask for, as the steps it takes, in order. */
export const ACTIONS: Readonly<Record<string, readonly Step[]>> = Object.freeze({
  replace: ['replace'],
  'insert-below': ['insert-below'],
  run: ['run'],
  'replace-and-run': ['replace', 'run']
});

export interface ActionRequest {
  action: string;
  id: string;
  /** The new source; empty for an action that takes none (run). */
  source: string;
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
 * Check an action event's `detail` ({ action, source, id }) and turn it into the steps
 * to take, or into the error to answer with. The id is echoed back when it is a string.
 */
export function parseActionDetail(detail: unknown): ParsedAction {
  if (detail === null || typeof detail !== 'object') {
    return fail('', 'the event has no detail: expected { action, source, id }');
  }
  const { action, source, id } = detail as Record<string, unknown>;
  const answerId = typeof id === 'string' ? id : '';
  if (typeof id !== 'string') {
    return fail(answerId, 'detail.id must be a string chosen by the panel');
  }
  if (typeof action !== 'string' || !Object.hasOwn(ACTIONS, action)) {
    return fail(answerId, `unknown action ${JSON.stringify(action)}: expected one of ${NAMES}`);
  }
  const steps = ACTIONS[action];
  const needsSource = steps.some(step => step !== 'run');
  if (needsSource && typeof source !== 'string') {
    return fail(answerId, `the ${action} action needs detail.source, a string`);
  }
  return {
    ok: true,
    request: { action, id, source: needsSource ? (source as string) : '', steps }
  };
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
