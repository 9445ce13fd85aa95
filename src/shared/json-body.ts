import type { FastifyInstance } from 'fastify';
import { validationMessage } from './validation-errors.js';

// Fastify's own JSON parser decodes bytes that are not UTF-8 into U+FFFD and carries on, so a
// malformed body would be stored altered; a fatal decoder refuses it instead.
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** What a surface says about a JSON body that is not UTF-8 (Auth0's wording). */
export const INVALID_UTF8_MESSAGE = validationMessage('body', 'Invalid UTF-8 in the JSON body');

/**
 * Replaces this context's application/json parser with one that refuses invalid UTF-8 with the
 * error `invalidUtf8` makes (each surface its own error model; this part imports none) and then
 * parses as Fastify does (prototype and constructor poisoning refused).
 */
export function useStrictJsonParser(app: FastifyInstance, invalidUtf8: () => Error): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    let text: string;
    try {
      text = UTF8.decode(body as Buffer);
    } catch {
      done(invalidUtf8(), undefined);
      return;
    }
    parse(request, text, done);
  });
}
