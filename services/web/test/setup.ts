import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterEach, expect } from 'vitest';
import '../src/lib/i18n';

afterEach(() => cleanup());

// Pages are chunks of their own, loaded on first render: on a busy machine that takes more than
// the library's default second, and a test waiting for text would fail for no fault of the app.
configure({ asyncUtilTimeout: 5000 });

// antd reads these browser features; jsdom has none.
Object.defineProperty(window, 'matchMedia', {
  writable: true,
  // A wide screen: every min-width breakpoint holds (the phone layout is tried in Chromium).
  value: (query: string) => ({
    matches: /min-width/.test(query),
    media: query,
    onchange: null,
    addListener: () => {},
    removeListener: () => {},
    addEventListener: () => {},
    removeEventListener: () => {},
    dispatchEvent: () => false,
  }),
});
window.ResizeObserver ??= class {
  observe() {}
  unobserve() {}
  disconnect() {}
} as unknown as typeof ResizeObserver;

// A deprecated or misused component prop fails the test that used it, instead of scrolling by.
const misuse: string[] = [];
for (const level of ['warn', 'error'] as const) {
  const original = console[level];
  console[level] = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && args[0].startsWith('Warning: [antd')) misuse.push(args[0]);
    original(...args);
  };
}
afterEach(() => {
  const found = misuse.splice(0);
  expect(found).toEqual([]);
});

// jsdom computes no pseudo-element styles (and says so on every table); antd only measures with them.
const computedStyle = window.getComputedStyle.bind(window);
window.getComputedStyle = (element: Element) => computedStyle(element);
// Nor canvases: ECharts measures text with one and falls back to estimates without it.
HTMLCanvasElement.prototype.getContext = (() => null) as typeof HTMLCanvasElement.prototype.getContext;
