/**
 * scripts/proto-breaking.sh in a scratch repository: a removed field fails against the merge
 * base with main, an added one passes, and a missing reference is an error, not a skip.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

describe('proto:breaking', () => {
  let repo: string;
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, stdio: 'pipe' }).toString();
  const run = (env: Record<string, string> = {}) =>
    spawnSync('bash', ['scripts/proto-breaking.sh'], { cwd: repo, encoding: 'utf8', env: { ...process.env, ...env } });
  const file = () => path.join(repo, 'proto/thuocdo/catalog/v1/catalog.proto');

  // A scratch repository of its own for each test: main with the current API committed.
  beforeEach(() => {
    repo = mkdtempSync(path.join(os.tmpdir(), 'thuocdo-breaking-'));
    cpSync(path.join(ROOT, 'proto'), path.join(repo, 'proto'), { recursive: true });
    mkdirSync(path.join(repo, 'scripts'));
    cpSync(path.join(ROOT, 'scripts/proto-breaking.sh'), path.join(repo, 'scripts/proto-breaking.sh'));
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(repo, 'node_modules'));
    git('init', '-q', '-b', 'main');
    git('-c', 'user.email=t@t', '-c', 'user.name=t', 'add', 'proto', 'scripts');
    git('-c', 'user.email=t@t', '-c', 'user.name=t', 'commit', '-q', '-m', 'api');
  });
  afterEach(() => rmSync(repo, { recursive: true, force: true }));

  it('fails when a branch removes a field, and passes when it adds one', () => {
    git('checkout', '-q', '-b', 'feature');
    const original = readFileSync(file(), 'utf8');
    writeFileSync(file(), original.replace('  string product_unit = 5;\n', ''));
    git('-c', 'user.email=t@t', '-c', 'user.name=t', 'commit', '-q', '-am', 'remove a field');
    const broken = run();
    expect(broken.status).not.toBe(0);
    expect(broken.stdout + broken.stderr).toMatch(/product_unit|deleted/i);

    writeFileSync(file(), original.replace('  string product_unit = 5;\n', '  string product_unit = 5;\n  string remark = 99;\n'));
    git('-c', 'user.email=t@t', '-c', 'user.name=t', 'commit', '-q', '-am', 'add a field instead');
    const fine = run();
    expect(fine.stdout).toMatch(/no breaking change/);
    expect(fine.status).toBe(0);
  });

  it('fails, naming the cause, when the reference cannot be found', () => {
    const missing = run({ BUF_AGAINST_REF: 'no-such-ref' });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/no-such-ref is not a commit/);
    git('branch', '-q', '-m', 'trunk');
    const noMain = run();
    expect(noMain.status).toBe(1);
    expect(noMain.stderr).toMatch(/no main branch/);
  });
});
