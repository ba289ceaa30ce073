import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

/** The files of public/ as the site serves them ("/icons/icon-192.png"). */
function publicFiles(dir: string, prefix = '/'): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? publicFiles(file, `${prefix}${name}/`) : [`${prefix}${name}`];
  });
}

/**
 * The service worker (src/service-worker.js) written into the build as sw.js, told this build's
 * version and the files to keep for offline use: every file Vite emitted under assets/ (hashed
 * names) and those of public/. Only in builds: the development server has no service worker.
 */
function serviceWorker(): Plugin {
  const source = path.resolve(import.meta.dirname, 'src/service-worker.js');
  const publicDir = path.resolve(import.meta.dirname, 'public');
  return {
    name: 'thuocdo-service-worker',
    apply: 'build',
    generateBundle(_options, bundle) {
      const files = [
        ...Object.keys(bundle)
          .filter((f) => f.startsWith('assets/'))
          .map((f) => `/${f}`),
        ...publicFiles(publicDir),
      ].sort();
      const code = readFileSync(source, 'utf8');
      const version = createHash('sha256').update(code).update(files.join('\n')).digest('hex').slice(0, 12);
      const built = code.replace("/* version */ 'dev'", JSON.stringify(version)).replace('/* precache */ []', JSON.stringify(files));
      if (built.includes('/* precache */') || built.includes('/* version */'))
        throw new Error('service-worker.js: the marked values were not replaced');
      this.emitFile({ type: 'asset', fileName: 'sw.js', source: built });
    },
  };
}

/**
 * The web app, built into dist/ (served by the gateway) by `npm run build:web`. In development,
 * `npx vite` serves it with /api and /auth sent to a running gateway (GATEWAY_URL, the local
 * platform's by default).
 */
export default defineConfig({
  plugins: [react(), serviceWorker()],
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
