// Slipway local console: plain ES module, no build step, no network beyond this origin.
import { drawGraph } from './graph.js';
import { renderDeployments } from './deployments.js';
import { renderPermissions } from './permissions.js';
import { h, api, fmtTime, fmtDuration, toast, badge, shortSha } from './dom.js';

const app = document.getElementById('app');
let timer = null;
let selectedState = null;

function route() {
  clearTimeout(timer);
  document.getElementById('live').hidden = true;
  const hash = location.hash || '#/';
  document.getElementById('nav-executions').classList.toggle('active',
    !hash.startsWith('#/deployments') && !hash.startsWith('#/permissions'));
  document.getElementById('nav-deployments').classList.toggle('active', hash.startsWith('#/deployments'));
  document.getElementById('nav-permissions').classList.toggle('active', hash.startsWith('#/permissions'));
  if (hash.startsWith('#/execution/')) {
    selectedState = null;
    showExecution(decodeURIComponent(hash.slice('#/execution/'.length)));
  } else if (hash.startsWith('#/deployments')) {
    renderDeployments(app).catch(fail);
  } else if (hash.startsWith('#/permissions')) {
    renderPermissions(app).catch(fail);
  } else {
    const params = new URLSearchParams(hash.split('?')[1] || '');
    showExecutions(params.get('machine'), params.get('status') || '').catch(fail);
  }
}

function fail(e) {
  app.replaceChildren(h('div', { class: 'panel' }, h('h1', {}, 'Something went wrong'), h('p', {}, String(e.message || e))));
}

async function showExecutions(machine, status) {
  const machines = await api('state-machines');
  if (!machines.length) {
    app.replaceChildren(h('div', { class: 'panel' }, h('h1', {}, 'Executions'),
      h('p', { class: 'muted' }, 'No state machines are deployed yet. Run `slipway up`.')));
    return;
  }
  const arn = machine || machines[0].arn;
  const rows = await api(`executions?stateMachineArn=${encodeURIComponent(arn)}&status=${encodeURIComponent(status)}`);
  const go = (m, s) => { location.hash = `#/?machine=${encodeURIComponent(m)}&status=${encodeURIComponent(s)}`; };
  const machineSelect = h('select', { id: 'machine', onchange: e => go(e.target.value, status) },
    ...machines.map(m => h('option', { value: m.arn, selected: m.arn === arn }, m.name)));
  const statusSelect = h('select', { id: 'status-filter', onchange: e => go(arn, e.target.value) },
    ...['', 'RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'].map(s =>
      h('option', { value: s, selected: s === status }, s || 'Any status')));
  const table = h('table', { id: 'executions' },
    h('thead', {}, h('tr', {}, ...['Name', 'Status', 'Commit', 'Message', 'Started', 'Stopped', 'Duration'].map(t => h('th', {}, t)))),
    h('tbody', {}, ...rows.map(r => h('tr', {
      class: 'clickable', 'data-arn': r.arn, 'data-status': r.status,
      onclick: () => { location.hash = '#/execution/' + encodeURIComponent(r.arn); }
    },
      h('td', {}, h('a', { href: '#/execution/' + encodeURIComponent(r.arn) }, r.name)),
      h('td', {}, badge(r.status)),
      h('td', { class: 'mono', title: r.sha }, shortSha(r.sha)),
      h('td', {}, r.message || ''),
      h('td', {}, fmtTime(r.start)),
      h('td', {}, fmtTime(r.stop)),
      h('td', {}, fmtDuration(r.durationMs))))));
  app.replaceChildren(h('div', { class: 'panel' },
    h('h1', {}, 'Executions'),
    h('div', { class: 'toolbar' }, h('label', {}, 'State machine ', machineSelect), h('label', {}, 'Status ', statusSelect),
      h('span', { class: 'muted' }, `${rows.length} execution${rows.length === 1 ? '' : 's'}`)),
    rows.length ? table : h('p', { class: 'muted' }, 'No executions match.')));
  if (rows.some(r => r.status === 'RUNNING')) {
    timer = setTimeout(() => showExecutions(arn, status).catch(fail), 2000);
  }
}

