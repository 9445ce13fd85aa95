import { invalidInput } from '../errors.js';

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);

type Phase = 'start' | 'element-or-end' | 'element' | 'comma-or-end' | 'end';

/**
 * The elements of a JSON array read from a byte stream, each yielded as its own JSON text as soon as
 * it ends, so a users file of any size is read holding one row at a time. Each element is parsed
 * (JSON.parse is the validator), which also refuses what the scan lets through, such as `tru`.
 * An element longer than `maxRowChars` is refused rather than held: memory stays bounded.
 */
export async function* jsonArrayRows(source: AsyncIterable<Uint8Array>, maxRowChars: number): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let phase = 'start' as Phase;
  let first = true;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let parts: string[] = [];
  let partsLength = 0;
  let index = 0;

  const malformed = (): never => invalidInput('users', 'The users file is not valid JSON');
  const finish = (text: string): string => {
    if (text.length > maxRowChars) tooLong();
    try {
      JSON.parse(text);
    } catch {
      invalidInput('users', `The users file is not valid JSON (row ${index})`);
    }
    index += 1;
    return text;
  };
  /** The element held so far plus `piece[start, end)`; the holding starts afresh. */
  const cut = (piece: string, start: number, end: number): string => {
    const text = parts.join('') + piece.slice(start, end);
    parts = [];
    partsLength = 0;
    return text;
  };
  const tooLong = (): never =>
    invalidInput('users', `Row ${index} of the users file is longer than ${maxRowChars} characters`, { limit: maxRowChars });

  async function* pieces(): AsyncGenerator<string> {
    try {
      for await (const bytes of source) yield decoder.decode(bytes, { stream: true });
      yield decoder.decode();
    } catch (error) {
      if (error instanceof TypeError) invalidInput('users', 'The users file is not UTF-8');
      throw error;
    }
  }

  for await (const piece of pieces()) {
    let start = 0;
    for (let i = 0; i < piece.length; i++) {
      const c = piece[i];
      if (phase === 'element') {
        if (inString) {
          if (escaped) escaped = false;
          else if (c === '\\') escaped = true;
          else if (c === '"') {
            inString = false;
            if (depth === 0) {
              // A string element ends at its closing quote.
              const text = cut(piece, start, i + 1);
              phase = 'comma-or-end';
              yield finish(text);
            }
          }
          continue;
        }
        if (c === '"') inString = true;
        else if (c === '{' || c === '[') depth += 1;
        else if (c === '}' || c === ']') {
          if (depth === 0) {
            // The array's own `]` after a number, true, false or null.
            if (c === '}') malformed();
            const text = cut(piece, start, i);
            phase = 'end';
            yield finish(text);
            continue;
          }
          depth -= 1;
          if (depth === 0) {
            const text = cut(piece, start, i + 1);
            phase = 'comma-or-end';
            yield finish(text);
          }
        } else if (depth === 0 && (c === ',' || WHITESPACE.has(c))) {
          const text = cut(piece, start, i);
          phase = c === ',' ? 'element-or-end' : 'comma-or-end';
          first = false;
          yield finish(text);
        }
        continue;
      }
      if (WHITESPACE.has(c)) continue;
      if (phase === 'start') {
        if (c !== '[') invalidInput('users', 'The users file must be a JSON array of users');
        phase = 'element-or-end';
      } else if (phase === 'element-or-end') {
        if (c === ']' && first) phase = 'end';
        else if (c === ']' || c === ',') malformed();
        else {
          phase = 'element';
          start = i;
          i -= 1;
        }
      } else if (phase === 'comma-or-end') {
        if (c === ',') {
          phase = 'element-or-end';
          first = false;
        } else if (c === ']') phase = 'end';
        else malformed();
      } else malformed();
    }
    if (phase === 'element') {
      partsLength += piece.length - start;
      if (partsLength > maxRowChars) tooLong();
      parts.push(piece.slice(start));
    }
  }
  if (phase === 'start') invalidInput('users', 'The users file must be a JSON array of users');
  if (phase !== 'end') malformed();
}
