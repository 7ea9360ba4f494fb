/**
 * spark_nb's JupyterLab extension (JupyterLab 4, Notebook 7): the bridge that lets
 * spark_nb panels edit and run their notebook, and the Spark commands.
 */
import type { JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { ICommandPalette, ISessionContextDialogs } from '@jupyterlab/apputils';
import { INotebookTracker } from '@jupyterlab/notebook';

import { installBridge } from './bridge.js';
import { addCommands } from './commands.js';

const plugin: JupyterFrontEndPlugin<void> = {
  id: 'spark-nb-labextension:plugin',
  description: 'Lets spark_nb panels edit and run notebook cells; adds the Spark commands.',
  autoStart: true,
  // optional, so pages without notebooks (Notebook 7's file browser) load cleanly
  optional: [INotebookTracker, ICommandPalette, ISessionContextDialogs],
  activate: (
    app: JupyterFrontEnd,
    tracker: INotebookTracker | null,
    palette: ICommandPalette | null,
    dialogs: ISessionContextDialogs | null
  ): void => {
    if (!tracker) {
      return;
    }
    installBridge(tracker, dialogs);
    addCommands(app, tracker, palette, dialogs);
  }
};

export default plugin;
