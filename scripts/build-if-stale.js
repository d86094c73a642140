// `npm start` runs this first: it compiles TypeScript only when a source is newer than the last
// build, so a second start goes straight to the server (tsc costs 3-8 s on a busy 2-core machine).
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const stamp = path.join(root, 'dist', '.built');
const inputs = ['src', 'migrations', 'seeds', 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json'];

function newest(p) {
  const stat = fs.statSync(p, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...fs.readdirSync(p).map((name) => newest(path.join(p, name))));
}

const built = fs.statSync(stamp, { throwIfNoEntry: false })?.mtimeMs ?? 0;
if (Math.max(...inputs.map((i) => newest(path.join(root, i)))) > built) {
  execFileSync(
    process.execPath,
    [path.join(path.dirname(require.resolve('typescript/package.json')), 'bin', 'tsc'), '-p', 'tsconfig.build.json'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  fs.writeFileSync(stamp, `${new Date().toISOString()}\n`);
}
