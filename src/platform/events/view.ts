// An event as the API shows it, with its schema: one variant per event type (a union on `type`),
// each with the payload schema its module defined, so the OpenAPI document describes them all.
import { Type, type TSchema } from 'typebox';
import type { EventCatalog } from './catalog.js';
import { encodeCursor } from './cursor.js';
import type { StoredEvent } from './stream.js';

export function eventView(e: StoredEvent) {
  return {
    cursor: encodeCursor(e.position),
    position: e.position,
    id: e.id,
    type: e.type,
    subject: e.subject,
    seq: e.seq,
    label: e.label,
    actor: e.actor,
    businessDate: e.businessDate,
    recordedAt: e.recordedAt,
    meetingId: e.meetingId,
    payload: e.payload,
  };
}

export type EventView = ReturnType<typeof eventView>;

/** The union of every event type's shape, discriminated by `type`. */
export function eventSchema(catalog: EventCatalog): TSchema {
  const variants = catalog.types.map((type) => {
    const definition = catalog.definition(type)!;
    return Type.Object({
      cursor: Type.String({ description: 'Opaque: pass it as `after` to read what came next.' }),
      position: Type.Integer({ description: 'The event\'s place in the whole stream (1, 2, 3 … in commit order).' }),
      id: Type.String(),
      type: Type.Literal(type),
      subject: Type.Object({
        type: Type.Literal(definition.subject),
        id: Type.String(),
        ref: Type.String({ description: 'How people name it: DP094, "OPSG 2019-11-26", an email.' }),
      }),
      seq: Type.Integer({ description: 'Order within the subject: 1, 2, 3 …' }),
      label: Type.String({ description: 'What happened, in words.' }),
      actor: Type.Object({ id: Type.String(), name: Type.String() }),
      businessDate: Type.String({ description: 'The day it happened (YYYY-MM-DD, Europe/London).' }),
      recordedAt: Type.String({ description: 'When it was recorded (ISO 8601, UTC).' }),
      meetingId: Type.Union([Type.String(), Type.Null()]),
      payload: definition.payload,
    }, { title: type, description: definition.description });
  });
  return Type.Unsafe({ $id: EVENT_SCHEMA_ID, title: 'ChangeEvent', oneOf: variants, discriminator: { propertyName: 'type' } });
}

/** The shared schema's id: every route that answers events refers to it, so the document holds it once. */
export const EVENT_SCHEMA_ID = 'ChangeEvent';

/** A reference to the shared event schema, registered once on the server with `eventSchema`. */
export const EventRef = Type.Unsafe<EventView>({ $ref: `${EVENT_SCHEMA_ID}#` });

/** Serialises as written: payloads were checked against their schemas when appended. */
export const plainJson = () => (data: unknown) => JSON.stringify(data);
