import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

// The chat widget: one self-contained script (IIFE), built to web/dist-widget/widget.js and
// served at /widget.js (outside web/dist, which the app's static files own).
export default defineConfig({
  build: {
    outDir: fileURLToPath(new URL('../dist-widget', import.meta.url)),
    emptyOutDir: true,
    lib: { entry: fileURLToPath(new URL('./widget.ts', import.meta.url)), formats: ['iife'], name: 'RapportChat', fileName: () => 'widget.js' },
    minify: true,
    target: 'es2019',
  },
});
