import type { Principal } from './auth';
import type { DirectoryView } from './directory';
import type { Action, Scope } from './policy';

/**
 * Who acts, what they may reach, and the clock and id source of the call: everything a domain
 * decision needs from outside, so that decisions are plain functions (same input, same result).
 */
export interface Actor {
  principal: Principal;
  /** What the call does (its RPC's action): audit records name it. */
  action: Action;
  /** The scope the RPC's action grants this caller (packages/kit policy.ts). */
  scope: Scope;
  /** The org directory the scope was worked out from, to check records against it. */
  directory: DirectoryView;
  now: Date;
  /** now's calendar date in Asia/Ho_Chi_Minh. */
  today: string;
  /** A new UUIDv7. */
  newId(): string;
}

/** What a command's decision returns: the entity as it is after the change, and the events to publish. */
export interface Decision<Entity, Event> {
  entity: Entity;
  events: Event[];
  /**
   * True when the request repeats one already applied (a retry with the same request id, or the
   * same caller-chosen id and content): nothing is written and `entity` is the stored one.
   */
  unchanged?: boolean;
}

/** The answer to a repeated request: the stored entity, nothing to write. */
export const unchanged = <Entity>(entity: Entity): Decision<Entity, never> => ({ entity, events: [], unchanged: true });
