'use strict';
/** Inclusive time per call path (top-down tree) of a .cpuprofile, pruned below a threshold percent. */
const { readFileSync } = require('node:fs');
const profile = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const threshold = Number(process.argv[3] || 2);
const maxDepth = Number(process.argv[4] || 30);
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map();
profile.samples.forEach((id, i) => {
  if (byId.get(id).callFrame.functionName === '(idle)') return;
  self.set(id, (self.get(id) || 0) + (profile.timeDeltas[i] || 0));
});
const incl = new Map();
const total = (n) => {
  if (incl.has(n.id)) return incl.get(n.id);
  let t = self.get(n.id) || 0;
  for (const c of n.children || []) t += total(byId.get(c));
  incl.set(n.id, t);
  return t;
};
const root = profile.nodes[0];
const all = total(root);
const walk = (n, depth) => {
  if (depth > maxDepth) return;
  const t = incl.get(n.id);
  if ((100 * t) / all < threshold) return;
  const cf = n.callFrame;
  const where = cf.url.replace(/^.*node_modules\//, '').replace(/^.*\/dist\//, '');
  console.log(`${' '.repeat(depth)}${((100 * t) / all).toFixed(1)}% ${cf.functionName || '(anon)'} ${where}:${cf.lineNumber}`);
  for (const c of n.children || []) walk(byId.get(c), depth + 1);
};
walk(root, 0);
