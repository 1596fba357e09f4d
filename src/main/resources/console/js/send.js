// Send a test: a real Notification through the public API, then its page, which follows it to the end.
import * as api from './api.js';
import { h, field, link, list } from './dom.js';
import { failed } from './app.js';

export async function sendPage(page, service) {
  page.title('Send a test');
  const identity = h('input', { type: 'text' });
  const tag = h('input', { type: 'text' });
  const body = h('textarea', {});
  const title = h('input', { type: 'text' });
  const sound = h('input', { type: 'text' });
  const data = h('textarea', { spellcheck: 'false' });
  const priority = h('select', {}, h('option', { value: 'high' }, 'high'), h('option', { value: 'low' }, 'low'));
  const ttl = h('input', { type: 'number', min: '0', max: '2419200', step: '1' });
  const button = h('button', { type: 'submit' }, 'Send');
  page.body.append(
    h('p', { class: 'crumbs' }, link('Services', '/services'), ' › ', link(service, '/services/' + service)),
    h('p', {}, 'This sends a real Notification to the Bindings it targets (in sandbox mode, only recorded).'),
    h('form', { onsubmit: send },
      field('Identity', identity, 'Comma-separated identities (any of them).'),
      field('Tag', tag, 'Comma-separated tags (all of them), such as all.'),
      field('Body', body), field('Title', title), field('Sound', sound),
      field('Data', data, 'A JSON object, such as {"order": 42}.'),
      field('Priority', priority), field('Ttl', ttl, 'Seconds the Notification may wait for delivery.'),
      button));

  async function send(event) {
    event.preventDefault();
    const params = {
      Identity: list(identity.value), Tag: list(tag.value), Body: body.value || null, Title: title.value || null,
      Sound: sound.value || null, Priority: priority.value, Ttl: ttl.value || null,
    };
    if (data.value.trim()) {
      try {
        JSON.parse(data.value);
      } catch (e) {
        page.notice.show('Data is not valid JSON: ' + e.message, 'error');
        data.focus();
        return;
      }
      params.Data = data.value;
    }
    button.disabled = true;
    try {
      const sent = await api.post('/v1/Services/' + service + '/Notifications', params);
      page.go('/services/' + service + '/notifications/' + sent.sid, 'Notification ' + sent.sid + ' sent.');
    } catch (e) {
      button.disabled = false;
      failed(page, e);
    }
  }
}