async function showExecution(arn) {
  let data;
  try {
    data = await api('execution?arn=' + encodeURIComponent(arn));
  } catch (e) { fail(e); return; }
  const x = data.execution;
  const running = x.status === 'RUNNING';
  document.getElementById('live').hidden = !running;
  const approvalWaiting = Object.entries(data.states).some(([n, s]) => s.status === 'RUNNING' && /approv/i.test(n));
  const header = h('div', { class: 'panel' },
    h('div', { class: 'toolbar' },
      h('a', { href: `#/?machine=${encodeURIComponent(x.stateMachineArn)}` }, '← ' + x.stateMachineName)),
    h('h1', {}, x.name, ' ', badge(x.status, { id: 'execution-status' })),
    h('div', { class: 'row muted' },
      h('span', {}, 'Commit ', h('code', { title: x.sha }, shortSha(x.sha))),
      h('span', {}, x.message || ''),
      h('span', {}, 'Started ', fmtTime(x.start)),
      h('span', {}, 'Duration ', fmtDuration(x.durationMs))),
    x.error ? h('p', {}, h('strong', {}, x.error), ' ', x.cause || '') : null,
    approvalWaiting ? h('div', { class: 'toolbar', id: 'approval' },
      h('span', {}, 'This execution waits for an approval.'),
      h('button', { class: 'primary', id: 'approve', onclick: () => decide(arn, true) }, 'Approve'),
      h('button', { class: 'danger', id: 'reject', onclick: () => decide(arn, false) }, 'Reject')) : null);
  const side = h('div', { class: 'panel side', id: 'state-details' });
  const graph = drawGraph(data.graph, data.states, name => { selectedState = name; renderSide(side, data); highlight(svgWrap, name); });
  const svgWrap = h('div', { class: 'panel graph-wrap' }, graph,
    h('div', { class: 'legend' }, ...['RUNNING', 'SUCCEEDED', 'FAILED', 'CAUGHT'].map(s => badge(s)), h('span', { class: 'muted' }, 'dashed red: Catch')));
  renderSide(side, data);
  highlight(svgWrap, selectedState);
  app.replaceChildren(header, h('div', { class: 'row' }, svgWrap, side), eventsTable(data.events));
  if (running) {
    timer = setTimeout(() => showExecution(arn), 1000);
  }
}

function highlight(wrap, name) {
  wrap.querySelectorAll('.node').forEach(n => n.classList.toggle('selected', n.dataset.state === name));
}

function renderSide(side, data) {
  if (!selectedState) {
    side.replaceChildren(h('h2', {}, 'State details'), h('p', { class: 'muted' }, 'Click a state in the graph for its input, output, error and events.'),
      h('h2', {}, 'Execution input'), h('pre', {}, pretty(data.execution.input)));
    return;
  }
  const s = data.states[selectedState];
  if (!s) {
    side.replaceChildren(h('h2', {}, selectedState), h('p', { class: 'muted' }, 'Not entered in this execution.'));
    return;
  }
  const ids = new Set(s.events);
  // replaceChildren would show a null as the text "null": leave absent parts out
  side.replaceChildren(...[h('h2', {}, selectedState, ' ', badge(s.status)),
    s.iterations && s.iterations.length ? h('div', { id: 'state-iterations', class: 'row' }, h('span', { class: 'muted' }, 'Map iterations'),
      ...s.iterations.map(i => h('span', { 'data-index': i.index }, i.label, ' ', badge(i.status)))) : null,
    h('div', { class: 'muted' }, 'Input'), h('pre', { id: 'state-input' }, pretty(s.input)),
    h('div', { class: 'muted' }, 'Output'), h('pre', { id: 'state-output' }, s.output === undefined ? '—' : pretty(s.output)),
    s.error ? h('div', {}, h('div', { class: 'muted' }, 'Error'), h('pre', { id: 'state-error' }, `${s.error}\n${s.cause || ''}`)) : null,
    h('div', { class: 'muted' }, 'Events'),
    h('table', {}, h('tbody', {}, ...data.events.filter(e => ids.has(e.id)).map(e =>
      h('tr', {}, h('td', {}, String(e.id)), h('td', {}, e.type), h('td', {}, fmtTime(e.timestamp))))))]
    .filter(Boolean));
}

function pretty(v) {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') { try { return JSON.stringify(JSON.parse(v), null, 2); } catch { return v; } }
  return JSON.stringify(v, null, 2);
}

function eventsTable(events) {
  const t0 = events.length ? toDate(events[0].timestamp) : null;
  return h('div', { class: 'panel' }, h('h2', {}, `Event history (${events.length})`),
    h('table', { id: 'events' },
      h('thead', {}, h('tr', {}, ...['ID', 'Type', 'Step', 'Elapsed', 'Timestamp', 'Details'].map(t => h('th', {}, t)))),
      h('tbody', {}, ...events.map(e => {
        const details = Object.entries(e).find(([k]) => k.endsWith('EventDetails'));
        const step = details && details[1].name ? details[1].name : '';
        return h('tr', { 'data-type': e.type },
          h('td', {}, String(e.id)), h('td', {}, e.type), h('td', {}, step),
          h('td', {}, t0 ? fmtDuration(toDate(e.timestamp) - t0) : ''),
          h('td', {}, fmtTime(e.timestamp)),
          h('td', {}, details ? h('details', {}, h('summary', {}, 'show'), h('pre', {}, pretty(details[1]))) : ''));
      }))));
}

function toDate(t) { return typeof t === 'number' ? new Date(t * 1000) : new Date(t); }

async function decide(arn, approve) {
  if (!confirm(`${approve ? 'Approve' : 'Reject'} the pending approval of this execution?`)) return;
  try {
    const r = await api('approve', { executionArn: arn, approve, confirmed: true });
    toast(r.message);
  } catch (e) { toast(e.message, true); }
  route();
}

window.addEventListener('hashchange', route);
route();
