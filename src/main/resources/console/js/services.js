// Services: the list (with Credentials set and Binding counts) and one Service's settings, editable.
import * as api from './api.js';
import { h, field, table, details, when, link } from './dom.js';
import { failed } from './app.js';

const KEEP = 'unchanged';
const CHANNELS = [['apn', 'apn_credential_sid'], ['fcm', 'fcm_credential_sid'], ['gcm', 'gcm_credential_sid']];

export async function servicesPage(page) {
  page.title('Services');
  const services = await api.all('/v1/Services', 'services');
  if (!page.alive()) return;
  if (services.length === 0) {
    page.body.append(h('p', {}, 'This account has no Services yet. Create one with the API (POST /v1/Services).'));
    return;
  }
  const counts = new Map(services.map((s) => [s.sid, h('span', {}, '…')]));
  page.body.append(table('Services of this account', [
    ['Friendly name', (s) => link(s.friendly_name || s.sid, '/services/' + s.sid)],
    ['SID', (s) => s.sid, 'mono'],
    ['Created', (s) => when(s.date_created)],
    ['Credentials set', (s) => CHANNELS.filter(([, key]) => s[key]).map(([name]) => name).join(', ') || 'none'],
    ['Bindings', (s) => counts.get(s.sid)],
  ], services));
  for (const s of services) {
    bindingCount(s.sid).then((n) => { counts.get(s.sid).textContent = n; }).catch((e) => failed(page, e));
  }
}

/** The number of a Service's Bindings, counted up to 1,000 ("1000+" beyond). */
async function bindingCount(service) {
  const page = await api.get('/v1/Services/' + service + '/Bindings', { PageSize: 1000 });
  return page.bindings.length + (page.meta.next_page_url ? '+' : '');
}

export async function servicePage(page, sid) {
  const path = '/v1/Services/' + sid;
  const [service, credentials] = await Promise.all([api.get(path), api.all('/v1/Credentials', 'credentials')]);
  if (!page.alive()) return;
  page.title(service.friendly_name || sid);
  page.body.append(
    h('p', { class: 'crumbs' }, link('Services', '/services')),
    h('div', { class: 'actions' }, link('Bindings', '/services/' + sid + '/bindings'),
      link('Notifications', '/services/' + sid + '/notifications'), link('Send a test', '/services/' + sid + '/send')),
    h('h2', {}, 'Settings'),
    details([
      ['SID', service.sid, 'mono'], ['Friendly name', service.friendly_name], ['Created', when(service.date_created)],
      ['Updated', when(service.date_updated)], ['APN Credential', service.apn_credential_sid, 'mono'],
      ['FCM Credential', service.fcm_credential_sid, 'mono'], ['GCM Credential', service.gcm_credential_sid, 'mono'],
      ['Messaging Service', service.messaging_service_sid, 'mono'],
      ['Messenger page', service.facebook_messenger_page_id],
      ['Default APN protocol version', service.default_apn_notification_protocol_version],
      ['Default FCM protocol version', service.default_fcm_notification_protocol_version],
      ['Default GCM protocol version', service.default_gcm_notification_protocol_version],
      ['Log enabled', String(service.log_enabled)], ['Delivery callback URL', service.delivery_callback_url],
      ['Delivery callbacks', service.delivery_callback_enabled ? 'on' : 'off'],
    ]),
    h('h2', {}, 'Edit'),
    editForm(page, service, credentials));
}

function credentialChoice(credentials, types, current, keep) {
  const select = h('select', {});
  select.append(keep ? h('option', { value: KEEP }, '(unchanged)') : h('option', { value: '' }, 'None'));
  if (keep) select.append(h('option', { value: '' }, 'None'));
  for (const c of credentials.filter((c) => types.includes(c.type))) {
    select.append(h('option', { value: c.sid }, (c.friendly_name || c.sid) + ' (' + c.type + ', ' + c.sid + ')'));
  }
  select.value = current || (keep ? KEEP : '');
  return select;
}

function editForm(page, service, credentials) {
  const name = h('input', { type: 'text', maxlength: '64', value: service.friendly_name || '' });
  const url = h('input', { type: 'url', value: service.delivery_callback_url || '' });
  const enabled = h('input', { type: 'checkbox' });
  enabled.checked = service.delivery_callback_enabled;
  const apn = credentialChoice(credentials, ['apn'], service.apn_credential_sid);
  const fcm = credentialChoice(credentials, ['fcm', 'gcm'], service.fcm_credential_sid);
  const gcm = credentialChoice(credentials, ['fcm', 'gcm'], service.gcm_credential_sid);
  const messenger = credentialChoice(credentials, ['facebook-messenger'], null, true);
  const button = h('button', { type: 'submit' }, 'Save settings');
  return h('form', { onsubmit: save },
    field('Friendly name', name, 'At most 64 characters.'),
    field('Delivery callback URL', url, 'An absolute http(s) URL; empty for none.'),
    field('Delivery callbacks enabled', enabled),
    field('APN Credential', apn), field('FCM Credential', fcm), field('GCM Credential', gcm),
    field('Facebook Messenger Credential', messenger, 'The API does not return this choice, so it shows as unchanged.'),
    button);

  async function save(event) {
    event.preventDefault();
    button.disabled = true;
    try {
      await api.post('/v1/Services/' + service.sid, {
        FriendlyName: name.value, DeliveryCallbackUrl: url.value.trim(), DeliveryCallbackEnabled: enabled.checked,
        ApnCredentialSid: apn.value, FcmCredentialSid: fcm.value, GcmCredentialSid: gcm.value,
        FacebookMessengerCredentialSid: messenger.value === KEEP ? null : messenger.value,
      });
      page.go('/services/' + service.sid, 'Settings saved.');
    } catch (e) {
      button.disabled = false;
      failed(page, e);
    }
  }
}
