import { VersionConflictError, WriteConflict } from '@thuocdo/kit';
import { CallGone, execute } from './command';

describe('execute', () => {
  it('loads, decides and saves', async () => {
    const saved: string[] = [];
    const d = await execute({
      load: async () => 'state',
      decide: (s) => ({ entity: `${s}!`, unchanged: false }),
      save: async (x) => void saved.push(x.entity),
    });
    expect(d.entity).toBe('state!');
    expect(saved).toEqual(['state!']);
  });

  it('saves nothing for a repeat', async () => {
    const save = jest.fn();
    await execute({ load: async () => 1, decide: () => ({ unchanged: true }), save });
    expect(save).not.toHaveBeenCalled();
  });

  it('reads again after a lost race and lets the domain decide once more', async () => {
    const loads: (string | undefined)[] = [];
    const d = await execute({
      load: async (conflict) => {
        loads.push(conflict?.constraint);
        return conflict ? 'taken' : 'free';
      },
      decide: (s) => (s === 'taken' ? { unchanged: true, entity: 'first' } : { entity: 'mine', unchanged: false }),
      save: async () => {
        throw new WriteConflict('work_log_entry_request');
      },
    });
    expect(loads).toEqual([undefined, 'work_log_entry_request']);
    expect(d).toEqual({ unchanged: true, entity: 'first' });
  });

  it('gives up with ABORTED after a second lost race, and writes nothing for a caller that has gone', async () => {
    const conflict = async () => {
      throw new WriteConflict('x');
    };
    await expect(execute({ load: async () => 0, decide: () => ({ unchanged: false }), save: conflict })).rejects.toBeInstanceOf(
      VersionConflictError,
    );
    const save = jest.fn();
    await expect(
      execute({ load: async () => 0, decide: () => ({ unchanged: false }), save, cancelled: () => true }),
    ).rejects.toBeInstanceOf(CallGone);
    expect(save).not.toHaveBeenCalled();
  });
});
