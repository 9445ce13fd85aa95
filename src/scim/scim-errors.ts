import type { FastifyReply } from 'fastify';
import { DomainError, type ErrorCode } from '../domain/errors.js';

/** RFC 7644 §3.12's error schema. */
export const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';

export interface ScimErrorBody {
  schemas: string[];
  /** A string, as RFC 7644 §3.12 writes it. */
  status: string;
  scimType?: string;
  detail: string;
}

/** The scimType (RFC 7644 Table 9) of a domain error, where one applies. */
const SCIM_TYPES: Partial<Record<ErrorCode, string>> = {
  invalid_body: 'invalidValue',
  invalid_query_string: 'invalidFilter',
  user_conflict: 'uniqueness',
  group_conflict: 'uniqueness',
  scim_invalid_path: 'invalidPath',
};

function body(status: number, detail: string, scimType?: string): ScimErrorBody {
  return { schemas: [ERROR_SCHEMA], status: String(status), ...(scimType ? { scimType } : {}), detail };
}

/** A refused input names its attribute and rule; a 5xx says nothing of its cause. */
export function toScimError(error: unknown): ScimErrorBody {
  if (error instanceof ScimProtocolError) return body(error.status, error.message, error.scimType);
  if (error instanceof DomainError) {
    if (!error.expose) return body(error.status, 'Internal server error.');
    const detail = error.detail ? `${error.detail.field}: ${error.detail.rule}.` : error.message;
    return body(error.status, detail, SCIM_TYPES[error.code]);
  }
  const fastify = error as { statusCode?: number; validation?: unknown; message?: string; code?: string };
  if (fastify.validation) return body(400, fastify.message ?? 'Invalid request.', 'invalidSyntax');
  if (fastify.statusCode === 415) return body(415, 'Send application/scim+json or application/json.');
  if (fastify.statusCode && fastify.statusCode >= 400 && fastify.statusCode < 500) {
    return body(fastify.statusCode, fastify.message ?? 'Invalid request.', fastify.statusCode === 400 ? 'invalidSyntax' : undefined);
  }
  return body(500, 'Internal server error.');
}

export const SCIM_CONTENT_TYPE = 'application/scim+json; charset=utf-8';

export function sendScim(reply: FastifyReply, status: number, payload: unknown): FastifyReply {
  return reply.code(status).type(SCIM_CONTENT_TYPE).send(JSON.stringify(payload));
}

export function sendScimError(reply: FastifyReply, error: ScimErrorBody): FastifyReply {
  if (error.status === '401') reply.header('WWW-Authenticate', 'Bearer realm="SCIM"');
  return sendScim(reply, Number(error.status), error);
}

/** A request that breaks the SCIM protocol itself (a bad filter, an unknown PATCH op): 400 with its scimType. */
export class ScimProtocolError extends Error {
  constructor(
    readonly scimType: 'invalidFilter' | 'invalidSyntax' | 'invalidPath' | 'noTarget' | 'invalidValue' | 'tooMany',
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}
