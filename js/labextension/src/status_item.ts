/**
 * The status-bar item: the model server's model and whether it is busy, polled from the
 * Jupyter server extension. Hidden where that extension is not enabled.
 */
import type { JupyterFrontEnd } from '@jupyterlab/application';
import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';
import type { IStatusBar } from '@jupyterlab/statusbar';
import { Widget } from '@lumino/widgets';

import { describeServer, POLL_MS, STATUS_ROUTE } from './server_status.js';

export function addStatusItem(app: JupyterFrontEnd, statusBar: IStatusBar): void {
  const item = new Widget();
  item.addClass('spark-nb-server-status');
  item.node.style.padding = '0 6px';
  item.node.style.lineHeight = '24px';
  const settings = app.serviceManager.serverSettings;
  const url = URLExt.join(settings.baseUrl, STATUS_ROUTE);
  let shown = false;
  statusBar.registerStatusItem('spark-nb:model-server', {
    item,
    align: 'left',
    rank: 200,
    isActive: () => shown
  });
  const refresh = async (): Promise<void> => {
    let view = null;
    try {
      const response = await ServerConnection.makeRequest(url, {}, settings);
      view = response.ok ? describeServer(await response.json()) : null;
    } catch {
      view = null;
    }
    shown = view !== null;
    item.node.textContent = view ? view.text : '';
    item.node.title = view ? view.title : '';
    item.setHidden(!shown);
  };
  void refresh();
  const timer = window.setInterval(() => void refresh(), POLL_MS);
  item.disposed.connect(() => window.clearInterval(timer));
}
