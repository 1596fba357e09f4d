// The console's entry point: sign-in state, hash routes (#/services/IS…/bindings?tag=…) and page rendering.
import * as api from './api.js';
import { h, notice } from './dom.js';
import { signInPage } from './signin.js';
import { servicesPage, servicePage } from './services.js';
import { bindingsPage, bindingPage } from './bindings.js';
import { sendPage } from './send.js';
import { notificationsPage, notificationPage } from './notifications.js';
import { credentialsPage, credentialPage } from './credentials.js';

const ROUTES = [
  [/^\/services$/, servicesPage],
  [/^\/services\/(IS[0-9a-fA-F]{32})$/, servicePage],
  [/^\/services\/(IS[0-9a-fA-F]{32})\/bindings$/, bindingsPage],
  [/^\/services\/(IS[0-9a-fA-F]{32})\/bindings\/(BS[0-9a-fA-F]{32})$/, bindingPage],
  [/^\/services\/(IS[0-9a-fA-F]{32})\/send$/, sendPage],
  [/^\/services\/(IS[0-9a-fA-F]{32})\/notifications$/, notificationsPage],
  [/^\/services\/(IS[0-9a-fA-F]{32})\/notifications\/(NT[0-9a-fA-F]{32})$/, notificationPage],
  [/^\/credentials$/, credentialsPage],
  [/^\/credentials\/(CR[0-9a-fA-F]{32})$/, credentialPage],
];

const main = document.getElementById('main');
let generation = 0;
let flash = null;

/** Goes to a route ("/services/IS…"), with an optional message shown on the page it opens. */
function go(route, message) {
  flash = message || null;
  if (location.hash === '#' + route) render();
  else location.hash = route;
}

function chrome() {
  const sid = api.signedInAs();
  document.getElementById('nav').hidden = !sid;
  document.getElementById('signout').hidden = !sid;
  document.getElementById('who').textContent = sid ? 'Signed in as ' + sid : '';
}

async function render() {
  const mine = ++generation;
  chrome();
  const box = notice();
  if (flash) box.show(flash);
  flash = null;
  const heading = h('h1', { tabindex: '-1' }, 'Herald console');
  const body = h('div');
  main.replaceChildren(heading, box, body);
  const page = {
    body,
    notice: box,
    go,
    alive: () => mine === generation,
    title(text) {
      heading.textContent = text;
      document.title = text + ' · Herald console';
    },
  };
  if (!api.signedInAs()) {
    signInPage(page, () => { chrome(); go(location.hash.slice(1) || '/services'); });
    heading.focus();
    return;
  }
  const [path, query] = (location.hash.slice(1) || '/services').split('?');
  page.query = new URLSearchParams(query || '');
  const route = ROUTES.find(([pattern]) => pattern.test(path));
  heading.focus();
  if (!route) {
    page.title('Not found');
    box.show('There is no such page in the console.', 'error');
    return;
  }
  try {
    await route[1](page, ...path.match(route[0]).slice(1));
  } catch (e) {
    failed(page, e);
  }
}

/** Shows what went wrong; a 401 means the credentials no longer work, so the console signs out. */
export function failed(page, e) {
  if (!page.alive()) return;
  if (e instanceof api.ApiError && e.status === 401) {
    api.signOut();
    go('/services', 'The SID or token no longer works: sign in again.');
    return;
  }
  page.notice.show(e instanceof api.ApiError ? e.message + ' (' + e.status + (e.code ? ' / ' + e.code : '') + ')'
    : 'The request failed: ' + e.message, 'error');
}

document.getElementById('signout').addEventListener('click', () => {
  api.signOut();
  if (location.hash) location.hash = ''; // the hashchange renders the sign-in page
  else render();
});
window.addEventListener('hashchange', render);
api.restore();
render();
