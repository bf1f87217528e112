// The repository's composite action (action.yml), run as a runner runs it: each `run:`
// step in bash with the environment GitHub sets (GITHUB_WORKSPACE, GITHUB_ACTION_PATH,
// GITHUB_STEP_SUMMARY, GITHUB_OUTPUT, RUNNER_TEMP) and the inputs' expressions evaluated.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse } from 'yaml';
import { copyExample } from './lspSession';
import { REPO, SEED_PATH, sarifValidator } from './support';

interface ActionStep {
  readonly name: string;
  readonly id?: string;
  readonly shell?: string;
  readonly env?: Record<string, string>;
  readonly run?: string;
  readonly uses?: string;
}
interface Action {
  readonly inputs: Record<string, { readonly default?: string }>;
  readonly outputs: Record<string, { readonly value: string }>;
  readonly runs: { readonly using: string; readonly steps: readonly ActionStep[] };
}

const action = parse(readFileSync(join(REPO, 'action.yml'), 'utf8')) as Action;

/** `${{ inputs.name }}` with the run's inputs; any other expression is a failure of the test (the runner would evaluate what this does not). */
function evaluate(value: string, inputs: Record<string, string>, outputs: Record<string, Record<string, string>> = {}): string {
  return value.replace(/\$\{\{\s*([^}]*?)\s*\}\}/g, (_, expression: string) => {
    const input = /^inputs\.([\w-]+)$/.exec(expression);
    if (input) {
      assert.ok(input[1] in action.inputs, `no input ${input[1]}`);
      return inputs[input[1]] ?? action.inputs[input[1]].default ?? '';
    }
    const output = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(expression);
    assert.ok(output, `unsupported expression ${expression}`);
    return outputs[output[1]]?.[output[2]] ?? '';
  });
}

interface ActionRun {
  /** Exit status of each step run, in order, up to the first that failed. */
  readonly statuses: number[];
  readonly stdout: string;
  readonly stderr: string;
  readonly summary: string;
  /** The action's outputs, from its steps' GITHUB_OUTPUT lines. */
  readonly outputs: Record<string, string>;
}

/** Runs the action's steps over `workspace` with `inputs`, as the runner does: in order, stopping at the first failure. */
function runAction(workspace: string, inputs: Record<string, string>): ActionRun {
  const temp = mkdtempSync(join(tmpdir(), 'rca-runner-'));
  const summaryFile = join(temp, 'step_summary.md');
  writeFileSync(summaryFile, '');
  const statuses: number[] = [];
  const stepOutputs: Record<string, Record<string, string>> = {};
  let stdout = '';
  let stderr = '';
  try {
    for (const [index, step] of action.runs.steps.entries()) {
      assert.equal(step.uses, undefined, `step ${step.name}: only run steps are expected`);
      assert.equal(step.shell, 'bash', `step ${step.name}: a composite run step names its shell`);
      const outputFile = join(temp, `output_${index}`);
      writeFileSync(outputFile, '');
      const script = join(temp, `step_${index}.sh`);
      writeFileSync(script, step.run!);
      const env: Record<string, string> = {
        PATH: process.env.PATH!,
        HOME: process.env.HOME ?? temp,
        CI: 'true',
        GITHUB_ACTIONS: 'true',
        GITHUB_WORKSPACE: workspace,
        GITHUB_ACTION_PATH: REPO,
        GITHUB_STEP_SUMMARY: summaryFile,
        GITHUB_OUTPUT: outputFile,
        RUNNER_TEMP: temp,
      };
      for (const [name, value] of Object.entries(step.env ?? {})) env[name] = evaluate(value, inputs);
      // `shell: bash` is `bash --noprofile --norc -eo pipefail {0}` on a runner, in the workspace.
      const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], { cwd: workspace, env, encoding: 'utf8', timeout: 60_000 });
      stdout += result.stdout;
      stderr += result.stderr;
      statuses.push(result.status ?? -1);
      if (step.id) {
        stepOutputs[step.id] = Object.fromEntries(readFileSync(outputFile, 'utf8').split('\n').filter(Boolean).map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
      }
      if (result.status !== 0) break;
    }
    const outputs = Object.fromEntries(Object.entries(action.outputs).map(([name, output]) => [name, evaluate(output.value, inputs, stepOutputs)]));
    const sarif = outputs['sarif-file'];
    return { statuses, stdout, stderr, summary: readFileSync(summaryFile, 'utf8'), outputs: { ...outputs, 'sarif-file': sarif && readFileSync(sarif, 'utf8') } };
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

interface Sarif {
  runs: { results: { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string } } }[] }[] }[];
}

