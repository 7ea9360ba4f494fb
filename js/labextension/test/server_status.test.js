// The status-bar item's words for each state of the model server.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { describeServer } from '../lib/server_status.js';

test('a running server shows its loaded models and whether it is busy', () => {
  const idle = describeServer({ running: true, mode: 'auto', busy: false, version: '0.1.0', clients: 2,
    compatible: true, models: [{ name: 'qwen2.5-coder-1.5b', loaded: true }, { name: 'old', loaded: false }] });
  assert.equal(idle.text, 'Spark: qwen2.5-coder-1.5b · idle');
  assert.match(idle.title, /version 0\.1\.0 · 2 clients/);
  const busy = describeServer({ running: true, mode: 'auto', busy: true, waiting: 3, models: [] });
  assert.equal(busy.text, 'Spark: no model loaded · busy, 3 waiting');
});

test('no server, in-kernel mode and another version each say so', () => {
  assert.equal(describeServer({ running: false, mode: 'auto', models: [], busy: false }).text,
    'Spark: no model server');
  assert.equal(describeServer({ running: false, mode: 'off', models: [], busy: false }).text,
    'Spark: in-kernel models');
  const other = describeServer({ running: true, mode: 'auto', models: [], busy: false, compatible: false, version: '9' });
  assert.match(other.title, /spark-nb serve --stop/);
});

test('anything that is not a summary hides the item', () => {
  for (const value of [null, 'x', {}, { running: 'yes', models: [] }, { running: true }]) {
    assert.equal(describeServer(value), null);
  }
});
