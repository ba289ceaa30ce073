import { EventEmitter } from 'node:events';
import { createLogger } from '@thuocdo/kit';
import { Shutdown } from './shutdown';

const quiet = createLogger('test', 'silent');

describe('Shutdown', () => {
  it('runs every step in order, also after one fails, and reports the failure', async () => {
    const ran: string[] = [];
    const s = new Shutdown(quiet, 1000)
      .add('drain', () => void ran.push('drain'))
      .add('stop consumers', () => {
        ran.push('stop consumers');
        throw new Error('broker gone');
      })
      .add('close pool', async () => void ran.push('close pool'));
    expect(await s.run()).toBe(false);
    expect(ran).toEqual(['drain', 'stop consumers', 'close pool']);
    expect(await new Shutdown(quiet, 1000).add('ok', () => {}).run()).toBe(true);
  });

  it('exits 0 when every step succeeded, 1 when one failed, and 1 when the whole sequence overruns its deadline', async () => {
    const exitOn = async (shutdown: Shutdown) => {
      const signals = new EventEmitter();
      const code = new Promise<number>((resolve) => shutdown.listen(resolve, signals));
      signals.emit('SIGTERM');
      return code;
    };
    expect(await exitOn(new Shutdown(quiet, 1000).add('ok', () => {}))).toBe(0);
    expect(await exitOn(new Shutdown(quiet, 1000).add('fails', () => Promise.reject(new Error('x'))))).toBe(1);
    expect(await exitOn(new Shutdown(quiet, 50).add('hangs', () => new Promise(() => {})))).toBe(1);
  });
});
