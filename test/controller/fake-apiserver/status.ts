// metav1.Status errors with the codes, reasons and messages the real API server uses.
import type { JsonObject } from './json';
import { qualifiedKind, qualifiedResource, type ResourceType } from './resources';

const REASONS: Readonly<Record<number, string>> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  409: 'Conflict',
  410: 'Gone',
  415: 'UnsupportedMediaType',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

export function reasonForCode(code: number): string {
  return REASONS[code] ?? 'Unknown';
}

/** An API error; the server answers it as a metav1.Status with `code` as the HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: JsonObject,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toStatus(): JsonObject {
    const status: JsonObject = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      code: this.code,
    };
    if (this.details !== undefined) status.details = this.details;
    return status;
  }
}

function details(res: ResourceType, name: string): JsonObject {
  return { name, group: res.group, kind: res.plural };
}

export function notFound(res: ResourceType, name: string): ApiError {
  const message = `${qualifiedResource(res)} "${name}" not found`;
  return new ApiError(404, 'NotFound', message, details(res, name));
}

export function alreadyExists(res: ResourceType, name: string): ApiError {
  const message = `${qualifiedResource(res)} "${name}" already exists`;
  return new ApiError(409, 'AlreadyExists', message, details(res, name));
}

export function conflict(res: ResourceType, name: string, why?: string): ApiError {
  const reason =
    why ??
    'the object has been modified; please apply your changes to the latest version and try again';
  const message = `Operation cannot be fulfilled on ${qualifiedResource(res)} "${name}": ${reason}`;
  return new ApiError(409, 'Conflict', message, details(res, name));
}

export interface FieldCause {
  /** `FieldValueForbidden`, `FieldValueRequired`, `FieldValueInvalid`. */
  readonly reason: string;
  readonly field: string;
  readonly message: string;
}

export function invalid(res: ResourceType, name: string, causes: readonly FieldCause[]): ApiError {
  const list = causes.map((c) => `${c.field}: ${c.message}`).join(', ');
  const message = `${qualifiedKind(res)} "${name}" is invalid: ${list}`;
  const d: JsonObject = {
    ...details(res, name),
    kind: res.kind,
    causes: causes.map((c) => ({ reason: c.reason, message: c.message, field: c.field })),
  };
  return new ApiError(422, 'Invalid', message, d);
}

export function badRequest(message: string): ApiError {
  return new ApiError(400, 'BadRequest', message);
}

export function methodNotAllowed(method: string, what: string): ApiError {
  return new ApiError(405, 'MethodNotAllowed', `${method} is not supported on ${what}`);
}

export function unsupportedMediaType(contentType: string, accepted: readonly string[]): ApiError {
  const message =
    `the body of the request was in an unknown format (${contentType}) - ` +
    `accepted media types include: ${accepted.join(', ')}`;
  return new ApiError(415, 'UnsupportedMediaType', message);
}

/** What a watch from a compacted resourceVersion gets (in an ERROR event, as the server does). */
export function expired(requested: number, oldest: number): ApiError {
  return new ApiError(410, 'Expired', `too old resource version: ${requested} (${oldest})`);
}

/** A `status: Success` answer, as DELETE returns for an object removed at once. */
export function success(res: ResourceType, name: string, uid: string): JsonObject {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Success',
    details: { ...details(res, name), uid },
  };
}
