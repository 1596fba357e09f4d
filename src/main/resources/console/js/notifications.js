// Notifications of a Service, newest first, each with its progress (live while any is under way), the chart of the
// last hour, and one Notification with its Deliveries (and, in sandbox mode, the exact provider request).
import * as api from './api.js';
import { h, table, details, shorten, when, link } from './dom.js';
import { failed } from './app.js';
import { deliveriesChart } from './chart.js';

const OUTCOMES = ['delivered', 'rejected', 'expired', 'queued'];
const POLL_MS = 1000;

/** A bar of the delivery counts, with the counts as text beside it (the colours are not the only cue). */
export function progress(delivery) {
  const total = Math.max(delivery.total, 1);
  const bar = h('div', { class: 'progress', 'aria-hidden': 'true' });
  for (const outcome of OUTCOMES) {
    const part = h('span', { class: outcome });
    part.style.width = (100 * delivery[outcome] / total) + '%';
    bar.append(part);
  }
  const text = delivery.state + ': ' + OUTCOMES.map((o) => delivery[o] + ' ' + o).join(', ')
    + ' of ' + delivery.total;
  return h('div', { class: 'status' }, bar, h('p', { class: 'counts' }, text),
    delivery.warning ? h('p', { class: 'counts' }, 'Warning: ' + delivery.warning) : null);
}

/** Runs step now and every POLL_MS while the page is shown and step answers true. */
function poll(page, step) {
  const run = async () => {
    if (!page.alive()) return;
    try {
      if (await step() && page.alive()) setTimeout(run, POLL_MS);
    } catch (e) {
      failed(page, e);
    }
  };
  return run();
}

export async function notificationsPage(page, service) {
  page.title('Notifications');
  const path = '/v1/Services/' + service + '/Notifications';
  const holder = h('div');
  const chart = h('div');
  page.body.append(
    h('p', { class: 'crumbs' }, link('Services', '/services'), ' › ', link(service, '/services/' + service)),
    h('div', { class: 'actions' }, link('Send a test', '/services/' + service + '/send')),
    holder, h('h2', {}, 'Deliveries per minute, last hour'), chart);
  deliveriesChart(service).then((figure) => { if (page.alive()) chart.replaceChildren(figure); })
    .catch((e) => failed(page, e));
  await poll(page, async () => {
    const result = await api.get(path, { PageSize: 20 });
    if (!page.alive()) return false;
    const rows = result.notifications;
    holder.replaceChildren(rows.length === 0 ? h('p', {}, 'No Notifications yet.') : table(
      'The latest Notifications, newest first', [
        ['Notification', (n) => link(n.sid, '/services/' + service + '/notifications/' + n.sid), 'mono'],
        ['Created', (n) => when(n.date_created)],
        ['To', (n) => target(n)],
        ['Body', (n) => shorten(n.body, 20)],
        ['Progress', (n) => progress(n.delivery)],
      ], rows));
    return rows.some((n) => n.delivery.state !== 'done');
  });
}

function target(n) {
  const parts = [];
  if (n.identities && n.identities.length) parts.push('Identity ' + n.identities.join(', '));
  if (n.tags && n.tags.length) parts.push('Tag ' + n.tags.join(', '));
  return parts.join('; ') || 'ToBinding';
}

export async function notificationPage(page, service, sid) {
  const path = '/v1/Services/' + service + '/Notifications/' + sid;
  page.title('Notification ' + sid);
  const summary = h('div');
  const deliveries = h('div');
  const opened = new Set(); // the provider requests shown stay shown while the table refreshes
  page.body.append(
    h('p', { class: 'crumbs' }, link('Services', '/services'), ' › ', link(service, '/services/' + service), ' › ',
      link('Notifications', '/services/' + service + '/notifications')),
    summary, h('h2', {}, 'Deliveries'), deliveries);
  await poll(page, async () => {
    const [n, d] = await Promise.all([api.get(path), api.get(path + '/Deliveries', { PageSize: 100 })]);
    if (!page.alive()) return false;
    summary.replaceChildren(progress(n.delivery), details([
      ['State', n.delivery.state], ['To', target(n)], ['Created', when(n.date_created)], ['Title', n.title],
      ['Body', n.body], ['Sound', n.sound], ['Priority', n.priority], ['Ttl', n.ttl],
      ['Data', n.data ? JSON.stringify(n.data) : null, 'mono'],
    ]));
    deliveries.replaceChildren(deliveryTable(d, opened), d.meta.next_page_url
      ? h('p', { class: 'hint' }, 'The first 100 deliveries are shown.') : null);
    return n.delivery.state !== 'done';
  });
}

function deliveryTable(page, opened) {
  const request = (d) => {
    const key = d.binding_sid || d.address;
    const box = h('details', { open: opened.has(key) },
      h('summary', {}, 'Provider request to ' + (d.identity || d.address) + ' (' + d.binding_type + ')'),
      h('pre', {}, JSON.stringify(d.request, null, 2)));
    box.addEventListener('toggle', () => { if (box.open) opened.add(key); else opened.delete(key); });
    return box;
  };
  if (page.deliveries.length === 0) return h('p', {}, 'No deliveries yet.');
  return table('Deliveries of this Notification', [
    ['Identity', (d) => d.identity || ''],
    ['Type', (d) => d.binding_type],
    ['Address', (d) => shorten(d.address), 'mono'],
    ['Status', (d) => d.status],
    ['Attempts', (d) => String(d.attempts)],
    ['Error code', (d) => d.error_code === null ? '' : String(d.error_code)],
    ['Error message', (d) => d.error_message || ''],
    ['Provider id', (d) => d.provider_message_id || '', 'mono'],
  ], page.deliveries, (d) => (d.request ? request(d) : null));
}
