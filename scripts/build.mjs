// Bundles the server, the CLI, the VS Code client (each for Node and for the
// web), the webview scripts and the tests with esbuild. Type checking is `npm run typecheck`.
import { build } from 'esbuild';
import { engineSources } from './engineSources.mjs';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
// Node flags for the language server process, used by every launcher (the bin's
// shebang, the VS Code client, tests, benchmark). A language server lives for
// days: indexing and editing make short-lived garbage, and by default V8 lets the
// heap grow ~45 MB past what it needs at 10,000 files (peak RSS 174 MB). A small
// young generation and a 1.3x old-generation growth step keep it near 140 MB;
// --optimize-for-size did too, but made indexing 25% slower (2.3 s against 1.85 s
// at 10,000 files). The flags are given at launch (V8 sizes the young generation
// then); the growth step is read at each collection: the server lifts it to 60% only
// while it builds its index (server/src/heapGrowth.ts; README, start-up figures).
const SERVER_NODE_FLAGS = ['--max-semi-space-size=2', '--heap-growing-percent=30'];
// What a stored index depends on: the code that parses, indexes and checks files, each file named.
const RCA_ENGINE = `${version}+${createHash('sha256').update(engineSources().map((f) => `${f}\0${readFileSync(f)}`).join('\0')).digest('hex').slice(0, 12)}`;
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'linked',
  logLevel: 'warning',
  define: { RCA_VERSION: JSON.stringify(version), RCA_ENGINE: JSON.stringify(RCA_ENGINE), SERVER_NODE_FLAGS: JSON.stringify(SERVER_NODE_FLAGS) },
};
const withTests = process.argv.includes('--tests');

rmSync('dist', { recursive: true, force: true });
const builds = [
  build({ ...common, entryPoints: { server: 'server/src/nodeMain.ts' }, outdir: 'dist', banner: { js: `#!/usr/bin/env -S node ${SERVER_NODE_FLAGS.join(' ')}` }, minify: true }),
  build({ ...common, entryPoints: { cli: 'server/src/cli.ts', rca: 'server/src/rca.ts' }, outdir: 'dist', banner: { js: '#!/usr/bin/env node' }, minify: true }),
  build({ ...common, entryPoints: { extension: 'client/src/extension.ts' }, outdir: 'dist', external: ['vscode'], minify: true }),
  build({ ...common, platform: 'browser', format: 'iife', target: 'es2022', entryPoints: { preview: 'client/src/webview/preview.ts', dashboard: 'client/src/webview/dashboard.ts' }, outdir: 'dist/media', minify: true }),
  // The web extension (package.json's `browser`): the client for the web extension
  // host, a CommonJS module given `vscode`, and the server for a web worker, where
  // gray-matter's one Buffer call is served by a shim. Each writes its metafile
  // beside it: test/browserEngine.test.ts reads what went in.
  ...[
    { entryPoints: { extension: 'client/src/browserExtension.ts' }, format: 'cjs', external: ['vscode'] },
    { entryPoints: { server: 'server/src/browserMain.ts' }, format: 'iife', inject: ['server/src/browser/bufferShim.ts'] },
  ].map(async (web) => {
    const result = await build({ ...common, ...web, platform: 'browser', target: 'es2022', outdir: 'dist/web', minify: true, metafile: true });
    writeFileSync(`dist/web/${Object.keys(web.entryPoints)[0]}.meta.json`, JSON.stringify(result.metafile));
  }),
  // VS Code's built-in Markdown preview loads it (package.json markdown.previewStyles).
  build({ ...common, entryPoints: { markdownPreview: 'client/src/markdownPreview.css' }, outdir: 'dist/media', sourcemap: false, minify: true }),
];
if (withTests) {
  rmSync('out', { recursive: true, force: true });
  const tests = readdirSync('test').filter((f) => f.endsWith('.test.ts')).map((f) => `test/${f}`);
  // Tests load packages from node_modules; the in-editor suites (test/electron)
  // run inside a VS Code extension host, which provides `vscode`. They go to
  // out/electron: `node --test out/test/` runs every script under a test folder.
  builds.push(build({ ...common, entryPoints: tests, outdir: 'out/test', packages: 'external', external: ['../dist/*'] }));
  const editorSuites = existsSync('test/electron') ? readdirSync('test/electron').filter((f) => f.endsWith('.ts')).map((f) => `test/electron/${f}`) : [];
  if (editorSuites.length > 0) builds.push(build({ ...common, entryPoints: editorSuites, outdir: 'out/electron', packages: 'external', external: ['vscode'] }));
}
await Promise.all(builds);
