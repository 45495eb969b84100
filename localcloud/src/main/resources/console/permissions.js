// Permissions: the calls local mode's IAM denied (as AWS would), newest first, from the denial log.
import { h, api, fmtTime } from './dom.js';

export async function renderPermissions(app) {
  const data = await api('denials');
  const parts = [h('h1', {}, 'Permissions')];
  if (!data.denials.length) {
    parts.push(h('div', { class: 'panel' },
      h('p', { class: 'muted', id: 'no-denials' },
        'No call was denied: every request a role made is allowed by its policies, as it would be on AWS.')));
    app.replaceChildren(...parts);
    return;
  }
  const shown = data.denials.length < data.total ? ` (the newest ${data.denials.length} of ${data.total})` : '';
  parts.push(h('div', { class: 'panel' },
    h('p', { class: 'muted' }, `Calls a role made that its policies do not allow${shown}. On AWS they fail with the message below;`,
      ' add the permission to the CDK code, then `cdk synth` and `slipway up --cdk-out cdk.out`. Log: ', h('code', {}, data.log)),
    h('table', { id: 'denials' },
      h('thead', {}, h('tr', {}, ...['Time', 'Mode', 'Role', 'Action', 'Resource', 'Missing'].map(t => h('th', {}, t)))),
      h('tbody', {}, ...data.denials.map(d => h('tr', { title: d.message, 'data-action': d.action },
        h('td', {}, fmtTime(d.time)),
        h('td', {}, d.mode),
        h('td', { class: 'mono' }, role(d.principal)),
        h('td', { class: 'mono' }, d.action),
        h('td', { class: 'mono' }, d.resource),
        h('td', {}, d.missing)))))));
  app.replaceChildren(...parts);
}

// arn:aws:sts::<account>:assumed-role/<role>/<session> -> <role>
function role(principal) {
  const m = /assumed-role\/([^/]+)\//.exec(principal || '');
  return m ? m[1] : principal || '';
}
