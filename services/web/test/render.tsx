import { render, within } from '@testing-library/react';
import { createMemoryRouter } from 'react-router';
import { vi } from 'vitest';
import { App, newQueryClient } from '../src/app/App';
import { routes } from '../src/app/router';

/** A request the app made to the fake gateway. */
export interface Call {
  method: string;
  path: string;
  query: URLSearchParams;
  body: Record<string, unknown> | undefined;
  headers: Record<string, string>;
}

type Answer = unknown | { status: number; body: unknown };
/** Routes of the fake gateway: "GET /api/v1/units/{id}" → the JSON answer (or a status and body). */
export type Handlers = Record<string, (call: Call & { params: Record<string, string> }) => Answer>;

export const reply = (status: number, body: unknown) => ({ status, body, __reply: true });
const isReply = (a: unknown): a is { status: number; body: unknown } => typeof a === 'object' && a !== null && '__reply' in a;

/**
 * Replaces fetch with a gateway answering from `handlers`; unknown routes get 404. The browser's
 * side of the app is what is tested here: the real gateway is in the Chromium tests.
 */
export function fakeGateway(handlers: Handlers): Call[] {
  const calls: Call[] = [];
  const routes = Object.entries(handlers).map(([key, fn]) => {
    const [method, template] = key.split(' ') as [string, string];
    const names: string[] = [];
    const pattern = new RegExp(
      `^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{([a-z_]+)\}/g, (_, n: string) => {
        names.push(n);
        return '([^/:]+)';
      })}$`,
    );
    return { method, pattern, names, fn };
  });
  vi.stubGlobal('fetch', async (input: string, init: RequestInit = {}) => {
    const url = new URL(input, 'http://localhost');
    const method = init.method ?? 'GET';
    const call: Call = {
      method,
      path: url.pathname,
      query: url.searchParams,
      body: init.body ? JSON.parse(String(init.body)) : undefined,
      headers: (init.headers ?? {}) as Record<string, string>,
    };
    calls.push(call);
    for (const r of routes) {
      const m = r.method === method ? r.pattern.exec(url.pathname) : null;
      if (!m) continue;
      const params = Object.fromEntries(r.names.map((n, i) => [n, decodeURIComponent(m[i + 1]!)]));
      const answer = r.fn({ ...call, params });
      const [status, body] = isReply(answer) ? [answer.status, answer.body] : [200, answer];
      return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
    }
    return new Response(JSON.stringify({ error: { code: 'NOT_FOUND', message: { vi: 'Không có', en: 'None' } } }), { status: 404 });
  });
  return calls;
}

/** The signed-in person most tests use: an HR administrator of one agency. */
export const session = (over: Partial<Record<string, unknown>> = {}) => ({
  name: 'Nguyễn Thị Hoa',
  subject: 'hoa',
  tenant: 'tinh-demo',
  official_id: 'o-hoa',
  roles: [],
  csrf_token: 'csrf-1',
  signed_in_at: '2026-12-01T01:30:00Z',
  ...over,
});

/** The whole app at a path, as the browser would show it. */
export function renderApp(path: string) {
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  return { router, ...render(<App router={router} queryClient={newQueryClient()} />) };
}

/** A table's body rows as the texts of their cells. */
export function tableRows(table: HTMLElement): (string | null)[][] {
  return within(table)
    .getAllByRole('row')
    .slice(1)
    .map((r) =>
      within(r)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    );
}
