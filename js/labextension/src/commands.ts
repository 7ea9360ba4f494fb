/**
 * The Spark commands: each inserts a `%spark` cell below the active cell and runs it,
 * so what the magic prints or shows lands right where the user is working.
 */
import type { JupyterFrontEnd } from '@jupyterlab/application';
import {
  InputDialog,
  showErrorMessage,
  type ICommandPalette,
  type ISessionContextDialogs
} from '@jupyterlab/apputils';
import type { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';

import { FIX_CELL, generateCellSource, REPORT_CELL } from './actions.js';
import { insertCodeCell, runCell } from './edits.js';

export const CATEGORY = 'Spark';

interface SparkCommand {
  id: string;
  label: string;
  caption: string;
  /** The source of the cell to insert, or null when the user backed out. */
  source: () => Promise<string | null>;
}

const COMMANDS: readonly SparkCommand[] = [
  {
    id: 'spark-nb:generate',
    label: 'Spark: Generate code…',
    caption: 'Describe the code in words; it is written, checked against the kernel and inserted below',
    source: async () => {
      const answer = await InputDialog.getText({
        title: 'Spark: Generate code',
        label: 'What should the code do?',
        placeholder: 'e.g. sum sales by region',
        okLabel: 'Generate'
      });
      return answer.button.accept ? generateCellSource(answer.value ?? '') : null;
    }
  },
  {
    id: 'spark-nb:fix',
    label: 'Spark: Explain and fix this error',
    caption: 'Explain the last error and propose a checked fix',
    source: async () => FIX_CELL
  },
  {
    id: 'spark-nb:report',
    label: 'Spark: Export report',
    caption: 'Write this notebook up as a data-analysis report',
    source: async () => REPORT_CELL
  }
];

/** Register the commands and put them in the palette (menus and keys are in the schema). */
export function addCommands(
  app: JupyterFrontEnd,
  tracker: INotebookTracker,
  palette: ICommandPalette | null,
  dialogs: ISessionContextDialogs | null
): void {
  for (const command of COMMANDS) {
    app.commands.addCommand(command.id, {
      label: command.label,
      caption: command.caption,
      isEnabled: () => tracker.currentWidget !== null,
      execute: async () => {
        const panel = tracker.currentWidget;
        const source = panel ? await command.source() : null;
        if (panel && source !== null) {
          await insertBelowAndRun(panel, source, dialogs).catch(error =>
            showErrorMessage(command.label, error)
          );
        }
      }
    });
    palette?.addItem({ command: command.id, category: CATEGORY });
  }
}

async function insertBelowAndRun(
  panel: NotebookPanel,
  source: string,
  dialogs: ISessionContextDialogs | null
): Promise<void> {
  const notebook = panel.content;
  const index = notebook.activeCell ? notebook.activeCellIndex + 1 : 0;
  const cell = insertCodeCell(panel, index, source, true);
  notebook.activate();
  await runCell(panel, cell, dialogs);
}
