// Which requests the bridge acts on: only those sent from inside a panel's own widget
// view, carrying the key held in that view's widget model. Everything else in a cell's
// output (HTML an output shows, other widgets, a panel's element with a guessed key) is
// refused. Run against the compiled module (`npm test` builds it first).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { KEY_TRAIT, keyMatches, NOT_A_PANEL, refusal, viewModelAt } from '../lib/actions.js';

const KEY = 'q3J5cFRvZ3JhcGhpY2FsbHlSYW5kb21LZXlGb3JQYW5lbA';

// A DOM node that knows the nodes inside it (itself included), like Node.contains.
class FakeNode {
  constructor(parent = null) {
    this.parent = parent;
  }
  contains(other) {
    for (let node = other; node; node = node.parent) {
      if (node === this) return true;
    }
    return false;
  }
}

// A Lumino widget: a node, children; a widget view's wrapper also keeps `_view`.
function widget(parentNode, children = [], view = undefined) {
  const w = { node: new FakeNode(parentNode), _children: [] };
  if (view) w._view = view;
  w.children = function* () {
    yield* w._children;
  };
  for (const make of children) w._children.push(make(w.node));
  return w;
}

const model = traits => ({ get: name => traits[name] });

/** A cell's output area as JupyterLab builds it: one child per output, each holding
 * its renderer; a widget output's renderer holds the view's Lumino wrapper. */
function outputArea({ panelKey = KEY } = {}) {
  const parts = {};
  const area = widget(null, [
    // output 0: our panel (an anywidget), its element and a button inside it
    n => {
      const child = widget(n, [
        m => {
          const renderer = widget(m, [
            r => {
              const view = widget(r, [], { model: model({ [KEY_TRAIT]: panelKey, panel: 'fix' }) });
              parts.panelEl = new FakeNode(view.node);
              parts.button = new FakeNode(parts.panelEl);
              return view;
            }
          ]);
          return renderer;
        }
      ]);
      return child;
    },
    // output 1: HTML from the data, e.g. display(HTML(...)): no widget view
    n => {
      const child = widget(n, [m => widget(m)]);
      parts.html = new FakeNode(child._children[0].node);
      return child;
    },
    // output 2: another widget (no key), e.g. an ipywidgets Output showing HTML inside
    n => {
      const child = widget(n, [
        m => widget(m, [r => {
          const view = widget(r, [], { model: model({ outputs: [] }) });
          parts.otherWidget = new FakeNode(view.node);
          return view;
        }])
      ]);
      return child;
    }
  ]);
  return { area, ...parts };
}

test("a request from inside the panel's view with its key is accepted", () => {
  const { area, button, panelEl } = outputArea();
  assert.equal(refusal(area, button, KEY), null);
  assert.equal(refusal(area, panelEl, KEY), null);
  assert.equal(viewModelAt(area, button).get('panel'), 'fix');
});

test('the same key sent from HTML in another output is refused', () => {
  const { area, html } = outputArea();
  assert.equal(viewModelAt(area, html), null);
  assert.equal(refusal(area, html, KEY), NOT_A_PANEL);
});

test("a request from inside the panel's view without its key is refused", () => {
  const { area, button } = outputArea();
  for (const key of ['', 'x'.repeat(KEY.length), KEY.slice(0, -1), KEY + 'A', KEY.toLowerCase()]) {
    assert.equal(refusal(area, button, key), NOT_A_PANEL, key);
  }
});

test('a widget whose model has no key never passes, whatever the request says', () => {
  const { area, otherWidget } = outputArea();
  assert.equal(refusal(area, otherWidget, KEY), NOT_A_PANEL);
  assert.equal(refusal(area, otherWidget, 'undefined'), NOT_A_PANEL);
  assert.equal(keyMatches(model({}), 'undefined'.padEnd(20, '_')), false);
});

test('a panel whose own key is empty or short matches nothing, not even itself', () => {
  for (const panelKey of ['', 'short', undefined, 42]) {
    const { area, button } = outputArea({ panelKey });
    assert.equal(refusal(area, button, String(panelKey ?? '')), NOT_A_PANEL, String(panelKey));
  }
});

test('no output area, no target, or a target elsewhere finds no model', () => {
  const { area } = outputArea();
  assert.equal(refusal(null, {}, KEY), NOT_A_PANEL);
  assert.equal(refusal(undefined, {}, KEY), NOT_A_PANEL);
  assert.equal(viewModelAt(area, null), null);
  assert.equal(viewModelAt(area, new FakeNode()), null);
});

test('the innermost view holding the sender decides: a panel nested in a container', () => {
  let button;
  const area = widget(null, [
    n => widget(n, [
      // a container widget view (e.g. a VBox) without a key, holding our panel's view
      m => widget(m, [
        r => {
          const view = widget(r, [], { model: model({ [KEY_TRAIT]: KEY }) });
          button = new FakeNode(view.node);
          return view;
        }
      ], { model: model({}) })
    ])
  ]);
  assert.equal(refusal(area, button, KEY), null);
});

test('our key in a container does not let HTML beside the panel through', () => {
  let html;
  const area = widget(null, [
    n => widget(n, [
      // the container's model has the key; the HTML sits in an output widget inside it
      m => widget(m, [
        r => {
          const inner = widget(r, [], { model: model({ outputs: [] }) });
          html = new FakeNode(inner.node);
          return inner;
        }
      ], { model: model({ [KEY_TRAIT]: KEY }) })
    ])
  ]);
  assert.equal(refusal(area, html, KEY), NOT_A_PANEL);
});

test('a disposed view wrapper (its _view gone) is not a panel', () => {
  let el;
  const area = widget(null, [n => {
    const w = widget(n, [], null);
    w._view = null;
    el = new FakeNode(w.node);
    return w;
  }]);
  assert.equal(refusal(area, el, KEY), NOT_A_PANEL);
});

test('HTML in a plain widget inside a keyed view is not the view itself', () => {
  let html;
  const area = widget(null, [
    n => widget(n, [
      m => widget(m, [
        // e.g. an output area a view might hold: not a view, so not the panel
        r => {
          const plain = widget(r);
          html = new FakeNode(plain.node);
          return plain;
        }
      ], { model: model({ [KEY_TRAIT]: KEY }) })
    ])
  ]);
  assert.equal(viewModelAt(area, html), null);
  assert.equal(refusal(area, html, KEY), NOT_A_PANEL);
});
