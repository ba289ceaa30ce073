import { Writable } from 'node:stream';
import { createLogger } from './logging';

describe('createLogger', () => {
  it('writes JSON and redacts tokens, passwords and personal numbers', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    const log = createLogger('test', 'info', sink);
    log.info({ headers: { authorization: 'Bearer secret-token' }, password: 'p@ss', user: { citizen_id: '079201001234' }, ok: 1 }, 'hello');
    const line = JSON.parse(lines[0]);
    expect(line).toMatchObject({ level: 'info', service: 'test', msg: 'hello', ok: 1 });
    const text = lines.join('');
    expect(text).not.toContain('secret-token');
    expect(text).not.toContain('p@ss');
    expect(text).not.toContain('079201001234');
  });
});

describe('serializeError', () => {
  it('keeps the code and constraint of a database error, never the row it quotes', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    const err = Object.assign(new Error('new row for relation "official" violates check constraint "official_category_known"'), {
      code: '23514',
      constraint: 'official_category_known',
      table: 'official',
      detail: 'Failing row contains (0190…, Nguyễn Thị Lan, lan@snv.gov.vn, 079201001234).',
      where: 'SQL statement "INSERT …"',
    });
    createLogger('test', 'info', sink).error({ err: Object.assign(new Error('wrapped'), { cause: err }) }, 'failed');
    const text = lines.join('');
    expect(text).toContain('official_category_known');
    expect(text).not.toContain('Nguyễn Thị Lan');
    expect(text).not.toContain('079201001234');
    expect(JSON.parse(lines[0]).err.cause).toMatchObject({ code: '23514', table: 'official' });
  });
});
