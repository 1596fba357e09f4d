// Bindings of a Service: a paged table filtered by Identity (any of) and Tag (all of), as the API filters, and one
// Binding's detail with Delete.
import * as api from './api.js';
import { h, field, table, details, deleteButton, shorten, when, link, list } from './dom.js';
import { failed } from './app.js';

const SIZES = ['10', '20', '50', '100'];

export async function bindingsPage(page, service) {
  const q = page.query;
  const base = '/services/' + service + '/bindings';
  const size = SIZES.includes(q.get('size')) ? q.get('size') : '20';
  const result = await api.get('/v1/Services/' + service + '/Bindings', {
    Identity: list(q.get('identity')), Tag: list(q.get('tag')), PageSize: size, PageToken: q.get('token'),
    Page: q.get('token') ? Number(q.get('page')) || 0 : null,
  });
  if (!page.alive()) return;
  page.title('Bindings');
  const identity = h('input', { type: 'text', name: 'identity', value: q.get('identity') || '' });
  const tag = h('input', { type: 'text', name: 'tag', value: q.get('tag') || '' });
  const pageSize = h('select', { name: 'size' }, SIZES.map((s) => h('option', { value: s }, s)));
  pageSize.value = size;
  const filters = h('form', { class: 'filters', onsubmit: (event) => {
    event.preventDefault();
    page.go(base + '?' + api.form({ identity: identity.value.trim() || null, tag: tag.value.trim() || null,
      size: pageSize.value }));
  } },
  field('Identity', identity, 'Comma-separated; any of them.'),
  field('Tag', tag, 'Comma-separated; all of them.'),
  field('Per page', pageSize),
  h('button', { type: 'submit' }, 'Filter'));
  const rows = result.bindings;
  const nav = (label, url, step) => {
    const token = api.pageToken(url);
    if (!token) return null;
    const params = new URLSearchParams(q);
    params.set('token', token);
    params.set('page', Math.max(0, result.meta.page + step));
    return h('button', { type: 'button', class: 'secondary', onclick: () => page.go(base + '?' + params) }, label);
  };
  page.body.append(
    h('p', { class: 'crumbs' }, link('Services', '/services'), ' › ', link(service, '/services/' + service)),
    filters,
    rows.length === 0 ? h('p', {}, 'No Bindings match.') : table('Bindings, page ' + (result.meta.page + 1), [
      ['Identity', (b) => link(b.identity, base + '/' + b.sid)],
      ['Type', (b) => b.binding_type],
      ['Address', (b) => shorten(b.address), 'mono'],
      ['Tags', (b) => b.tags.join(', ')],
      ['Created', (b) => when(b.date_created)],
    ], rows),
    h('div', { class: 'actions' }, nav('Previous page', result.meta.previous_page_url, -1),
      nav('Next page', result.meta.next_page_url, 1)));
}

export async function bindingPage(page, service, sid) {
  const path = '/v1/Services/' + service + '/Bindings/' + sid;
  const b = await api.get(path);
  if (!page.alive()) return;
  page.title('Binding ' + b.identity);
  page.body.append(
    h('p', { class: 'crumbs' }, link('Services', '/services'), ' › ', link(service, '/services/' + service), ' › ',
      link('Bindings', '/services/' + service + '/bindings')),
    details([
      ['SID', b.sid, 'mono'], ['Identity', b.identity], ['Type', b.binding_type], ['Address', b.address, 'mono'],
      ['Tags', b.tags.join(', ')], ['Credential', b.credential_sid, 'mono'],
      ['Protocol version', b.notification_protocol_version], ['Endpoint', b.endpoint],
      ['Created', when(b.date_created)], ['Updated', when(b.date_updated)],
    ]),
    deleteButton('Binding', async () => {
      try {
        await api.del(path);
        page.go('/services/' + service + '/bindings', 'Binding ' + sid + ' deleted.');
      } catch (e) {
        failed(page, e);
      }
    }));
}
