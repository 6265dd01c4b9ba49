/**
 * Vite build of the admin UI. `npm run dev` proxies the API to a server on :3000; the built `dist`
 * is served by the server itself at /.
 *
 * Plugins' admin pages come from the admin's registry (src/modules.ts): each one a lazy chunk; the
 * server's `system.modules` decides which of them appear.
 */
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

const api = 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 700,
  },
  server: {
    proxy: {
      '/trpc': { target: api, changeOrigin: false },
      '/export': api,
      '/healthz': api,
    },
  },
  test: {
    include: ['src/**/*.spec.ts'],
    environment: 'node',
  },
});
