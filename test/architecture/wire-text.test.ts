// "Wire text stays on the wire": the domain throws structured errors (a code, plain prose and, for a
// refused input, its field and rule); the wording of a wire format is its renderer's. This scans
// src/domain for Auth0's framings, which only src/management and src/authentication may write.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

const DOMAIN = path.resolve('src/domain');

/** Auth0's Management API framings of a refused request (render-error.ts words them from the detail). */
const WIRE_TEXT = ['Payload validation error', 'Query validation error'];

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return /\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

describe('wire text stays on the wire', () => {
  const files = sources(DOMAIN);

  it("keeps Auth0's validation framing out of src/domain", () => {
    const found = files.flatMap((file) => {
      const text = fs.readFileSync(file, 'utf8');
      return WIRE_TEXT.filter((phrase) => text.includes(phrase)).map((phrase) => `${path.relative(DOMAIN, file)}: "${phrase}"`);
    });
    assert.deepEqual(found, [], 'throw invalidInput/invalidQuery (src/domain/errors.ts) and let the renderer word it');
  });

  it('scans the domain (the check is not empty)', () => {
    assert.ok(files.length > 50, `only ${files.length} files found`);
    assert.ok(files.some((f) => f.endsWith(path.join('domain', 'errors.ts'))));
  });
});
