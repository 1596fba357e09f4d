// Deliveries per minute by outcome over the last hour, drawn as stacked SVG bars from the API's own records:
// the Deliveries of the Notifications created in the last hour (up to 50 Notifications, 1,000 deliveries each).
import * as api from './api.js';
import { h } from './dom.js';

const SVG = 'http://www.w3.org/2000/svg';
const OUTCOMES = [['delivered', '#146c2e'], ['rejected', '#a4161a'], ['expired', '#8a5a00']];
const MINUTES = 60;

function svg(tag, attrs, text) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

/** Counts per minute (index 0: 59 minutes ago, 59: this minute) and outcome, from the API. */
async function counts(service, now) {
  const since = now - MINUTES * 60_000;
  const path = '/v1/Services/' + service + '/Notifications';
  const page = await api.get(path, { PageSize: 50 });
  const recent = page.notifications.filter((n) => Date.parse(n.date_created) >= since);
  const buckets = Array.from({ length: MINUTES }, () => ({ delivered: 0, rejected: 0, expired: 0 }));
  const lists = await Promise.all(recent.map((n) => api.get(path + '/' + n.sid + '/Deliveries', { PageSize: 1000 })));
  for (const d of lists.flatMap((l) => l.deliveries)) {
    const at = Date.parse(d.date_updated);
    const minute = MINUTES - 1 - Math.floor((now - at) / 60_000);
    if (d.status in buckets[0] && minute >= 0 && minute < MINUTES) buckets[minute][d.status]++;
  }
  return buckets;
}

/** A figure: the chart, its legend, and the totals as text for screen readers and everyone else. */
export async function deliveriesChart(service) {
  const now = Date.now();
  const buckets = await counts(service, now);
  const width = 600;
  const height = 160;
  const top = Math.max(1, ...buckets.map((b) => b.delivered + b.rejected + b.expired));
  const totals = Object.fromEntries(OUTCOMES.map(([o]) => [o, buckets.reduce((sum, b) => sum + b[o], 0)]));
  const summary = 'Last hour: ' + OUTCOMES.map(([o]) => totals[o] + ' ' + o).join(', ') + '.';
  const chart = svg('svg', {
    class: 'chart', viewBox: `0 0 ${width} ${height + 20}`, role: 'img', 'aria-label': summary,
  });
  chart.append(svg('line', { x1: 0, y1: height, x2: width, y2: height, stroke: '#767676' }));
  const bar = width / MINUTES;
  buckets.forEach((b, i) => {
    let y = height;
    for (const [outcome, colour] of OUTCOMES) {
      if (b[outcome] === 0) continue;
      const size = (b[outcome] / top) * (height - 10);
      y -= size;
      const rect = svg('rect', { x: i * bar + 1, y, width: bar - 2, height: size, fill: colour });
      rect.append(svg('title', {}, `${MINUTES - 1 - i} min ago: ${b[outcome]} ${outcome}`));
      chart.append(rect);
    }
  });
  chart.append(svg('text', { x: 0, y: height + 15, 'font-size': 11, fill: '#4d4d4d' }, '60 min ago'));
  chart.append(svg('text', { x: width, y: height + 15, 'font-size': 11, fill: '#4d4d4d', 'text-anchor': 'end' },
    'now'));
  chart.append(svg('text', { x: 4, y: 12, 'font-size': 11, fill: '#4d4d4d' }, 'max ' + top + ' a minute'));
  return h('figure', {}, chart, h('figcaption', {}, h('p', {}, summary),
    h('ul', { class: 'legend' }, OUTCOMES.map(([o]) => h('li', { class: o }, o + ': ' + totals[o])))));
}
