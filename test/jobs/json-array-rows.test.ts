import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DomainError } from '../../src/domain/errors.js';
import { jsonArrayRows } from '../../src/domain/jobs/json-array-rows.js';

/** The file cut into pieces of `size` bytes, as a network stream delivers it (mid-character too). */
async function* pieces(text: string, size: number): AsyncGenerator<Uint8Array> {
  const bytes = Buffer.from(text);
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

async function rows(text: string, size = 3, maxRowChars = 10_000): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const row of jsonArrayRows(pieces(text, size), maxRowChars)) out.push(JSON.parse(row));
  return out;
}

async function refusal(text: string, size = 3, maxRowChars = 10_000): Promise<string> {
  try {
    await rows(text, size, maxRowChars);
  } catch (error) {
    assert.ok(error instanceof DomainError, String(error));
    return error.message;
  }
  assert.fail(`accepted ${JSON.stringify(text)}`);
}

describe('the users file read as a stream of rows', () => {
  it('yields each element as the JSON it was, whatever the cuts between pieces', async () => {
    const file = [
      { email: 'a@x.example', name: 'Zoë "Z" [ł]', user_metadata: { tags: ['x', '}', '\\'] } },
      'plain string with , and ]',
      42,
      true,
      null,
      [1, [2, { three: 3 }]],
    ];
    for (const size of [1, 2, 3, 7, 1000]) assert.deepEqual(await rows(JSON.stringify(file, null, 1), size), file, `pieces of ${size}`);
    assert.deepEqual(await rows(' [ 1 , 2 ] \n'), [1, 2]);
    assert.deepEqual(await rows('[]'), []);
  });

  it('refuses what is not one JSON array, naming the field and the row', async () => {
    assert.match(await refusal('{"email":"a@x.example"}'), /must be a JSON array/);
    assert.match(await refusal(''), /must be a JSON array/);
    assert.match(await refusal('[{"a":1},]'), /not valid JSON/);
    assert.match(await refusal('[{"a":1} {"b":2}]'), /not valid JSON/);
    assert.match(await refusal('[{"a":1}] x'), /not valid JSON/);
    assert.match(await refusal('[{"a":1}'), /not valid JSON/);
    assert.match(await refusal('[{"a":1}, tru]'), /not valid JSON \(row 1\)/);
    assert.match(await refusal('[1}'), /not valid JSON/);
    const latin1 = Buffer.from('["caf\xe9"]', 'latin1');
    await assert.rejects(async () => {
      for await (const _ of jsonArrayRows(once(latin1), 100));
    }, /not UTF-8/);
  });

  it('refuses a row longer than the limit instead of holding it', async () => {
    const long = JSON.stringify([{ a: 1 }, { name: 'x'.repeat(500) }]);
    assert.match(await refusal(long, 16, 100), /Row 1 of the users file is longer than 100 characters/);
    assert.match(await refusal(long, 10_000, 100), /Row 1/);
  });
});
