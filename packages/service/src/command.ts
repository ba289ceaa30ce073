import { type Decision, VersionConflictError, WriteConflict } from '@thuocdo/kit';

type Outcome = Pick<Decision<unknown, unknown>, 'unchanged'>;

/** The caller cancelled or its deadline passed before anything was written; nobody reads the answer. */
export class CallGone extends Error {
  constructor() {
    super('the caller has gone: nothing was written');
    this.name = 'CallGone';
  }
}

export interface CommandSteps<State, D extends Outcome> {
  /** store/: reads what the decision needs. Called again with the conflict after a lost race. */
  load(conflict?: WriteConflict): Promise<State>;
  /** domain/: decides, without I/O. */
  decide(state: State): D;
  /** store/: writes the entity and its events in one transaction; throws WriteConflict on a lost race. */
  save(decision: D): Promise<void>;
  /** The call's cancelled(): nothing is written for a caller that has gone. */
  cancelled?: () => boolean;
}

/**
 * The one way a command runs: load → decide → save. When the save loses a race (a unique key
 * taken, a row changed since it was read), the state is read again and the domain decides
 * once more, so that a concurrent repeat of the same request is answered as a repeat and a
 * real clash gets the domain's own error. A second lost race is ABORTED: retry the call.
 */
export async function execute<State, D extends Outcome>(steps: CommandSteps<State, D>): Promise<D> {
  let conflict: WriteConflict | undefined;
  for (let attempt = 1; ; attempt++) {
    const decision = steps.decide(await steps.load(conflict));
    if (decision.unchanged) return decision;
    if (steps.cancelled?.()) throw new CallGone();
    try {
      await steps.save(decision);
      return decision;
    } catch (err) {
      if (!(err instanceof WriteConflict)) throw err;
      if (attempt >= 2)
        throw new VersionConflictError({
          vi: 'Dữ liệu vừa được người khác thay đổi, vui lòng thử lại',
          en: 'The record was changed concurrently, please retry',
        });
      conflict = err;
    }
  }
}
