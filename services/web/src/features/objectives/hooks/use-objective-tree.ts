import { useCallback, useEffect, useRef, useState } from 'react';
import { getObjective, listObjectives, type Objective, type Period } from '../api/objectives';

/** The objectives of one level of the tree seen so far, and the token of its next page ('' when none). */
interface Level {
  ids: string[];
  next: string;
}

/** The key of the tree's top level (objectives aligned to nothing). */
export const ROOT = '';

/**
 * The alignment tree of a period, loaded level by level as people open it, a page at a time:
 * a province has thousands of objectives and people look at a few branches. Objectives are kept
 * by id, so a refreshed one (after a check-in) shows everywhere at once.
 */
export function useObjectiveTree(period: Period) {
  const [objectives, setObjectives] = useState<Record<string, Objective>>({});
  const [levels, setLevels] = useState<Record<string, Level>>({});
  const [error, setError] = useState<unknown>();
  const [attempt, setAttempt] = useState(0);
  // Answers for a period no longer shown are dropped.
  const generation = useRef(0);
  const periodKey = `${period.year}-${period.quarter}`;

  const remember = (found: Objective[]) => setObjectives((o) => ({ ...o, ...Object.fromEntries(found.map((x) => [x.id, x])) }));

  /** Loads a level's first page (no token) or its next one; rejects on failure. */
  const loadLevel = useCallback(
    async (parent: string, token = '') => {
      const mine = generation.current;
      const page = await listObjectives(period, parent, token);
      if (mine !== generation.current) return;
      remember(page.objectives);
      setLevels((l) => ({
        ...l,
        [parent]: { ids: [...(token ? (l[parent]?.ids ?? []) : []), ...page.objectives.map((o) => o.id)], next: page.next_page_token },
      }));
    },
    [periodKey],
  );

  useEffect(() => {
    generation.current += 1;
    setObjectives({});
    setLevels({});
    setError(undefined);
    loadLevel(ROOT).catch(setError);
  }, [loadLevel, attempt]);

  /** An objective and every one above it, read again: their stored progress rolls up from a check-in. */
  const refreshUpward = useCallback(
    async (changed: Objective) => {
      remember([changed]);
      const above: string[] = [];
      for (let id = changed.parent_id; id && objectives[id]; id = objectives[id]!.parent_id) above.push(id);
      const fresh = await Promise.all(above.map((id) => getObjective(id).then((a) => a.objective)));
      remember(fresh);
    },
    [objectives],
  );

  return {
    objectives,
    levels,
    error,
    loaded: ROOT in levels,
    loadLevel,
    refreshUpward,
    retry: () => setAttempt((a) => a + 1),
  };
}
