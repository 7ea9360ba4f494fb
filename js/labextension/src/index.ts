/**
 * spark_nb's JupyterLab extension (JupyterLab 4, Notebook 7): the bridge that lets
 * spark_nb panels edit and run their notebook, the Spark commands, and the model
 * server's status-bar item.
 */
import type { JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { ICommandPalette, ISessionContextDialogs } from '@jupyterlab/apputils';
import { INotebookTracker } from '@jupyterlab/notebook';
import { IStatusBar } from '@jupyterlab/statusbar';

import { installBridge } from './bridge.js';
import { addCommands } from './commands.js';
import { addStatusItem } from './status_item.js';

const plugin: JupyterFrontEndPlugin<void> = {
  id: 'spark-nb-labextension:plugin',
  description: 'Lets spark_nb panels edit and run notebook cells; adds the Spark commands.',
  autoStart: true,
  // optional, so pages without notebooks (Notebook 7's file browser) load cleanly
  optional: [INotebookTracker, ICommandPalette, ISessionContextDialogs, IStatusBar],
  activate: (
    app: JupyterFrontEnd,
    tracker: INotebookTracker | null,
    palette: ICommandPalette | null,
    dialogs: ISessionContextDialogs | null,
    statusBar: IStatusBar | null
  ): void => {
    if (statusBar) {
      addStatusItem(app, statusBar);
    }
    if (!tracker) {
      return;
    }
    installBridge(tracker, dialogs);
    addCommands(app, tracker, palette, dialogs);
  }
};

export default plugin;
