// Event types as data: each module defines its own (type → payload schema, subject, audience) and
// the composition root merges them into one catalog. Appending checks every payload against its
// schema, so the stream only ever holds what the API description promises. Each schema is compiled
// when an event of its type is first checked, and typebox's compiler is loaded then too: a command
// that only reads appends nothing and goes without it.
import type { Static, TSchema } from 'typebox';
import type { Validator } from 'typebox/compile';

export interface EventDefinition<S extends TSchema = TSchema> {
  /** What events of this type are about: 'proposal', 'meeting', 'submission' … */
  subject: string;
  payload: S;
  /** Who may read it (an audience of the permission table): fixed, or decided from the payload. */
  audience: string | ((payload: any) => string);
  /** For an organisation-scoped audience, the organisation (given the payload). */
  organisation?: (payload: any) => string | null;
  /** For a committee-scoped audience, the committee's code (given the payload). */
  committee?: (payload: any) => string | null;
  /** What it records, for the API description. */
  description: string;
  /** How a person names each field of the payload's `changes` ("Lead analyst", not leadAnalyst). */
  fieldLabels?: Record<string, string>;
  /** Set for a type no use case writes any more: it is kept so the events written before still read and are described. */
  retired?: string;
  /**
   * Shown on the timeline of the change it concerns (default true). False where an event of the
   * same command already says it in the change's own words.
   */
  timeline?: boolean;
}

export type EventDefinitions = Record<string, EventDefinition<any>>;

/**
 * Every event type with the static type of its payload. Each module merges its own types in:
 * `declare module '…/platform/events/catalog.js' { interface EventPayloads extends PayloadsOf<typeof myEvents> {} }`.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface EventPayloads {}

export type EventType = Extract<keyof EventPayloads, string>;

export type PayloadsOf<D extends EventDefinitions> = { [K in keyof D]: Static<D[K]['payload']> };

/** Keeps the literal keys and schemas, so PayloadsOf can read them. */
export function defineEvents<const D extends EventDefinitions>(definitions: D): D {
  return definitions;
}

export interface EventCatalog {
  readonly types: readonly string[];
  definition(type: string): EventDefinition | undefined;
  /** The payload's problems against its schema, or [] when it fits. */
  check(type: string, payload: unknown): Promise<string[]>;
}

let compiler: Promise<typeof import('typebox/compile')> | undefined;

const TYPE_NAME = /^[a-z]+(-[a-z]+)*\.[a-z]+(-[a-z]+)*$/;

/** One catalog from every module's definitions; a type defined twice or oddly named is a programming error. */
export function buildCatalog(parts: EventDefinitions[]): EventCatalog {
  const all = new Map<string, EventDefinition>();
  for (const part of parts) {
    for (const [type, definition] of Object.entries(part)) {
      if (all.has(type)) throw new Error(`Event type ${type} is defined twice.`);
      if (!TYPE_NAME.test(type)) throw new Error(`Event type ${type} is not "noun.verb-ed" in kebab-case.`);
      all.set(type, definition);
    }
  }
  const validators = new Map<string, Validator>();
  return {
    types: [...all.keys()].sort(),
    definition: (type) => all.get(type),
    async check(type, payload) {
      const definition = all.get(type);
      if (!definition) return [`${type} is not an event type of this catalog`];
      let validator = validators.get(type);
      if (!validator) {
        const { Compile } = await (compiler ??= import('typebox/compile'));
        validator = Compile(definition.payload);
        validators.set(type, validator);
      }
      return validator.Check(payload) ? [] : [...validator.Errors(payload)].map((e) => `${e.instancePath || '/'} ${e.message}`);
    },
  };
}
