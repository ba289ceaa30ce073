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
