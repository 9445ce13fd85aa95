import type { ErrorObject } from 'ajv';

// The wording of a refused request part (Auth0's), shared by every surface that renders validation
// errors; the validators themselves are http/validation.ts.

/** The format of callback and logout URLs: a `uri` in which Auth0's placeholder may stand for a host label. */
export const CALLBACK_URL_FORMAT = 'callback-url';

/** The keyword of the error a NUL character gives (see nul-character.ts). */
export const NUL_KEYWORD = 'nulCharacter';

/** The part of a request a validation error is about. */
export type RequestPart = 'body' | 'querystring' | 'params' | 'headers';

const PART_LABEL: Record<RequestPart, string> = {
  body: 'Payload validation error',
  querystring: 'Query validation error',
  params: 'Path validation error',
  headers: 'Headers validation error',
};

/** Auth0's sentence for a refused part of a request: `Payload validation error: '<rule>' on property <property>.` */
export function validationMessage(part: RequestPart, rule: string, property?: string): string {
  return `${PART_LABEL[part]}: '${rule}'${property ? ` on property ${property}` : ''}.`;
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
