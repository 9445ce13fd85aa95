import type { FastifyInstance } from 'fastify';
import { findNulCharacter } from '../shared/nul-character.js';
import { messagePage } from './views/pages.js';

/**
 * Refuses U+0000 in any form field, query parameter or path segment of the hosted login with a
 * 400 page, before a handler can pass it to the database (PostgreSQL cannot store it in text).
 * A hook, not a schema: the login's forms are read without body schemas.
 */
export function refuseNulCharacters(app: FastifyInstance): void {
  app.addHook('preValidation', async (request, reply) => {
    if (!findNulCharacter(request.body) && !findNulCharacter(request.query) && !findNulCharacter(request.params)) return;
    return reply
      .code(400)
      .type('text/html')
      .send(
        messagePage({
          title: 'This form contains a character that is not allowed',
          message: 'One of the fields contains an invisible control character. Check what you typed and try again.',
          branding: {},
          reference: request.id,
        }),
      );
  });
}
