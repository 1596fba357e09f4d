// DOM building by createElement and text nodes only: values from the API are user data and never parsed as HTML.

/** An element: props set attributes ('on…' functions become listeners), children are nodes or text. */
export function h(tag, props = {}, ...children) {
  const e = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') e.addEventListener(key.slice(2), value);
    else if (key === 'value') e.value = value;
    else e.setAttribute(key, value === true ? '' : String(value));
  }
  add(e, children);
  return e;
}

function add(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : String(child));
  }
}

let ids = 0;

/** A labelled control: the label names it, the hint describes it. */
export function field(label, control, hint) {
  control.id = control.id || 'f' + (++ids);
  const wrap = h('div', { class: control.type === 'checkbox' ? 'field check' : 'field' });
  if (control.type === 'checkbox') wrap.append(control, h('label', { for: control.id }, label));
  else wrap.append(h('label', { for: control.id }, label), control);
  if (hint) {
    const hintEl = h('p', { class: 'hint', id: control.id + '-hint' }, hint);
    control.setAttribute('aria-describedby', hintEl.id);
    wrap.append(hintEl);
  }
  return wrap;
}

/**
 * A table with a caption: columns are [heading, row => cell content or node, class]; more (optional) gives a node
 * shown in a full-width row under a row, or null.
 */
export function table(caption, columns, rows, more = () => null) {
  const head = h('tr', {}, columns.map(([title]) => h('th', { scope: 'col' }, title)));
  const body = rows.flatMap((row) => {
    const extra = more(row);
    return [h('tr', {}, columns.map(([, cell, cls]) => h('td', { class: cls }, cell(row)))),
      extra ? h('tr', { class: 'more' }, h('td', { colspan: columns.length }, extra)) : null];
  });
  return h('div', { class: 'scroll' }, h('table', {}, h('caption', {}, caption), h('thead', {}, head),
    h('tbody', {}, body)));
}

/** A definition list of [term, value] pairs (a null value shows as "none"). */
export function details(pairs) {
  return h('dl', {}, pairs.map(([term, value, cls]) => [h('dt', {}, term),
    h('dd', { class: cls }, value === null || value === undefined || value === '' ? 'none' : value)]));
}

/** A notice area: errors are announced at once (role alert), information politely (role status). */
export function notice() {
  const box = h('div', { class: 'notice', role: 'status' });
  box.show = (text, kind = 'info') => {
    box.className = 'notice ' + kind;
    box.setAttribute('role', kind === 'error' ? 'alert' : 'status');
    box.textContent = text;
  };
  box.clear = () => { box.textContent = ''; };
  return box;
}

/** A Delete button that asks first, inline: "Delete" runs action, "Cancel" puts the button back. */
export function deleteButton(what, action) {
  const wrap = h('div', { class: 'actions' });
  const start = h('button', { type: 'button', class: 'danger', onclick: ask }, 'Delete ' + what);
  wrap.append(start);
  function ask() {
    const cancel = h('button', { type: 'button', class: 'secondary', onclick: back }, 'Cancel');
    const sure = h('button', { type: 'button', class: 'danger', onclick: () => { sure.disabled = true; action(); } },
      'Yes, delete ' + what);
    const panel = h('div', { class: 'confirm', role: 'group', 'aria-label': 'Confirm deletion' },
      h('p', {}, 'Delete this ' + what + '? This cannot be undone.'), h('div', { class: 'actions' }, sure, cancel));
    wrap.replaceChildren(panel);
    cancel.focus();
  }
  function back() {
    wrap.replaceChildren(start);
    start.focus();
  }
  return wrap;
}

/** A long value shortened to its start and end (the whole of it in the title). */
export function shorten(text, keep = 12) {
  if (!text || text.length <= keep * 2 + 1) return text || '';
  return h('span', { title: text }, text.slice(0, keep) + '…' + text.slice(-keep));
}

/** A date as the API gives it (UTC), shown as "2026-12-01 22:06:28 UTC". */
export function when(iso) {
  return iso ? iso.replace('T', ' ').replace('Z', ' UTC') : '';
}

/** A link to a route of the console. */
export function link(text, route) {
  return h('a', { href: '#' + route }, text);
}

/** Comma-separated text as a list of trimmed, non-empty items. */
export function list(text) {
  return (text || '').split(',').map((s) => s.trim()).filter((s) => s !== '');
}
