import { useCallback, useState } from 'react';

/**
 * Page tokens for a list the server pages by cursor (page_token → next_page_token): the tokens of
 * the pages already seen, so the person can go back as well as forward. Starts over when `key`
 * (the filters) changes.
 */
export function useCursorPages(key: string) {
  const [state, setState] = useState<{ key: string; tokens: string[] }>({ key, tokens: [''] });
  const tokens = state.key === key ? state.tokens : [''];
  const index = tokens.length - 1;
  const next = useCallback((token: string) => setState((s) => ({ key, tokens: [...(s.key === key ? s.tokens : ['']), token] })), [key]);
  const previous = useCallback(
    () => setState((s) => ({ key, tokens: s.key === key && s.tokens.length > 1 ? s.tokens.slice(0, -1) : [''] })),
    [key],
  );
  return { token: tokens[index] ?? '', page: index + 1, next, previous };
}
