/**
 * What the status-bar item says about spark_nb's model server, from the summary the
 * Jupyter server extension serves at `spark-nb/model-server`. Pure: tested with node.
 */

export const STATUS_ROUTE = 'spark-nb/model-server';
export const POLL_MS = 5000;

export interface ServerModel {
  name: string;
  loaded: boolean;
}

export interface ServerSummary {
  running: boolean;
  mode: string;
  models: ServerModel[];
  busy: boolean;
  waiting?: number;
  clients?: number;
  version?: string;
  compatible?: boolean;
}

export interface StatusView {
  text: string;
  title: string;
}

/** The item's text and tooltip; null when the summary is not one (hide the item). */
export function describeServer(value: unknown): StatusView | null {
  if (typeof value !== 'object' || value === null) {
    return null;
  }
  const s = value as Partial<ServerSummary>;
  if (typeof s.running !== 'boolean' || !Array.isArray(s.models)) {
    return null;
  }
  if (s.mode === 'off') {
    return { text: 'Spark: in-kernel models', title: 'SPARK_NB_SERVER=off: each kernel loads its own models' };
  }
  if (!s.running) {
    return {
      text: 'Spark: no model server',
      title: 'The first kernel that needs a model starts it (spark-nb serve)'
    };
  }
  if (s.compatible === false) {
    return {
      text: 'Spark: model server of another version',
      title: `It runs spark-nb ${s.version ?? '?'}; stop it with spark-nb serve --stop`
    };
  }
  const loaded = s.models.filter(m => m && m.loaded === true).map(m => String(m.name));
  const state = s.busy ? (s.waiting ? `busy, ${s.waiting} waiting` : 'busy') : 'idle';
  const names = loaded.length ? loaded.join(', ') : 'no model loaded';
  const clients = typeof s.clients === 'number' ? `${s.clients} client${s.clients === 1 ? '' : 's'}` : '';
  return {
    text: `Spark: ${names} · ${state}`,
    title: ['spark_nb model server', s.version ? `version ${s.version}` : '', clients]
      .filter(Boolean)
      .join(' · ')
  };
}
