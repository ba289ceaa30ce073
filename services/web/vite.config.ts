import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

/**
 * The web app, built into dist/ (served by the gateway) by `npm run build:web`. In development,
 * `npx vite` serves it with /api and /auth sent to a running gateway (GATEWAY_URL, the local
 * platform's by default).
 */
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    // antd's static stylesheet is one file; the rest is split by page.
    chunkSizeWarningLimit: 1200,
  },
  server: {
    proxy: Object.fromEntries(
      ['/api', '/auth'].map((p) => [p, { target: process.env.GATEWAY_URL ?? 'http://127.0.0.1:8080', changeOrigin: false }]),
    ),
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.tsx', 'src/**/*.test.ts'],
    setupFiles: ['./test/setup.ts'],
    css: false,
    // jsdom renders antd tables slowly on a two-core machine; waits are on conditions, this is only the ceiling.
    testTimeout: 30_000,
  },
});
