/**
 * Edits to a notebook made the way JupyterLab's own actions make them: through the
 * shared model, so each one is a single step of the notebook's undo history, and runs
 * through the notebook's session, so outputs land in the cell.
 */
import type { ISessionContextDialogs } from '@jupyterlab/apputils';
import { NotebookActions, type NotebookPanel } from '@jupyterlab/notebook';

type Cell = NotebookPanel['content']['widgets'][number];

interface Capturing {
  undoManager?: { stopCapturing(): void } | null;
}

/**
 * Replace a cell's source as one undoable change. Capturing stops on both sides so the
 * change is its own undo step, not merged with what the user typed just before.
 */
export function replaceSource(cell: Cell, source: string): void {
  const shared = cell.model.sharedModel;
  const undo = (shared as unknown as Capturing).undoManager;
  undo?.stopCapturing();
  shared.setSource(source);
  undo?.stopCapturing();
}

/**
 * Insert a code cell holding `source` at `index` and make it the active cell. One
 * insertion in the notebook's shared model: undo removes the whole cell. `trusted` is
 * for what the user typed; code that came from the kernel is not trusted, as JupyterLab
 * treats the cells that `set_next_input` inserts.
 */
export function insertCodeCell(
  panel: NotebookPanel,
  index: number,
  source: string,
  trusted: boolean
): Cell {
  const notebook = panel.content;
  const model = notebook.model;
  if (!model) {
    throw new Error('the notebook has not loaded yet');
  }
  model.sharedModel.insertCell(index, { cell_type: 'code', source, metadata: { trusted } });
  notebook.activeCellIndex = index;
  notebook.deselectAll();
  void notebook.scrollToItem(index, 'smart');
  return notebook.widgets[index];
}

/**
 * Run one cell in the notebook's kernel and wait until it has finished. Resolves when
 * the cell ran (even if its code raised); rejects when it could not run at all.
 */
export async function runCell(
  panel: NotebookPanel,
  cell: Cell,
  dialogs: ISessionContextDialogs | null
): Promise<void> {
  const { content: notebook, sessionContext } = panel;
  if (sessionContext.isDisposed || notebook.widgets.indexOf(cell) < 0) {
    throw new Error('the cell is no longer in an open notebook');
  }
  // JupyterLab would only show a dialog and skip the cell in these two cases
  if (sessionContext.isTerminating) {
    throw new Error('the kernel is shutting down: run the cell once it has restarted');
  }
  if (sessionContext.pendingInput) {
    throw new Error('the kernel is waiting for input: answer it, then try again');
  }
  const sessionDialogs = dialogs ?? undefined;
  if (typeof NotebookActions.runCells === 'function') {
    await NotebookActions.runCells(notebook, [cell], sessionContext, sessionDialogs);
  } else {
    // JupyterLab before 4.1 runs only the selection
    notebook.activeCellIndex = notebook.widgets.indexOf(cell);
    notebook.deselectAll();
    await NotebookActions.run(notebook, sessionContext, sessionDialogs);
  }
  if (cell.model.type === 'code' && sessionContext.hasNoKernel) {
    throw new Error('the notebook has no kernel: pick one, then run the cell again');
  }
}

/**
 * Interrupt the kernel of the notebook's own session, as the toolbar's ■ does. The
 * kernel comes from the notebook panel, so a request cannot point at another one.
 */
export async function interruptKernel(panel: NotebookPanel): Promise<void> {
  const kernel = panel.sessionContext.session?.kernel;
  if (!kernel) {
    throw new Error('the notebook has no kernel to interrupt');
  }
  await kernel.interrupt();
}
