'use strict';
/** Summarises a .cpuprofile: self time by function and by package/file, top N. */
const { readFileSync } = require('node:fs');
const profile = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const top = Number(process.argv[3] || 25);
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map();
const dt = profile.timeDeltas;
profile.samples.forEach((id, i) => {
  // Idle samples say nothing about where the CPU went.
  if (byId.get(id).callFrame.functionName === '(idle)') return;
  self.set(id, (self.get(id) || 0) + (dt[i] || 0));
});
const total = [...self.values()].reduce((a, b) => a + b, 0);
const fn = new Map();
const file = new Map();
for (const [id, t] of self) {
  const cf = byId.get(id).callFrame;
  const where = cf.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/(dist|work)\//, '');
  const pkg = where.split('/').slice(0, where.startsWith('@') ? 2 : 1).join('/') || '(native)';
  const key = `${cf.functionName || '(anon)'} ${where}:${cf.lineNumber}`;
  fn.set(key, (fn.get(key) || 0) + t);
  file.set(pkg, (file.get(pkg) || 0) + t);
}
const show = (m, title) => {
  console.log(`\n== ${title}`);
  [...m].sort((a, b) => b[1] - a[1]).slice(0, top).forEach(([k, t]) => console.log(`${((100 * t) / total).toFixed(1).padStart(5)}%  ${k}`));
};
show(file, 'self time by package / top folder');
show(fn, 'self time by function');
