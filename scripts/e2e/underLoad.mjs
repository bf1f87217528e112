// The end-to-end suite run several times in a row while a CPU-burning process
// keeps each core busy: the e2e tests must wait on UI conditions, not on time,
// and this is how that is shown. Stops at the first failing run.
//
//   node scripts/e2e/underLoad.mjs [--runs 3] [--burners <cores>]
import { spawn, spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at < 0 ? fallback : Number(args[at + 1]);
};
const runs = option('--runs', 3);
const burnerCount = option('--burners', availableParallelism());

const tests = join(import.meta.dirname, '..', '..', 'out', 'test');
const files = readdirSync(tests).filter((name) => /^e2e.*\.test\.js$/.test(name)).map((name) => join(tests, name));
if (files.length === 0) {
  console.error(`No end-to-end tests in ${tests}: build them first (node scripts/build.mjs --tests).`);
  process.exit(2);
}

const burners = Array.from({ length: burnerCount }, () => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
const stopBurners = () => burners.forEach((burner) => burner.kill('SIGKILL'));
process.on('exit', stopBurners);

let failed = false;
for (let run = 1; run <= runs && !failed; run++) {
  const started = Date.now();
  const result = spawnSync(process.execPath, ['--test', ...files], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const summary = (result.stdout.match(/^# (tests|pass|fail) \d+$/gm) ?? []).join(', ');
  failed = result.status !== 0;
  console.log(`run ${run}/${runs} with ${burnerCount} CPU burners: ${summary || 'no summary'} in ${Math.round((Date.now() - started) / 1000)} s${failed ? ' — FAILED' : ''}`);
  if (failed) process.stdout.write(result.stdout.split('\n').filter((line) => /not ok|Error|expected|actual/.test(line)).slice(0, 40).join('\n') + '\n');
}
stopBurners();
process.exit(failed ? 1 : 0);