describe('the composite action', () => {
  const validate = sarifValidator();
  let workspace: string;
  before(() => {
    // A workspace with defects: an RCA's duration (an error) and a broken wiki-link in a note (a warning).
    workspace = copyExample();
    const seed = join(workspace, SEED_PATH);
    writeFileSync(seed, readFileSync(seed, 'utf8').replace('duration_minutes: 72', 'duration_minutes: 95'));
    writeFileSync(join(workspace, 'notes', 'scratch notes.md'), '# Scratch\n\nSee [[no-such-page]].\n');
  });
  after(() => rmSync(workspace, { recursive: true, force: true }));

  test('is a composite action whose inputs are paths, config, max-warnings and sarif-file, passed to bash through env only', () => {
    assert.equal(action.runs.using, 'composite');
    assert.deepEqual(Object.keys(action.inputs), ['paths', 'config', 'max-warnings', 'sarif-file']);
    for (const step of action.runs.steps) assert.doesNotMatch(step.run ?? '', /\$\{\{/, `step ${step.name}: an expression in a script is a script injection`);
  });

  test('with defects: valid SARIF of every problem for upload-sarif, the report in the job summary, and the step fails', () => {
    const run = runAction(workspace, {});
    assert.deepEqual(run.statuses, [0, 1], run.stderr);
    const sarif = JSON.parse(run.outputs['sarif-file']) as Sarif;
    assert.ok(validate(sarif), JSON.stringify(validate.errors, null, 2));
    const found = sarif.runs[0].results.map((r) => `${r.level} ${r.ruleId} ${r.locations[0].physicalLocation.artifactLocation.uri}`).sort();
    assert.ok(found.includes(`error duration-mismatch ${SEED_PATH}`), found.join('\n'));
    assert.ok(found.includes('warning broken-wiki-link notes/scratch%20notes.md'), found.join('\n'));
    for (const result of sarif.runs[0].results) assert.equal(result.locations[0].physicalLocation.artifactLocation.uriBaseId, '%SRCROOT%');
    assert.match(run.summary, /^## RCA report\n\nAll RCAs, as of \d{4}-\d{2}-\d{2}\.\n/);
    assert.match(run.summary, /\n\| 5 \| \d+ \| \d+ ⚠️ \| 1 \|\n/);
    // The log lists the problems as rca lint's text.
    assert.match(run.stdout, new RegExp(`${SEED_PATH.replace(/\./g, '\\.')}:\\d+:\\d+ duration-mismatch `));
    assert.match(run.stdout, /files checked: \d+ problems \(\d+ errors, \d+ warnings, 0 infos\)\n$/);
  });

  test('max-warnings: warnings alone pass up to it and fail past it; config turns a rule off; paths narrow the check', () => {
    const warningsOnly = { paths: 'notes\n  runbooks  \n\n' };
    const passed = runAction(workspace, { ...warningsOnly, 'max-warnings': '1' });
    assert.deepEqual(passed.statuses, [0, 0], passed.stderr);
    assert.match(passed.stdout, /notes\/scratch notes\.md:3:\d+ broken-wiki-link /);
    assert.doesNotMatch(passed.stdout, /duration-mismatch/, 'only the paths given');
    assert.deepEqual(runAction(workspace, { ...warningsOnly, 'max-warnings': '0' }).statuses, [0, 1]);
    writeFileSync(join(workspace, 'rca-settings.json'), JSON.stringify({ rules: { 'broken-wiki-link': 'off' } }));
    try {
      const quiet = runAction(workspace, { ...warningsOnly, config: 'rca-settings.json' });
      assert.deepEqual(quiet.statuses, [0, 0], quiet.stderr);
      assert.deepEqual((JSON.parse(quiet.outputs['sarif-file']) as Sarif).runs[0].results, []);
    } finally {
      rmSync(join(workspace, 'rca-settings.json'));
    }
  });

  test('a clean workspace passes with an empty SARIF; a missing config fails before any output, naming it', () => {
    const clean = copyExample();
    try {
      const run = runAction(clean, { 'sarif-file': join(clean, 'out.sarif') });
      assert.deepEqual(run.statuses, [0, 0], run.stderr);
      const sarif = JSON.parse(run.outputs['sarif-file']) as Sarif;
      assert.ok(validate(sarif));
      assert.deepEqual(sarif.runs[0].results, []);
      assert.match(run.stdout, /files checked, no problems\n$/);
      const broken = runAction(clean, { config: 'missing.json' });
      assert.deepEqual(broken.statuses, [0, 2]);
      assert.match(broken.stderr, /rca lint: cannot read --config .*missing\.json: ENOENT/);
      assert.equal(broken.outputs['sarif-file'], '');
      assert.equal(broken.summary, '');
    } finally {
      rmSync(clean, { recursive: true, force: true });
    }
  });
});
