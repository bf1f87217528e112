// Writes server/schemas/catalog.schema.json from the catalog's key definitions
// (server/src/core/catalogFile.ts); test/catalogFile.test.ts checks it is current.
import { build } from 'esbuild';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const { outputFiles } = await build({ entryPoints: ['server/src/core/catalogFile.ts'], bundle: true, platform: 'node', format: 'cjs', packages: 'external', write: false, logLevel: 'warning' });
const module = { exports: {} };
new Function('module', 'exports', 'require', outputFiles[0].text)(module, module.exports, createRequire(import.meta.url));
writeFileSync('server/schemas/catalog.schema.json', module.exports.catalogSchemaText());
