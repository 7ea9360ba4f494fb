// The bridge's pure logic, run against the compiled module (`npm test` builds it first).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  ACTION_EVENT,
  DONE_EVENT,
  doneDetail,
  errorMessage,
  FIX_CELL,
  generateCellSource,
  locateCell,
  parseActionDetail,
  REPORT_CELL
} from '../lib/actions.js';

// a panel's key as Python makes it (secrets.token_urlsafe(32): 43 characters)
const KEY = 'Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5';

test('event names are the published contract', () => {
  assert.equal(ACTION_EVENT, 'spark-nb:action');
  assert.equal(DONE_EVENT, 'spark-nb:action-done');
});

test('each action becomes its steps, in order', () => {
  const steps = action => parseActionDetail({ key: KEY, action, source: 'x = 1', id: 'a' }).request.steps;
  assert.deepEqual(steps('replace'), ['replace']);
  assert.deepEqual(steps('insert-below'), ['insert-below']);
  assert.deepEqual(steps('run'), ['run']);
  assert.deepEqual(steps('replace-and-run'), ['replace', 'run']);
  assert.deepEqual(steps('interrupt'), ['interrupt']);
});

test('a valid request keeps its id and source', () => {
  const parsed = parseActionDetail({ key: KEY, action: 'replace', source: 'print(1)\n', id: 'p7' });
  assert.equal(parsed.ok, true);
  assert.equal(parsed.request.id, 'p7');
  assert.equal(parsed.request.action, 'replace');
  assert.equal(parsed.request.source, 'print(1)\n');
});

test('an empty source is a valid replacement (it clears the cell)', () => {
  const parsed = parseActionDetail({ key: KEY, action: 'replace', source: '', id: 'e' });
  assert.equal(parsed.ok, true);
  assert.equal(parsed.request.source, '');
});

test('run and interrupt need no source and ignore one', () => {
  for (const action of ['run', 'interrupt']) {
    const parsed = parseActionDetail({ key: KEY, action, id: 'r' });
    assert.equal(parsed.ok, true);
    assert.equal(parsed.request.source, '');
    assert.equal(parseActionDetail({ key: KEY, action, source: 42, id: 'r' }).ok, true);
  }
});

test('a request states its key; a missing, non-string or short one is refused', () => {
  const parsed = parseActionDetail({ key: KEY, action: 'replace', source: 'x', id: 'k' });
  assert.equal(parsed.request.key, KEY);
  for (const key of [undefined, null, 42, '', 'short', ['x'.repeat(40)]]) {
    const refused = parseActionDetail({ key, action: 'replace', source: 'x', id: 'k' });
    assert.equal(refused.ok, false, String(key));
    assert.equal(refused.id, 'k');
    assert.match(refused.error, /detail\.key must be the panel's bridge_key/);
  }
});

test('interrupt names no kernel: whatever the request says, the step is the same', () => {
  const parsed = parseActionDetail({ key: KEY, action: 'interrupt', id: 'i', kernel: 'other', kernel_id: 'x' });
  assert.deepEqual(Object.keys(parsed.request).sort(), ['action', 'id', 'key', 'source', 'steps']);
  assert.deepEqual(parsed.request.steps, ['interrupt']);
});

test('actions that write a cell need a string source', () => {
  for (const action of ['replace', 'insert-below', 'replace-and-run']) {
    for (const source of [undefined, null, 3, ['a']]) {
      const parsed = parseActionDetail({ key: KEY, action, source, id: 'q' });
      assert.equal(parsed.ok, false, `${action} with ${source}`);
      assert.equal(parsed.id, 'q');
      assert.match(parsed.error, new RegExp(`${action} action needs detail.source`));
    }
  }
});

test('unknown or missing actions are refused with the list of known ones', () => {
  for (const action of ['delete', 'Replace', '', undefined, 'toString', '__proto__']) {
    const parsed = parseActionDetail({ key: KEY, action, source: 'x', id: 'u' });
    assert.equal(parsed.ok, false, String(action));
    assert.equal(parsed.id, 'u');
    assert.match(parsed.error, /replace, insert-below, run, replace-and-run, interrupt/);
  }
});

test('a missing or non-string id is refused and answered with an empty id', () => {
  for (const id of [undefined, 5, null, {}]) {
    const parsed = parseActionDetail({ key: KEY, action: 'run', id });
    assert.equal(parsed.ok, false);
    assert.equal(parsed.id, '');
    assert.match(parsed.error, /id must be a string/);
  }
});

test('a detail that is not an object is refused', () => {
  for (const detail of [undefined, null, 'replace', 7]) {
    const parsed = parseActionDetail(detail);
    assert.equal(parsed.ok, false);
    assert.equal(parsed.id, '');
    assert.match(parsed.error, /no detail/);
  }
});

test('answers are { id, ok: true } or { id, ok: false, error }', () => {
  assert.deepEqual(doneDetail('a'), { id: 'a', ok: true });
  assert.deepEqual(doneDetail('b', 'no cell'), { id: 'b', ok: false, error: 'no cell' });
  assert.deepEqual(Object.keys(doneDetail('c')), ['id', 'ok']);
});

// Fake DOM nodes: each knows the set of nodes inside it.
const node = (...inside) => ({ contains: other => inside.includes(other) });

test('the cell that contains the target is found, with its notebook and index', () => {
  const button = {};
  const other = {};
  const first = { name: 'first', cells: [{ node: node(other) }, { node: node() }] };
  const second = { name: 'second', cells: [{ node: node() }, { node: node() }, { node: node(button) }] };
  const found = locateCell([first, second], button);
  assert.equal(found.notebook, second);
  assert.equal(found.index, 2);
  assert.equal(found.cell, second.cells[2]);
  assert.equal(locateCell([first, second], other).notebook, first);
});

test('a target outside every cell, or no target, finds nothing', () => {
  const notebooks = [{ cells: [{ node: node({}) }] }];
  assert.equal(locateCell(notebooks, {}), null);
  assert.equal(locateCell(notebooks, null), null);
  assert.equal(locateCell([], {}), null);
});

test('locateCell walks any iterable of notebooks', () => {
  const target = {};
  function* notebooks() {
    yield { cells: [] };
    yield { cells: [{ node: node(target) }] };
  }
  assert.equal(locateCell(notebooks(), target).index, 0);
});

test('the generate command writes a %%spark cell with the trimmed request', () => {
  assert.equal(generateCellSource('  plot sales by month \n'), '%%spark\nplot sales by month');
  assert.equal(generateCellSource('売上を月ごとに集計して'), '%%spark\n売上を月ごとに集計して');
  assert.equal(generateCellSource('line one\nline two'), '%%spark\nline one\nline two');
});

test('a blank request inserts nothing', () => {
  assert.equal(generateCellSource(''), null);
  assert.equal(generateCellSource('  \n\t'), null);
});

test('the fix and report commands insert their line magics', () => {
  assert.equal(FIX_CELL, '%spark fix');
  assert.equal(REPORT_CELL, '%spark report');
});

test('errors become messages a panel can show', () => {
  assert.equal(errorMessage(new Error('no kernel')), 'no kernel');
  assert.equal(errorMessage('plain text'), 'plain text');
  assert.equal(errorMessage(undefined), 'the action failed');
  assert.equal(errorMessage(new Error('')), 'the action failed');
});
