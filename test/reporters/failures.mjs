import path from 'node:path';

// test/run.ts runs each file compiled (test/runner/compiled-tree.ts): name the source it came from.
function sourceOf(file) {
  return path
    .relative(process.cwd(), file)
    .replace(/^\.tmp\/test-build\//, '')
    .replace(/\.js$/, '.ts');
}

// A second reporter for test/run.ts: it stays silent while the suite runs, then lists every failed
// test (file, name, first lines of the error) after the last line of TAP, so the end of a long CI log
// says what failed without scrolling back through thousands of lines.
export default async function* failures(source) {
  const failed = [];
  for await (const event of source) {
    if (event.type !== 'test:fail') continue;
    const { name, nesting, file, details } = event.data;
    // A suite fails when one of its tests does; the test itself says more.
    if (details?.type === 'suite') continue;
    const error = details?.error;
    const cause = error?.cause ?? error;
    const message = String(cause?.message ?? cause ?? 'failed')
      .split('\n')
      .slice(0, 12)
      .join('\n      ');
    failed.push(`  ✖ ${file ? sourceOf(file) : '?'}\n    ${'  '.repeat(Math.max(0, nesting - 1))}${name}\n      ${message}`);
  }
  if (failed.length === 0) return;
  yield `\n# ${failed.length} failed:\n${failed.join('\n')}\n`;
}
