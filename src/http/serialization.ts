import fastJsonStringify from 'fast-json-stringify';
import { deferCompilation } from './deferred-compilation.js';

type Serializer = (data: unknown) => string;
type SerializerFactory = (externalSchemas: Record<string, unknown>, options?: object) => (route: { schema: object }) => Serializer;

// The response serializers, compiled once per process for each schema (with the shared schemas it
// may reference and the options): compiling them is about a third of building an app. One app per
// process in production; a process that builds several (the test suite) compiles each schema once.
const compiled = new Map<string, Serializer>();

/**
 * Fastify's serializer factory: as its default (@fastify/fast-json-stringify-compiler), with the
 * compiled serializers kept by what they are compiled from. Keyed by the JSON text, since each app
 * builds its own schema objects: a serializer depends on nothing else.
 */
export const buildSerializer: SerializerFactory = (externalSchemas, options = {}) => {
  let shared: string | undefined;
  // Compiled when the route first answers with that status, not when it is registered: see
  // refusingNul in validation.ts for why.
  return ({ schema }) => {
    const serializer = deferCompilation(() => serializerFor(schema));
    return (data) => serializer()(data);
  };

  function serializerFor(schema: object): Serializer {
    shared ??= JSON.stringify([externalSchemas, options]);
    const key = `${shared}\n${JSON.stringify(schema)}`;
    let serializer = compiled.get(key);
    if (!serializer) {
      // As Fastify's default: a route schema that is itself a shared one is not passed twice.
      const $id = (schema as { $id?: string }).$id;
      let schemas = externalSchemas;
      if ($id && schemas?.[$id]) {
        schemas = { ...schemas };
        delete schemas[$id];
      }
      serializer = fastJsonStringify(schema, { ...options, schema: schemas as never }) as Serializer;
      compiled.set(key, serializer);
    }
    return serializer;
  }
};
