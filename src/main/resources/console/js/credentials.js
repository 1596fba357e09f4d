// Credentials: list, create, one Credential's detail, update and delete. Secrets go in password fields or are read
// from files; the API never returns them and the console never shows them.
import * as api from './api.js';
import { h, field, table, details, deleteButton, when, link } from './dom.js';
import { failed } from './app.js';

const TYPES = ['apn', 'fcm', 'gcm', 'facebook-messenger'];

export async function credentialsPage(page) {
  page.title('Credentials');
  const credentials = await api.all('/v1/Credentials', 'credentials');
  if (!page.alive()) return;
  page.body.append(
    credentials.length === 0 ? h('p', {}, 'This account has no Credentials yet.') : table('Credentials', [
      ['Friendly name', (c) => link(c.friendly_name || c.sid, '/credentials/' + c.sid)],
      ['SID', (c) => c.sid, 'mono'],
      ['Type', (c) => c.type],
      ['Sandbox', (c) => c.sandbox],
      ['Created', (c) => when(c.date_created)],
    ], credentials),
    h('h2', {}, 'Create a Credential'),
    secretsForm(page, null));
}

export async function credentialPage(page, sid) {
  const c = await api.get('/v1/Credentials/' + sid);
  if (!page.alive()) return;
  page.title('Credential ' + (c.friendly_name || sid));
  page.body.append(
    h('p', { class: 'crumbs' }, link('Credentials', '/credentials')),
    details([['SID', c.sid, 'mono'], ['Friendly name', c.friendly_name], ['Type', c.type], ['Sandbox', c.sandbox],
      ['Created', when(c.date_created)], ['Updated', when(c.date_updated)],
      ['Secrets', 'Never shown: the API does not return them.']]),
    h('h2', {}, 'Update'),
    secretsForm(page, c),
    deleteButton('Credential', async () => {
      try {
        await api.del('/v1/Credentials/' + sid);
        page.go('/credentials', 'Credential ' + sid + ' deleted.');
      } catch (e) {
        failed(page, e);
      }
    }));
}

/** A file input whose content is read when the form is sent (PEM text keeps its line breaks this way). */
function fileInput() {
  return h('input', { type: 'file', accept: '.pem,.p8,.crt,.key,.json,.txt' });
}

async function text(input) {
  return input.files && input.files.length ? input.files[0].text() : null;
}

/** The create form (credential null) or the update form of credential; empty secret fields are left unchanged. */
function secretsForm(page, credential) {
  const type = h('select', {}, TYPES.map((t) => h('option', { value: t }, t)));
  const name = h('input', { type: 'text', maxlength: '64', value: credential ? credential.friendly_name || '' : '' });
  const sandbox = h('input', { type: 'checkbox' });
  sandbox.checked = credential ? credential.sandbox === 'True' : false;
  const certificate = fileInput();
  const privateKey = fileInput();
  const keyId = h('input', { type: 'text', autocomplete: 'off' });
  const teamId = h('input', { type: 'text', autocomplete: 'off' });
  const bundleId = h('input', { type: 'text', autocomplete: 'off' });
  const secret = h('input', { type: 'password', autocomplete: 'new-password' });
  const apiKey = h('input', { type: 'password', autocomplete: 'new-password' });
  const button = h('button', { type: 'submit' }, credential ? 'Save Credential' : 'Create Credential');
  const apnOnly = [field('Sandbox (APNs development)', sandbox),
    field('Certificate', certificate, 'A PEM file; leave empty to keep the current one.'),
    field('Private key', privateKey, 'PEM: the certificate\'s key, or the .p8 key for token authentication.'),
    field('Key ID', keyId, 'Token authentication: Apple\'s 10-character key ID.'),
    field('Team ID', teamId), field('Bundle ID', bundleId)];
  const secretField = field('Secret', secret,
    'fcm and gcm: the service-account JSON; facebook-messenger: the page access token.');
  const apiKeyField = field('API key', apiKey, 'The legacy server key of a gcm Credential.');
  const form = h('form', { onsubmit: save },
    credential ? null : field('Type', type), field('Friendly name', name), apnOnly, secretField, apiKeyField,
    button);
  const kind = () => (credential ? credential.type : type.value);
  const show = () => {
    apnOnly.forEach((f) => { f.hidden = kind() !== 'apn'; });
    secretField.hidden = kind() === 'apn';
    apiKeyField.hidden = kind() !== 'gcm';
  };
  type.addEventListener('change', show);
  show();
  return form;

  async function save(event) {
    event.preventDefault();
    button.disabled = true;
    const apn = kind() === 'apn';
    const given = (value) => (value ? value : null); // empty would clear the stored value: leave it out
    const params = {
      Type: credential ? null : type.value, FriendlyName: name.value,
      Sandbox: apn ? sandbox.checked : null,
      Certificate: apn ? given(await text(certificate)) : null, PrivateKey: apn ? given(await text(privateKey)) : null,
      KeyId: apn ? given(keyId.value.trim()) : null, TeamId: apn ? given(teamId.value.trim()) : null,
      BundleId: apn ? given(bundleId.value.trim()) : null,
      Secret: apn ? null : given(secret.value), ApiKey: kind() === 'gcm' ? given(apiKey.value) : null,
    };
    try {
      const saved = await api.post(credential ? '/v1/Credentials/' + credential.sid : '/v1/Credentials', params);
      page.go('/credentials/' + saved.sid, credential ? 'Credential saved.' : 'Credential created.');
    } catch (e) {
      secret.value = '';
      apiKey.value = '';
      button.disabled = false;
      failed(page, e);
    }
  }
}
