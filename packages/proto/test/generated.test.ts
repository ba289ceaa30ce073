import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');
const BUF = path.join(ROOT, 'node_modules/.bin/buf');

function files(dir: string, base = dir): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? files(p, base) : [path.relative(base, p)];
  });
}

describe('generated TypeScript', () => {
  it('the REST routes, schemas and JSON types match the .proto files (run `npm run proto:generate` when this fails)', () => {
    const { generate } = require(path.join(ROOT, 'scripts/gen/http-api.ts')) as { generate: () => Record<string, string> };
    for (const [file, text] of Object.entries(generate()))
      expect(`${file}\n${readFileSync(path.join(ROOT, 'packages/proto/src/http', file), 'utf8')}`).toBe(`${file}\n${text}`);
  });

  it('matches the .proto files (run `npm run proto:generate` when this fails)', () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'thuocdo-proto-'));
    try {
      cpSync(path.join(ROOT, 'proto'), path.join(tmp, 'proto'), { recursive: true });
      const gen = readFileSync(path.join(ROOT, 'proto/buf.gen.yaml'), 'utf8')
        .replace('../node_modules/.bin/protoc-gen-ts_proto', path.join(ROOT, 'node_modules/.bin/protoc-gen-ts_proto'))
        .replace('../packages/proto/src/gen', path.join(tmp, 'gen'));
      writeFileSync(path.join(tmp, 'proto/buf.gen.yaml'), gen);
      execFileSync(BUF, ['generate'], { cwd: path.join(tmp, 'proto'), stdio: 'pipe' });
      const committed = path.join(ROOT, 'packages/proto/src/gen');
      const fresh = path.join(tmp, 'gen');
      expect(files(fresh).sort()).toEqual(files(committed).sort());
      for (const f of files(fresh))
        expect(`${f}\n${readFileSync(path.join(fresh, f), 'utf8')}`).toBe(`${f}\n${readFileSync(path.join(committed, f), 'utf8')}`);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
