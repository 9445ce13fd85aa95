import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { EVENT_TYPES } from '../../src/domain/events/event-types.js';

// docs/logs.md lists every event type; EVENT_TYPES is the source. The failure message carries the
// rows to paste, so re-syncing the table after new codes land is a copy.
const DOC = fs.readFileSync('docs/logs.md', 'utf8');
const TABLE = DOC.slice(DOC.indexOf('\n## Event types\n'));

/** The rows of the table under "Event types": code → [description, category]. */
function documentedTypes(): Map<string, [string, string]> {
  const rows = new Map<string, [string, string]>();
  for (const match of TABLE.matchAll(/^\| `([^`]+)` +\| (.+?) +\| `([^`]+)` +\|/gm)) rows.set(match[1], [match[2], match[3]]);
  return rows;
}

/** A table row for `code`, to paste (Gatehouse's own codes are `<noun>_<verb>`; Auth0's with a `_` are `limit_…`). */
const row = (code: string) => {
  const type = EVENT_TYPES[code as keyof typeof EVENT_TYPES];
  return `| \`${code}\` | ${type.description} | \`${type.category}\` | ${code.includes('_') && !code.startsWith('limit_') ? 'Gatehouse' : 'Auth0'} |`;
};

describe('docs/logs.md', () => {
  it('documents every event type of EVENT_TYPES', () => {
    const documented = documentedTypes();
    const missing = Object.keys(EVENT_TYPES).filter((code) => !documented.has(code));
    assert.deepEqual(missing, [], `docs/logs.md lacks these event types; add these rows to its table:\n${missing.map(row).join('\n')}`);
  });

  it('gives each event type the description and category of EVENT_TYPES', () => {
    const documented = documentedTypes();
    const stale = Object.entries(EVENT_TYPES).flatMap(([code, type]) => {
      const found = documented.get(code);
      return found && (found[0] !== type.description || found[1] !== type.category) ? [code] : [];
    });
    assert.deepEqual(
      stale,
      [],
      `docs/logs.md describes these event types differently; the rows should read:\n${stale.map(row).join('\n')}`,
    );
  });

  it('documents no event type that EVENT_TYPES lacks', () => {
    const unknown = [...documentedTypes().keys()].filter((code) => !(code in EVENT_TYPES));
    assert.deepEqual(unknown, [], 'docs/logs.md lists event types Gatehouse does not record');
  });
});
