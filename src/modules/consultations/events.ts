// Event types of consultations: opened, a response submitted or edited, closed. The change's own
// event (proposal.action-taken: "Refinement Consultation issued") says the opening and the closing
// on its timeline, so those two stay off it. A response's event is read by the responding
// organisation's users and the Secretariat only, and never carries the answers.
import { Type, type Static } from 'typebox';
import { defineEvents, type PayloadsOf } from '../../platform/events/catalog.js';

const Consultation = {
  consultationId: Type.String(),
  reference: Type.String({ description: 'The change, e.g. MP094.' }),
  kind: Type.String({ description: 'A consultation kind of the profile, e.g. refinement.' }),
  title: Type.String(),
};

const ResponsePayload = Type.Object({
  ...Consultation,
  responseId: Type.String(),
  organisationId: Type.String(),
  organisation: Type.String(),
  version: Type.Integer({ description: '1 for the first submission, one more for each edit.' }),
  confidential: Type.Boolean(),
});

type ResponsePayload = Static<typeof ResponsePayload>;

const response = (description: string) => ({
  subject: 'consultation', payload: ResponsePayload, description,
  audience: 'organisation', organisation: (p: ResponsePayload) => p.organisationId,
});

export const consultationEvents = defineEvents({
  'consultation.opened': {
    subject: 'consultation', audience: 'public', timeline: false,
    description: 'A consultation was opened on a change, with its questions and its dates (the change\'s own event records the lifecycle step).',
    payload: Type.Object({
      ...Consultation,
      questions: Type.Array(Type.String()),
      opensOn: Type.String({ description: 'The first day responses are taken.' }),
      closesOn: Type.String({ description: 'The last day responses are taken.' }),
    }),
  },
  'consultation.response-submitted': response('A Party responded to a consultation (its organisation\'s users and the Secretariat read this; the answers are not in the event).'),
  'consultation.response-edited': response('A Party replaced its response with a new version; every version is kept.'),
  'consultation.closed': {
    subject: 'consultation', audience: 'public', timeline: false,
    description: 'A consultation closed (by the Secretariat, or automatically after its closing day); its responses that are not confidential were collated into a document attached to the change.',
    payload: Type.Object({
      ...Consultation,
      closedOn: Type.String(),
      automatic: Type.Boolean({ description: 'Closed because its closing day had passed, not by a person.' }),
      responses: Type.Integer({ description: 'How many organisations responded.' }),
      collated: Type.Integer({ description: 'How many responses the collated document holds (confidential ones never are).' }),
      documentIds: Type.Array(Type.String(), { description: 'The collated documents attached to the change.' }),
    }),
  },
});

declare module '../../platform/events/catalog.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface EventPayloads extends PayloadsOf<typeof consultationEvents> {}
}
