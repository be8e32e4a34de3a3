/// <reference types="vitest/config" />
import { mkdir, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';

import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const outDir = resolve(import.meta.dirname, 'dist');

/**
 * dist/ is committed as an empty folder (holding .gitkeep) so the Go server
 * can embed it before the Admin Portal is built. emptyOutDir removes the
 * marker, so it is written back once the bundle is on disk.
 */
function keepDistMarker(): Plugin {
  return {
    name: 'portico:keep-dist-marker',
    apply: 'build',
    async closeBundle() {
      await mkdir(outDir, { recursive: true });
      await writeFile(resolve(outDir, '.gitkeep'), '');
    },
  };
}

/** Where `npm run dev` forwards API calls: the Go server started with `make run`. */
const apiOrigin = process.env.PORTICO_DEV_API ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react(), keepDistMarker()],
  build: {
    outDir,
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy: {
      '/auth': { target: apiOrigin, changeOrigin: false },
      '/graphql': { target: apiOrigin, changeOrigin: false },
    },
  },
  test: {
    environment: 'jsdom',
    globals: true,
    setupFiles: ['./src/test/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    css: false,
    restoreMocks: true,
    // Several user-event steps on a loaded two-core machine can exceed the 5 s default.
    testTimeout: 20_000,
  },
});
