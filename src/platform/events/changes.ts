// Before/after values of the fields a write changed: the shape every event's `changes` takes.
import { Type, type TSchema } from 'typebox';

export type FieldChanges = Record<string, [unknown, unknown]>;

export const FieldChangesSchema = Type.Record(Type.String(), Type.Array(Type.Unknown(), { minItems: 2, maxItems: 2 }), {
  description: 'Each field the write changed, with its value before and after: {"title": ["Old", "New"]}.',
});

/** A value or null. */
export const Nullable = <S extends TSchema>(schema: S) => Type.Union([schema, Type.Null()]);

/** The before/after pairs of the fields whose values differ. */
export function diff(before: Record<string, unknown>, after: Record<string, unknown>): FieldChanges {
  const changes: FieldChanges = {};
  for (const key of Object.keys(after)) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) changes[key] = [before[key] ?? null, after[key] ?? null];
  }
  return changes;
}
