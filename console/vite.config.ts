import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// `npm run dev -w console` serves the console with hot reload; the API is the Perk server's.
const perk = process.env.PERK_URL ?? 'http://localhost:8080';

export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1500 },
  server: { proxy: { '/v1': perk, '/docs': perk } },
});
