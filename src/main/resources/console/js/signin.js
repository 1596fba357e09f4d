// Sign-in: an account SID and its auth token (or an API key SID and secret), checked by listing Services.
import * as api from './api.js';
import { h, field } from './dom.js';

export function signInPage(page, done) {
  page.title('Sign in');
  const sid = h('input', { type: 'text', name: 'sid', autocomplete: 'username', required: true, spellcheck: 'false' });
  const token = h('input', { type: 'password', name: 'token', autocomplete: 'current-password', required: true });
  const button = h('button', { type: 'submit' }, 'Sign in');
  const form = h('form', { onsubmit: submit },
    field('Account SID', sid, 'AC… of your account, or the SID of an API key (SK…).'),
    field('Auth token', token, 'The account\'s auth token, or the API key\'s secret. Kept in this tab only.'),
    button);
  page.body.append(form);

  async function submit(event) {
    event.preventDefault();
    const who = { sid: sid.value.trim(), secret: token.value };
    button.disabled = true;
    page.notice.clear();
    try {
      await api.call('GET', '/v1/Services', { PageSize: 1 }, who);
      api.signIn(who.sid, who.secret);
      done();
    } catch (e) {
      page.notice.show(e.status === 401 ? 'Sign-in failed: the SID or the token is wrong.'
        : 'Sign-in failed: ' + e.message, 'error');
      token.value = '';
      button.disabled = false;
      token.focus();
    }
  }
}
