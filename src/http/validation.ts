import Ajv, { type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';
import { findNulCharacter } from './nul-character.js';

const OPTIONS = { allErrors: false, removeAdditional: false, useDefaults: true, verbose: true, strict: false } as const;

/** The format of callback and logout URLs: a `uri` in which Auth0's placeholder may stand for a host label. */
export const CALLBACK_URL_FORMAT = 'callback-url';

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
  return ({ schema, httpPart }) => refusingNul((httpPart === 'body' ? STRICT : COERCING).compile(schema as object));
}

/** The keyword of the error a NUL character gives (see nul-character.ts). */
export const NUL_KEYWORD = 'nulCharacter';

type AjvValidate = ReturnType<typeof STRICT.compile>;

/**
 * Every validator first refuses U+0000 in any string or property name, whatever its schema says:
 * one check for every route, body, query string and path parameter.
 */
function refusingNul(validate: AjvValidate): ReturnType<FastifySchemaCompiler<unknown>> {
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
    const valid = validate(data, context as never);
    wrapped.errors = validate.errors;
    return valid;
  };
  wrapped.errors = null as ErrorObject[] | null | undefined;
  // Fastify hands Ajv validators (recognized by schemaEnv) the parent object, so defaults can be
  // applied to a root value.
  return Object.assign(wrapped, { schemaEnv: validate.schemaEnv }) as unknown as ReturnType<FastifySchemaCompiler<unknown>>;
}

function describe(data: unknown): string {
  if (data === null) return 'null';
  if (Array.isArray(data)) return 'array';
  if (Number.isInteger(data)) return 'integer';
  return typeof data;
}

/** One Ajv error as Auth0 words it, with the dotted property path. */
export function describeValidationError(error: ErrorObject): { property: string; rule: string } {
  const base = error.instancePath.replace(/^\//, '').split('/').filter(Boolean).join('.');
  const join = (child: string) => (base ? `${base}.${child}` : child);
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return { property: join(String(p.additionalProperty)), rule: `Additional properties not allowed: ${String(p.additionalProperty)}` };
    case 'required':
      return { property: join(String(p.missingProperty)), rule: `Missing required property: ${String(p.missingProperty)}` };
    case 'maxLength':
      return { property: base, rule: `String is too long (${String(error.data).length} chars), maximum ${String(p.limit)}` };
    case 'minLength':
      return { property: base, rule: `String is too short (${String(error.data).length} chars), minimum ${String(p.limit)}` };
    case 'type':
      return { property: base, rule: `Expected type ${String(p.type)} but found type ${describe(error.data)}` };
    case 'pattern':
      return { property: base, rule: `String does not match pattern ${String(p.pattern)}: ${String(error.data)}` };
    case 'enum':
      return { property: base, rule: `No enum match for: ${JSON.stringify(error.data)}` };
    case 'const':
      return { property: base, rule: `Value must be ${JSON.stringify(p.allowedValue)}` };
    case 'maxProperties':
      return { property: base, rule: `Too many properties (${Object.keys(error.data as object).length}), maximum ${String(p.limit)}` };
    case 'maxItems':
      return { property: base, rule: `Array is too long (${(error.data as unknown[]).length}), maximum ${String(p.limit)}` };
    case 'minItems':
      return { property: base, rule: `Array is too short (${(error.data as unknown[]).length}), minimum ${String(p.limit)}` };
    case NUL_KEYWORD:
      return { property: base, rule: p.inPropertyName ? 'Property name contains a NUL character' : 'String contains a NUL character' };
    case 'uniqueItems':
      return { property: base, rule: 'Array items are not unique' };
    case 'format':
      return {
        property: base,
        rule: `Object didn't pass validation for format ${p.format === CALLBACK_URL_FORMAT ? 'uri' : String(p.format)}: ${String(error.data)}`,
      };
    case 'minimum':
    case 'maximum':
      return {
        property: base,
        rule: `Value ${String(error.data)} is ${error.keyword === 'minimum' ? 'less' : 'greater'} than ${error.keyword} ${String(p.limit)}`,
      };
    default:
      return { property: base, rule: error.message ?? 'Invalid value' };
  }
}
