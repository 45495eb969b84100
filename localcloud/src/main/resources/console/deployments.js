// Deployments per service and environment: what serves, history, traffic split, DORA with small charts.
import { h, svg, api, badge, fmtTime, fmtDuration, shortSha, toast } from './dom.js';

export async function renderDeployments(app) {
  const data = await api('deployments');
  const parts = [h('h1', {}, 'Deployments')];
  // a listener that forwards to no target group (a redirect, a fixed response) has no split to show
  const traffic = data.traffic.filter(t => t.targets.length);
  if (traffic.length) {
    parts.push(h('div', { class: 'panel', id: 'traffic' }, h('h2', {}, 'Traffic'),
      ...traffic.map(t => {
        const total = t.targets.reduce((s, x) => s + x.weight, 0) || 1;
        return h('div', {}, h('div', { class: 'muted' }, `${t.loadBalancer} :${t.port}`),
          h('div', { class: 'weights' }, ...t.targets.map(x => widthOf(h('div', { title: `${x.targetGroup} ${x.weight}`, 'data-weight': x.weight },
            `${x.targetGroup} ${Math.round(100 * x.weight / total)}%`), 100 * x.weight / total))));
      })));
  }
  if (!data.environments.length) {
    parts.push(h('div', { class: 'panel' }, h('p', { class: 'muted' }, 'No deployments recorded yet. Push a commit to start one.')));
  }
  for (const env of data.environments) parts.push(environment(env, data.windowDays));
  app.replaceChildren(...parts);
}

function environment(env, windowDays) {
  const s = env.serving;
  const d = env.dora;
  const deploys = env.history.filter(r => r.kind === 'DEPLOY').slice().reverse();
  return h('div', { class: 'panel env', 'data-env': `${env.service}/${env.environment}` },
    h('h2', {}, `${env.service} / ${env.environment}`),
    h('p', {}, 'Serving ', s ? h('code', { class: 'serving-sha', title: s.sha }, s.sha) : h('span', { class: 'muted' }, 'nothing yet'),
      s && s.imageDigest ? h('span', { class: 'muted mono' }, '  ', s.imageDigest) : null),
    h('div', { class: 'tiles' },
      tile('Deployment frequency', `${d.deploymentsPerDay.toFixed(2)}/day`, `${d.deployments} in ${windowDays} days`, perDay(deploys)),
      tile('Lead time (median)', fmtSec(d.leadTimeMedianSeconds), 'commit → serving',
        line(deploys.filter(r => r.result === 'SUCCEEDED' && r.commitTimestamp).map(r => (Date.parse(r.finishedAt) - Date.parse(r.commitTimestamp)) / 1000))),
      tile('Change failure rate', d.changeFailureRate == null ? 'n/a' : `${Math.round(100 * d.changeFailureRate)}%`,
        `${d.failedDeployments} failed`, outcomes(deploys)),
      tile('Time to restore (median)', fmtSec(d.timeToRestoreMedianSeconds),
        d.unrestoredFailures ? `${d.unrestoredFailures} not restored` : 'failed deploy → restored',
        line(deploys.filter(r => r.result !== 'SUCCEEDED').map(r => (Date.parse(r.finishedAt) - Date.parse(r.startedAt)) / 1000)))),
    h('h2', {}, 'History'),
    h('table', { class: 'history' },
      h('thead', {}, h('tr', {}, ...['Finished', 'Kind', 'Result', 'Strategy', 'Commit', 'Duration', 'Reason', ''].map(t => h('th', {}, t)))),
      h('tbody', {}, ...env.history.map(r => h('tr', { 'data-kind': r.kind, 'data-result': r.result },
        h('td', {}, fmtTime(r.finishedAt)), h('td', {}, badge(r.kind)), h('td', {}, badge(r.result)),
        h('td', {}, r.strategy), h('td', { class: 'mono', title: r.sha }, shortSha(r.sha)),
        h('td', {}, fmtDuration(Date.parse(r.finishedAt) - Date.parse(r.startedAt))),
        h('td', {}, r.reason || ''),
        h('td', {}, r.result === 'SUCCEEDED' && (!s || s.sha !== r.sha)
          ? h('button', { class: 'danger rollback', onclick: () => rollback(env, r.sha) }, 'Roll back to this') : ''))))));
}

function tile(label, value, note, chart) {
  return h('div', { class: 'tile' }, h('div', { class: 'label' }, label), h('div', { class: 'value' }, value), chart, h('div', { class: 'muted' }, note));
}

function fmtSec(s) { return s === null || s === undefined ? 'n/a' : fmtDuration(s * 1000); }

// successful deploys per day over the last 14 days
function perDay(deploys) {
  const days = 14, now = Date.now(), counts = new Array(days).fill(0);
  for (const r of deploys) {
    const ago = Math.floor((now - Date.parse(r.finishedAt)) / 86400000);
    if (ago >= 0 && ago < days && r.result === 'SUCCEEDED') counts[days - 1 - ago]++;
  }
  const max = Math.max(1, ...counts), w = 100 / days;
  return svg('svg', { viewBox: '0 0 100 40', preserveAspectRatio: 'none' },
    ...counts.map((c, i) => svg('rect', { class: 'chart-bar', x: i * w + 0.5, width: w - 1, y: 40 - 38 * c / max, height: 38 * c / max })));
}

function outcomes(deploys) {
  const last = deploys.slice(-20), w = 100 / Math.max(1, last.length);
  return svg('svg', { viewBox: '0 0 100 40', preserveAspectRatio: 'none' },
    ...last.map((r, i) => svg('rect', { class: 'chart-bar' + (r.result === 'SUCCEEDED' ? '' : ' fail'), x: i * w + 0.5, width: w - 1, y: r.result === 'SUCCEEDED' ? 20 : 2, height: 18 })));
}

function line(values) {
  if (values.length < 1) return svg('svg', { viewBox: '0 0 100 40' });
  const max = Math.max(...values, 1), n = values.length;
  const xy = values.map((v, i) => [n === 1 ? 50 : 4 + (92 * i) / (n - 1), 38 - 34 * v / max]);
  return svg('svg', { viewBox: '0 0 100 40', preserveAspectRatio: 'none' },
    svg('polyline', { class: 'chart-line', points: xy.map(p => p.join(',')).join(' ') }),
    ...xy.map(([x, y]) => svg('circle', { class: 'chart-dot', cx: x, cy: y, r: 2.2 })));
}

async function rollback(env, sha) {
  if (!confirm(`Roll ${env.service}/${env.environment} back to ${sha}?`)) return;
  try {
    const r = await api('rollback', { service: env.service, environment: env.environment, sha, confirmed: true });
    toast(r.message);
  } catch (e) { toast(e.message, true); }
}

// the page's CSP allows no inline style attributes; CSSOM properties are fine
function widthOf(el, percent) { el.style.width = `${percent.toFixed(1)}%`; return el; }
