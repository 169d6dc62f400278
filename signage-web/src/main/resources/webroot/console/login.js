import { login } from './api.js';
import { h, field, busy } from './ui.js';

export function loginPage(message, done) {
  const user = field('Username', { name: 'username', autocomplete: 'username', required: true });
  const pass = field('Password', { name: 'password', kind: 'password', autocomplete: 'current-password', required: true });
  const msg = h('p.login-message', { role: 'alert', hidden: !message }, message || '');
  const submit = h('button.btn.primary.block', { type: 'submit' }, 'Sign in');
  const form = h('form.login-card', { 'aria-labelledby': 'login-title' },
    h('div.login-brand',
      h('span.logo-mark', { 'aria-hidden': 'true' }),
      h('div', h('h1#login-title', 'Vitrine console'), h('p.sub', 'Your store, live: screens, content and rules.'))),
    msg, user, pass, submit,
    // the demo users exist only on a hub started in demo mode (./vitrine run); it says so in /api/store
    h('div.demo-hint', { hidden: true },
      h('strong', 'Demo users'),
      h('ul',
        h('li', h('code', 'admin'), ' / ', h('code', 'admin'), ' — everything, incl. devices and users'),
        h('li', h('code', 'editor'), ' / ', h('code', 'editor'), ' — content, playlists and rules'),
        h('li', h('code', 'viewer'), ' / ', h('code', 'viewer'), ' — look, don’t touch')),
      h('p.small.muted', 'This hub runs in demo mode (VITRINE_DEMO=on): never for a real store.')),
    h('p.small.muted.center', h('a', { href: '/' }, '← Back to the store hub')));
  fetch('/api/store', { cache: 'no-store' }).then((r) => r.json()).then((s) => {
    if (s && s.demo) form.querySelector('.demo-hint').hidden = false;
  }, () => {});
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    msg.hidden = true;
    busy(submit, login(user.input.value.trim(), pass.input.value).then(done, (err) => {
      msg.textContent = err.status === 401 ? 'That username and password do not match. Try again.'
        : err.status === 0 ? err.message : 'Could not sign in: ' + err.message;
      msg.hidden = false;
      pass.input.select();
    }));
  });
  setTimeout(() => user.input.focus(), 0);
  return h('div.login-wrap', form);
}
