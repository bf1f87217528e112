// Debian's chromium for browser tests, installed with apt-get when absent (CI
// machines start without it), as the neovim test installs neovim.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const CHROMIUM = '/usr/bin/chromium';
const INSTALL_TIMEOUT_MS = 15 * 60_000;

/** Installs chromium if needed; returns why it could not, or undefined when it is there. */
export function ensureChromium(): string | undefined {
  if (existsSync(CHROMIUM)) return undefined;
  if (process.getuid?.() !== 0) return `${CHROMIUM} is missing and installing it needs root`;
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update', '-qq'], ['install', '-y', '-qq', 'chromium']]) {
    const result = spawnSync('apt-get', args, { encoding: 'utf8', timeout: INSTALL_TIMEOUT_MS, env });
    if (result.status !== 0) return `apt-get ${args.join(' ')} failed: ${(result.stderr || String(result.error ?? '')).trim().split('\n').slice(-3).join(' ')}`;
  }
  return existsSync(CHROMIUM) ? undefined : `apt-get installed chromium but ${CHROMIUM} is missing`;
}
