import { type ScimPatchOperation, scimPatch, ScimError } from 'scim-patch';
import type { ScimResource } from '../domain/scim/index.js';
import { ScimProtocolError } from './scim-errors.js';

export const PATCH_OP_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

const OPS = new Set(['add', 'replace', 'remove']);

/** The PatchOp body's operations, checked for what scim-patch cannot say itself (RFC 7644 §3.5.2). */
export function operationsOf(body: unknown): ScimPatchOperation[] {
  const operations = (body as { Operations?: unknown } | null)?.Operations;
  if (!Array.isArray(operations)) throw new ScimProtocolError('invalidSyntax', 'Operations: Required: an array of PATCH operations.');
  operations.forEach((operation, index) => {
    const op = (operation as { op?: unknown } | null)?.op;
    // Entra ID capitalises the op (`Replace`): ops are case-insensitive.
    if (typeof op !== 'string' || !OPS.has(op.toLowerCase())) {
      throw new ScimProtocolError('invalidSyntax', `Operations[${index}].op: Must be add, replace or remove.`);
    }
  });
  return operations.map((operation: { op: string }) => ({ ...operation, op: operation.op.toLowerCase() }) as ScimPatchOperation);
}

/** The resource after the operations, applied by scim-patch; an empty list changes nothing. */
export function applyPatch(resource: ScimResource, operations: ScimPatchOperation[]): ScimResource {
  if (operations.length === 0) return resource;
  // scim-patch wants the resource's server fields; they are dropped again by the domain.
  const document = { schemas: [], meta: { created: new Date(0), lastModified: new Date(0) }, ...resource };
  try {
    const { meta: _meta, ...patched } = scimPatch(document, operations, { mutateDocument: false, treatMissingAsAdd: true });
    return patched as ScimResource;
  } catch (error) {
    if (error instanceof ScimError) {
      const known = ['noTarget', 'invalidPath', 'invalidSyntax'] as const;
      const scimType = known.find((type) => type === error.scimCode) ?? 'invalidValue';
      throw new ScimProtocolError(scimType, error.message);
    }
    throw error;
  }
}
