// Bundles the server, the CLI and the tests with esbuild. Type checking is `npm run typecheck`.
import { build } from 'esbuild';
import { readFileSync, readdirSync, rmSync } from 'node:fs';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'linked',
  logLevel: 'warning',
  define: { RCA_VERSION: JSON.stringify(version) },
};
const withTests = process.argv.includes('--tests');

rmSync('dist', { recursive: true, force: true });
const builds = [
  build({ ...common, entryPoints: { server: 'server/src/server.ts', cli: 'server/src/cli.ts' }, outdir: 'dist', banner: { js: '#!/usr/bin/env node' }, minify: true }),
];
if (withTests) {
  rmSync('out', { recursive: true, force: true });
  const tests = readdirSync('test').filter((f) => f.endsWith('.test.ts')).map((f) => `test/${f}`);
  builds.push(build({ ...common, entryPoints: tests, outdir: 'out/test', external: ['../dist/*'] }));
}
await Promise.all(builds);
