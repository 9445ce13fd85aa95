// One rule in one place: the shape of an email address lives in src/domain/users/email-address.ts and
// every surface and service uses it from there. This scans src for another copy of its pattern.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

const SRC = path.resolve('src');
const HOME = path.join('domain', 'users', 'email-address.ts');
/**
 * config/ sits below the domain and imports none of it; its check of GATEHOUSE_ADMIN_EMAIL is the
 * operator's start-up sanity check, not the rule a person's input meets.
 */
const ALLOWED = new Set([HOME, path.join('config', 'config.ts')]);

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return /\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

describe('the email address rule', () => {
  const files = sources(SRC);

  it('is written once, in domain/users/email-address.ts', () => {
    // `[^\s@]+@` as a RegExp literal or as a JSON Schema pattern string (escaped backslash).
    const copy = /\[\^\\{1,2}s@\]\+@/;
    const found = files
      .map((file) => path.relative(SRC, file))
      .filter((file) => !ALLOWED.has(file) && copy.test(fs.readFileSync(path.join(SRC, file), 'utf8')));
    assert.deepEqual(found, [], 'import isEmailAddress / EMAIL_PATTERN from src/domain/users/email-address.ts');
    assert.ok(copy.test(fs.readFileSync(path.join(SRC, HOME), 'utf8')), 'the pattern the scan looks for is the rule itself');
  });
});
