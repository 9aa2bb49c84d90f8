// Builds the web app into dist/web when its sources changed since the last build, so the
// first `npm start` builds and later starts do not. The fingerprint covers the web sources,
// the shared code they import, the Vite config and the lockfile.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'dist/web');
const stampFile = path.join(outDir, '.build-fingerprint');

function listFiles(relative) {
  const absolute = path.join(root, relative);
  if (!existsSync(absolute)) return [];
  if (statSync(absolute).isFile()) return [relative];
  return readdirSync(absolute, { recursive: true })
    .map((entry) => path.join(relative, String(entry)))
    .filter((file) => statSync(path.join(root, file)).isFile())
    .sort();
}

const hash = createHash('sha256');
for (const file of ['src/web', 'src/shared', 'vite.config.ts', 'package-lock.json'].flatMap(listFiles)) {
  hash
    .update(file)
    .update('\0')
    .update(readFileSync(path.join(root, file)))
    .update('\0');
}
const fingerprint = hash.digest('hex');

if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === fingerprint) {
  process.exit(0);
}
console.log('Building the web app (dist/web)…');
const result = spawnSync(
  process.execPath,
  [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
if (result.status !== 0) process.exit(result.status ?? 1);
writeFileSync(stampFile, fingerprint);
