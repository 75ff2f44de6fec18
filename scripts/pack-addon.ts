/**
 * Builds the Add-On Store bundle: manifest, schemas, compiled code, assets, README and the production
 * dependencies, in one .tgz with a SHA-256 checksum file beside it (sha256sum format).
 * Usage: npm run pack:addon [-- --out DIR]
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';

const root = path.resolve(__dirname, '..');
const BUNDLED = ['manifest.json', 'schema', 'dist', 'assets', 'README.md', 'package.json', 'package-lock.json'];

/** The installed production dependency folders, as npm itself resolves them (no download needed). */
function productionDependencyDirs(): string[] {
  const listing = execFileSync('npm', ['ls', '--omit=dev', '--all', '--parseable'], { cwd: root, encoding: 'utf8' });
  return listing
    .split('\n')
    .filter((dir) => dir && path.resolve(dir) !== root)
    .map((dir) => path.relative(root, dir));
}

function copy(from: string, to: string): void {
  fs.cpSync(from, to, { recursive: true, filter: (source) => !source.endsWith('.map') });
}

export function packAddon(outDir: string): { archive: string; checksum: string } {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'manifest.json'), 'utf8')) as { id: string; version: string };
  if (manifest.version !== pkg.version) throw new Error(`manifest.json version ${manifest.version} differs from package.json ${pkg.version}`);
  if (!fs.existsSync(path.join(root, 'dist', 'index.js'))) throw new Error('dist/ is missing: run npm run build first');

  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'adr-addon-pack-'));
  const top = path.join(staging, `${manifest.id}-${manifest.version}`);
  for (const entry of BUNDLED) copy(path.join(root, entry), path.join(top, entry));
  for (const dir of productionDependencyDirs()) copy(path.join(root, dir), path.join(top, dir));

  fs.mkdirSync(outDir, { recursive: true });
  const archive = path.join(outDir, `${manifest.id}-${manifest.version}.tgz`);
  execFileSync('tar', ['--sort=name', '--owner=0', '--group=0', '--numeric-owner', '-czf', archive, '-C', staging, path.basename(top)]);
  fs.rmSync(staging, { recursive: true, force: true });
  const digest = createHash('sha256').update(fs.readFileSync(archive)).digest('hex');
  const checksum = `${archive}.sha256`;
  fs.writeFileSync(checksum, `${digest}  ${path.basename(archive)}\n`);
  return { archive, checksum };
}

if (require.main === module) {
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  const result = packAddon(path.resolve(values.out ?? path.join(root, 'addon')));
  process.stdout.write(`${result.archive}\n${result.checksum}\n`);
}
