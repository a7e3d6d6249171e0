// The admin SPA: built to dist/app/, served by the admin plugin at /app (client routing below it).
// `npm run dev -w @comptoir/admin` serves it with the API proxied to a store on :9000.
import { defineConfig } from 'vite'
import react from '@vitejs/plugin-react'

const store = process.env.COMPTOIR_STORE_URL ?? 'http://127.0.0.1:9000'

export default defineConfig({
  root: import.meta.dirname,
  base: '/app/',
  plugins: [react()],
  // The workspace root holds React 18 (a dependency of a docs tool): react-router must get the app's React 19.
  resolve: { dedupe: ['react', 'react-dom'] },
  // Chunks and their preloads load relative to the importing chunk, so the app works under any
  // mount path (index.html's /app/ links are rewritten by the server for another path).
  experimental: { renderBuiltUrl: (_file, { hostType }) => hostType === 'js' ? { relative: true } : undefined },
  build: {
    outDir: 'dist/app',
    emptyOutDir: true,
    target: 'es2022',
    reportCompressedSize: false,
  },
  server: {
    proxy: { '/admin': store, '/store': store, '/app/plugins': store },
  },
})
