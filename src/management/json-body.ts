import type { FastifyInstance } from 'fastify';
import { DomainError } from '../domain/errors.js';

// Fastify's own JSON parser decodes bytes that are not UTF-8 into U+FFFD and carries on, so a
// malformed body would be stored altered; a fatal decoder refuses it instead.
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Replaces this context's application/json parser with one that refuses invalid UTF-8 (400
 * invalid_body) and then parses as Fastify does (prototype and constructor poisoning refused).
 */
export function useStrictJsonParser(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    let text: string;
    try {
      text = UTF8.decode(body as Buffer);
    } catch {
      done(new DomainError('invalid_body', "Payload validation error: 'Invalid UTF-8 in the JSON body'."), undefined);
      return;
    }
    parse(request, text, done);
  });
}
