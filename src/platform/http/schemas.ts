// Schemas every module's routes share: the error body, and the error answers a route may give.
import { Type } from 'typebox';

export const ErrorSchema = Type.Object({
  error: Type.Object({
    code: Type.String({ description: 'Stable error code, e.g. VALIDATION_FAILED, ACTION_NOT_ALLOWED, VERSION_CONFLICT.' }),
    message: Type.String(),
    fields: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
    allowed: Type.Optional(Type.Array(Type.String(), { description: 'Actions allowed in the current state.' })),
  }, { additionalProperties: true }),
}, { $id: 'Error' });

/** The error answers of a route that writes. */
export const writeErrors = {
  400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema, 412: ErrorSchema, 428: ErrorSchema,
  503: ErrorSchema,
};
