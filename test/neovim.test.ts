// The standalone server in another editor: headless Debian neovim starts it with
// `vim.lsp.start_client` on the example workspace, and we check its diagnostics
// and go-to-definition on a `[[wiki-link]]`. Neovim is installed with apt when
// absent; the tests skip (saying why) only where that is impossible.
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { copyExample, SERVER } from './lspSession';
import { SEED_PATH } from './support';

const INSTALL_TIMEOUT_MS = 10 * 60_000;

function hasNvim(): boolean {
  return spawnSync('nvim', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** Installs Debian's neovim; returns why it could not, or undefined on success. */
function installNvim(): string | undefined {
  if (spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status !== 0) return 'apt-get is not available on this machine';
  const asRoot = process.getuid?.() === 0;
  if (!asRoot && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status !== 0) return 'not root and no password-less sudo for apt-get';
  const run = (args: string[]) => {
    const [cmd, ...rest] = asRoot ? args : ['sudo', '-n', ...args];
    const result = spawnSync(cmd, rest, { encoding: 'utf8', timeout: INSTALL_TIMEOUT_MS, env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    return result.status === 0 ? undefined : `${args.join(' ')} failed: ${(result.stderr || String(result.error ?? '')).trim().split('\n').slice(-3).join(' ')}`;
  };
  const direct = run(['apt-get', 'install', '-y', '-qq', 'neovim']);
  if (!direct && hasNvim()) return undefined;
  const update = run(['apt-get', 'update', '-qq']);
  if (update) return update;
  const install = run(['apt-get', 'install', '-y', '-qq', 'neovim']);
  if (install) return install;
  return hasNvim() ? undefined : 'apt-get installed neovim but `nvim` is not on PATH';
}

const lua = (value: string) => JSON.stringify(value);

/** A Lua script for nvim 0.7+ (Debian bookworm ships 0.7.2): results go to a JSON file. */
function script(root: string, out: string): string {
  return `
local results = { log = {} }
local function finish()
  vim.fn.writefile({ vim.fn.json_encode(results) }, ${lua(out)})
  vim.cmd('qa!')
end
local ok, err = pcall(function()
  local file = ${lua(join(root, SEED_PATH))}
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local bufnr = vim.api.nvim_get_current_buf()
  local client_id = vim.lsp.start_client({
    name = 'rca',
    cmd = { ${lua(process.execPath)}, ${lua(SERVER)}, '--stdio' },
    root_dir = ${lua(root)},
  })
  assert(client_id, 'vim.lsp.start_client returned nil')
  vim.lsp.buf_attach_client(bufnr, client_id)
  results.attached = vim.wait(10000, function()
    local client = vim.lsp.get_client_by_id(client_id)
    return client ~= nil and client.initialized == true
  end, 20)

  -- A broken link and a wrong duration, typed into the buffer (didChange).
  local lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
  for i, line in ipairs(lines) do
    if line == 'duration_minutes: 72' then vim.api.nvim_buf_set_lines(bufnr, i - 1, i, false, { 'duration_minutes: 80' }) end
  end
  vim.api.nvim_buf_set_lines(bufnr, -1, -1, false, { 'See [[no-such-page]].' })
  local function codes()
    local found = {}
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do table.insert(found, d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or '?') end
    table.sort(found)
    return found
  end
  vim.wait(15000, function() local c = table.concat(codes(), ','); return c:find('broken%-wiki%-link') ~= nil and c:find('duration%-mismatch') ~= nil end, 20)
  results.diagnostics = codes()

  -- Go to definition on [[runbook-recommendation-engine|...]].
  local target_line
  for i, line in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)) do
    local col = line:find('[[runbook-recommendation-engine', 1, true)
    if col then target_line = i; vim.api.nvim_win_set_cursor(0, { i, col + 4 }) break end
  end
  assert(target_line, 'no [[runbook-recommendation-engine]] link in the seed')
  local params = vim.lsp.util.make_position_params()
  local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/definition', params, 5000) or {}
  results.definition = {}
  for _, response in pairs(responses) do
    for _, loc in ipairs(response.result or {}) do table.insert(results.definition, loc.uri or loc.targetUri) end
  end
  vim.lsp.buf.definition()
  vim.wait(5000, function() return vim.api.nvim_buf_get_name(0):find('runbook%-recommendation%-engine%.md$') ~= nil end, 20)
  results.jumped_to = vim.api.nvim_buf_get_name(0)
  vim.lsp.stop_client(client_id)
end)
if not ok then results.error = tostring(err) end
finish()
`;
}

describe('neovim (headless) with the standalone server', () => {
  let skip: string | undefined;
  let root: string;
  let work: string;
  let results: { attached?: boolean; diagnostics?: string[]; definition?: string[]; jumped_to?: string; error?: string };

  before(
    async () => {
      if (!hasNvim()) {
        const why = installNvim();
        if (why) {
          skip = `neovim is not installed and could not be installed (${why}); install Debian's \`neovim\` package to run this test`;
          return;
        }
      }
      root = copyExample();
      work = mkdtempSync(join(tmpdir(), 'rca-nvim-'));
      const out = join(work, 'results.json');
      const file = join(work, 'check.lua');
      writeFileSync(file, script(root, out));
      await new Promise<void>((resolve) => {
        execFile('nvim', ['--headless', '--clean', '-n', '-c', `luafile ${file}`], { timeout: 60_000, cwd: root, env: { ...process.env, HOME: work, XDG_STATE_HOME: work, XDG_DATA_HOME: work } }, () => resolve());
      });
      try {
        results = JSON.parse(readFileSync(out, 'utf8'));
      } catch {
        results = { error: 'nvim wrote no results' };
      }
    },
    { timeout: INSTALL_TIMEOUT_MS + 120_000 },
  );
  after(() => {
    if (root) rmSync(root, { recursive: true, force: true });
    if (work) rmSync(work, { recursive: true, force: true });
  });

  test('the server attaches and publishes diagnostics for typed changes', (t) => {
    if (skip) return t.skip(skip);
    assert.equal(results.error, undefined, results.error);
    assert.equal(results.attached, true);
    assert.deepEqual(results.diagnostics, ['broken-wiki-link', 'duration-mismatch', 'summary-mismatch']);
  });

  test('go-to-definition on a [[wiki-link]] opens the target file', (t) => {
    if (skip) return t.skip(skip);
    assert.equal(results.error, undefined, results.error);
    assert.deepEqual(results.definition?.map((uri) => uri.replace(/^.*\//, '')), ['runbook-recommendation-engine.md']);
    assert.match(results.jumped_to ?? '', /runbooks\/runbook-recommendation-engine\.md$/);
  });
});
