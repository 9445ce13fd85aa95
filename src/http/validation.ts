import { deferCompilation } from './deferred-compilation.js';
import Ajv, { type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';
import { findNulCharacter } from '../shared/nul-character.js';
import { CALLBACK_URL_FORMAT, NUL_KEYWORD } from '../shared/validation-errors.js';

const OPTIONS = { allErrors: false, removeAdditional: false, useDefaults: true, verbose: true, strict: false } as const;

function ajvWith(coerceTypes: false | 'array') {
  const ajv = addFormats.default(new Ajv.default({ ...OPTIONS, coerceTypes }));
  const uri = ajv.formats.uri as ((value: string) => boolean) | RegExp;
  const isUri = (value: string) => (typeof uri === 'function' ? uri(value) : uri.test(value));
  // Where the placeholder may stand is the domain's rule (domain/clients/organization-urls.ts).
  ajv.addFormat(CALLBACK_URL_FORMAT, (value: string) => isUri(value.replaceAll('{organization_name}', 'organization-name')));
  return ajv;
}

// One pair of Ajv instances for the process: schemas are module constants, so Ajv's compile cache
// serves every app and plugin that uses them (a fresh pair per plugin cost seconds at start-up).
const STRICT = ajvWith(false);
const COERCING = ajvWith('array');

/** Shared schemas are registered once by `$id`; every `$id` names one schema in this codebase. */
function register(schemas: Record<string, unknown>): void {
  for (const schema of Object.values(schemas) as { $id?: string }[]) {
    if (!schema.$id || STRICT.schemas[schema.$id] !== undefined) continue;
    STRICT.addSchema(schema);
    COERCING.addSchema(schema);
  }
}

/**
 * Fastify's validator factory. Bodies are validated strictly (no coercion, no silent removal of
 * unknown fields); query strings and path parameters arrive as text and are coerced. Installed as
 * a factory, not with setValidatorCompiler, because a plugin that adds a shared schema gets a fresh
 * compiler from the factory — and Fastify's default one drops unknown fields instead of refusing them.
 */
export function buildValidator(externalSchemas: Record<string, unknown>): FastifySchemaCompiler<unknown> {
  register(externalSchemas);
  return ({ schema, httpPart }) => refusingNul(() => compiled(httpPart === 'body' ? STRICT : COERCING, schema as object));
}

type AjvValidate = ReturnType<typeof STRICT.compile>;

// Ajv's own cache knows a schema by its object, and each app builds its route schemas anew: this
// one knows them by their JSON text, so a process that builds several apps (the test suite)
// compiles each schema once. Shared schemas are the process's own (`register`), so the text of a
// route's schema is all its validator depends on.
const validators = new Map<Ajv.default, Map<string, AjvValidate>>([
  [STRICT, new Map()],
  [COERCING, new Map()],
]);

function compiled(ajv: Ajv.default, schema: object): AjvValidate {
  const cache = validators.get(ajv)!;
  const key = JSON.stringify(schema);
  let validate = cache.get(key);
  if (!validate) {
    validate = ajv.compile(schema);
    cache.set(key, validate);
  }
  return validate;
}

/**
 * Every validator first refuses U+0000 in any string or property name, whatever its schema says:
 * one check for every route, body, query string and path parameter.
 *
 * The schema is compiled when the route first validates, not when it is registered: compiling
 * every route's schemas was about a sixth of start-up, most of it for routes a process may never
 * serve (each test process serves a few of them; each `gatehouse start` worker pays it too).
 */
function refusingNul(compile: () => AjvValidate): ReturnType<FastifySchemaCompiler<unknown>> {
  const compiledValidator = deferCompilation(compile);
  const wrapped = (data: unknown, context?: unknown) => {
    const nul = findNulCharacter(data);
    if (nul) {
      wrapped.errors = [
        {
          keyword: NUL_KEYWORD,
          instancePath: nul.instancePath,
          schemaPath: '#',
          data,
          params: { inPropertyName: nul.inPropertyName },
          message: 'String contains a NUL character',
        } satisfies ErrorObject,
      ];
      return false;
    }
    const validate = compiledValidator();
    const valid = validate(data, context as never);
    wrapped.errors = validate.errors;
    return valid;
  };
  wrapped.errors = null as ErrorObject[] | null | undefined;
  // Fastify hands Ajv validators (recognized by a schemaEnv, which every one has) the parent
  // object, so defaults can be applied to a root value: marked so before it is compiled.
  return Object.assign(wrapped, { schemaEnv: true }) as unknown as ReturnType<FastifySchemaCompiler<unknown>>;
}
