// Draws the server-side layout (GraphLayout.java) as SVG; colors come from each state's status.
import { svg } from './dom.js';

export function drawGraph(graph, states, onSelect) {
  const pad = 20;
  const byId = new Map(graph.nodes.map(n => [n.id, n]));
  const root = svg('svg', {
    class: 'graph', id: 'graph', width: graph.width + 2 * pad, height: graph.height + 2 * pad,
    viewBox: `${-pad} ${-pad} ${graph.width + 2 * pad} ${graph.height + 2 * pad}`
  });
  root.append(svg('defs', {}, svg('marker', {
    id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse'
  }, svg('path', { d: 'M 0 0 L 10 5 L 0 10 z', fill: '#8d99a8' }))));
  // containers first so their children draw on top
  const ordered = [...graph.nodes].sort((a, b) => depth(a, byId) - depth(b, byId));
  const nodes = svg('g', {});
  for (const n of ordered) {
    const container = graph.nodes.some(c => c.parent === n.id);
    const status = states[n.name] ? states[n.name].status : 'NOT_STARTED';
    const iterations = (!container && states[n.name] && states[n.name].iterations) || [];
    const g = svg('g', {
      class: 'node' + (container ? ' container' : ''), 'data-state': n.name, 'data-status': status,
      'data-type': n.type, onclick: e => { e.stopPropagation(); onSelect(n.name); }
    },
      svg('rect', { x: n.x, y: n.y, width: n.w, height: n.h, rx: 6 }),
      container
        ? svg('text', { x: n.x + 10, y: n.y + 14 }, `${n.name} (${n.type})`)
        : svg('text', { x: n.x + n.w / 2, y: n.y + (iterations.length ? 11 : n.h / 2) }, clip(n.name, 26)),
      iterationChips(n, iterations),
      svg('title', {}, `${n.name} · ${n.type} · ${status}` +
        iterations.map(i => `\n${i.label}: ${i.status}`).join('')));
    nodes.append(g);
  }
  const edges = svg('g', {});
  for (const e of graph.edges) {
    const a = byId.get(e.from), b = byId.get(e.to);
    if (!a || !b) continue;
    edges.append(svg('path', { class: 'edge ' + e.kind, d: edgePath(a, b), 'marker-end': 'url(#arrow)' }));
  }
  // containers, then edges, then states: edges pass under the boxes they cross
  const containers = svg('g', {});
  for (const g of [...nodes.children]) if (g.classList.contains('container')) containers.append(g);
  root.append(containers, edges, nodes);
  return root;
}

// a state inside a Map: one chip per iteration it ran in, colored by that iteration's status
function iterationChips(n, iterations) {
  if (!iterations.length) return null;
  const gap = 2, w = (n.w - 8 - gap * (iterations.length - 1)) / iterations.length;
  return svg('g', { class: 'iterations' }, ...iterations.map((it, i) => {
    const x = n.x + 4 + i * (w + gap);
    return svg('g', { class: 'iteration', 'data-index': it.index, 'data-label': it.label, 'data-status': it.status },
      svg('rect', { x, y: n.y + 20, width: w, height: 12, rx: 3 }),
      svg('text', { x: x + w / 2, y: n.y + 26.5 }, w > 22 ? it.label : ''));
  }));
}

function depth(n, byId) {
  let d = 0;
  for (let p = n.parent; p; p = byId.get(p)?.parent) d++;
  return d;
}

function edgePath(a, b) {
  const x1 = a.x + a.w / 2, y1 = a.y + a.h, x2 = b.x + b.w / 2, y2 = b.y;
  if (y2 > y1) {
    const my = (y1 + y2) / 2;
    return `M ${x1} ${y1} C ${x1} ${my}, ${x2} ${my}, ${x2} ${y2}`;
  }
  // a loop back up: leave from the right side and come in from the right
  const sx = a.x + a.w, sy = a.y + a.h / 2, tx = b.x + b.w, ty = b.y + b.h / 2;
  const out = Math.max(sx, tx) + 40;
  return `M ${sx} ${sy} C ${out} ${sy}, ${out} ${ty}, ${tx} ${ty}`;
}

function clip(s, n) { return s.length > n ? s.slice(0, n - 1) + '…' : s; }
