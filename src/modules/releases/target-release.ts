// The register's "target release" field, kept by this module: what a user types on a change (its
// edit form, the schedule action's input) is found here, and each move of a change between releases
// is recorded on the releases' side in the same transaction.
import type { ReferenceProvider } from '../references.js';
import { releasePath } from './releases.js';
import { recordTargetMoved, releaseForTarget } from './service.js';

export const targetReleaseField: ReferenceProvider = {
  field: 'targetRelease',
  description: 'A change\'s target release is a release: one of the calendar (by its name or month) or a planned ad hoc one.',
  resolve: releaseForTarget,
  changed: recordTargetMoved,
  path: releasePath,
};
