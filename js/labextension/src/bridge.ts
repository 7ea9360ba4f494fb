/**
 * The bridge between spark_nb panels (anywidgets in a cell's output) and the notebook
 * around them. A panel dispatches `spark-nb:action` from its own element; the bridge
 * finds the cell that holds the element, edits or runs it, and answers with
 * `spark-nb:action-done` on that same element.
 *
 * Any script in the page can dispatch that event, including HTML some output shows. So
 * a request is taken only from inside a widget view in the cell's output area whose
 * model holds the key the request carries (`bridge_key`, a random secret the panel's
 * Python side sets): output HTML can reach the DOM but not widget models. An interrupt
 * goes to the kernel of the notebook the panel is in, never to one a request names.
 */
import type { ISessionContextDialogs } from '@jupyterlab/apputils';
import type { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';

import {
  ACTION_EVENT,
  DONE_EVENT,
  doneDetail,
  errorMessage,
  locateCell,
  parseActionDetail,
  refusal,
  type ActionDone,
  type Step,
  type WidgetLike
} from './actions.js';
import { insertCodeCell, interruptKernel, replaceSource, runCell } from './edits.js';

type Cell = NotebookPanel['content']['widgets'][number];

interface Target {
  panel: NotebookPanel;
  cell: Cell;
  source: string;
  dialogs: ISessionContextDialogs | null;
}

const STEPS: Record<Step, (target: Target) => void | Promise<void>> = {
  replace: ({ cell, source }) => replaceSource(cell, source),
  'insert-below': ({ panel, cell, source }) => {
    // the panel's source came from the kernel, so the new cell is not trusted
    insertCodeCell(panel, panel.content.widgets.indexOf(cell) + 1, source, false);
  },
  run: ({ panel, cell, dialogs }) => runCell(panel, cell, dialogs),
  interrupt: ({ panel }) => interruptKernel(panel)
};

/** Listen for panel actions on `document`; returns the function that stops listening. */
export function installBridge(
  tracker: INotebookTracker,
  dialogs: ISessionContextDialogs | null
): () => void {
  const onAction = (event: Event): void => {
    // read the path now: it is empty once dispatch is over
    const sender = event.composedPath()[0] ?? event.target;
    void answer(tracker, dialogs, event).then(detail => {
      sender?.dispatchEvent(
        new CustomEvent(DONE_EVENT, { detail, bubbles: true, composed: true })
      );
    });
  };
  document.addEventListener(ACTION_EVENT, onAction);
  document.body.dataset.sparkNbBridge = '1';
  return () => {
    document.removeEventListener(ACTION_EVENT, onAction);
    delete document.body.dataset.sparkNbBridge;
  };
}

async function answer(
  tracker: INotebookTracker,
  dialogs: ISessionContextDialogs | null,
  event: Event
): Promise<ActionDone> {
  const parsed = parseActionDetail((event as CustomEvent).detail);
  if (!parsed.ok) {
    return doneDetail(parsed.id, parsed.error);
  }
  const { request } = parsed;
  const notebooks: { panel: NotebookPanel; cells: readonly Cell[] }[] = [];
  tracker.forEach(panel => notebooks.push({ panel, cells: panel.content.widgets }));
  // event.target is the sender, or its shadow host when the panel uses a shadow root
  const found = locateCell(notebooks, event.target);
  if (!found) {
    return doneDetail(request.id, 'this panel is not inside a notebook cell');
  }
  // the sender must sit in a widget view of this cell's outputs whose model holds the key
  const outputs = (found.cell as { outputArea?: WidgetLike }).outputArea;
  const refused = refusal(outputs, event.target, request.key);
  if (refused) {
    return doneDetail(request.id, refused);
  }
  const target = { panel: found.notebook.panel, cell: found.cell, source: request.source, dialogs };
  try {
    for (const step of request.steps) {
      await STEPS[step](target);
    }
    return doneDetail(request.id);
  } catch (error) {
    return doneDetail(request.id, errorMessage(error));
  }
}
