import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const ROOT = path.dirname(fileURLToPath(import.meta.url));
/** Issue 6: the first screen must load under 250 kB of JavaScript, gzipped. */
const FIRST_SCREEN_BUDGET = 250 * 1024;
/** The screen an administrator lands on after signing in. */
const FIRST_ROUTE = '/src/screens/activity/ActivityScreen.tsx';
/** The organization-admin portal: a second page of the same build, not part of the console's first screen. */
const PORTAL_PAGE = '/portal/index.html';
/** The self-service account page: a third page of the build, not part of the console's first screen either. */
const ACCOUNT_PAGE = '/account/index.html';

/**
 * Measures what the first screen loads: the entry chunk, every chunk it imports statically, and the
 * lazily loaded chunk of the first route. Printed, written to dist/bundle-report.json (a test holds
 * it to the budget), and the build fails when the budget is exceeded.
 */
function bundleReport(): Plugin {
  return {
    name: 'gatehouse-bundle-report',
    apply: 'build',
    writeBundle(options, bundle) {
      const chunks = Object.values(bundle).flatMap((c) => (c.type === 'chunk' ? [c] : []));
      const byFile = new Map(chunks.map((c) => [c.fileName, c]));
      const gzip = new Map(chunks.map((c) => [c.fileName, gzipSync(c.code, { level: 9 }).length]));
      const firstScreen = new Set<string>();
      const visit = (file: string) => {
        if (firstScreen.has(file)) return;
        firstScreen.add(file);
        for (const imported of byFile.get(file)?.imports ?? []) visit(imported);
      };
      for (const chunk of chunks) {
        const facade = chunk.facadeModuleId?.replaceAll('\\', '/');
        const otherPage = facade?.endsWith(PORTAL_PAGE) || facade?.endsWith(ACCOUNT_PAGE);
        if ((chunk.isEntry && !otherPage) || facade?.endsWith(FIRST_ROUTE)) visit(chunk.fileName);
      }
      const firstScreenGzipBytes = [...firstScreen].reduce((sum, f) => sum + (gzip.get(f) ?? 0), 0);
      const report = {
        firstScreenGzipBytes,
        budgetGzipBytes: FIRST_SCREEN_BUDGET,
        firstScreenChunks: [...firstScreen].sort(),
        chunks: chunks.map((c) => ({ file: c.fileName, gzipBytes: gzip.get(c.fileName) ?? 0 })).sort((a, b) => b.gzipBytes - a.gzipBytes),
      };
      fs.writeFileSync(path.join(options.dir ?? path.join(ROOT, 'dist'), 'bundle-report.json'), `${JSON.stringify(report, null, 2)}\n`);
      const kb = (n: number) => `${(n / 1024).toFixed(1)} kB`;
      this.info(
        `first screen: ${kb(firstScreenGzipBytes)} of JavaScript (gzip) in ${firstScreen.size} chunks, ${chunks.length} chunks in all; budget ${kb(FIRST_SCREEN_BUDGET)}`,
      );
      if (firstScreenGzipBytes > FIRST_SCREEN_BUDGET)
        this.error(`the first screen loads ${kb(firstScreenGzipBytes)} of JavaScript (gzip), over the ${kb(FIRST_SCREEN_BUDGET)} budget`);
    },
  };
}

export default defineConfig({
  root: ROOT,
  base: '/console/',
  plugins: [react(), bundleReport()],
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: false,
    rollupOptions: {
      input: {
        console: path.join(ROOT, 'index.html'),
        portal: path.join(ROOT, 'portal/index.html'),
        account: path.join(ROOT, 'account/index.html'),
      },
    },
  },
  server: { fs: { allow: [path.resolve(ROOT, '..')] } },
});
