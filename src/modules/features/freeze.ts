// The feature freeze (DESIGN.md §5.4): after featureFreezeAt nothing enters a release unless the
// coordinator records an exception with a reason, which stays on the feature and in reports.
import { InvalidTransition, ReleaseFrozen } from '../../errors.ts'
import { isFrozen, type LockedRelease } from '../releases/index.ts'

export interface Admission {
  exception_reason: string
  exception_at: Date
}

/** May a feature enter this (locked) release now? Returns the exception to record, if one was needed. */
export function admit(
  release: LockedRelease,
  now: Date,
  exception: { reason: string } | undefined,
): Admission | null {
  if (release.released_at) {
    throw new InvalidTransition(
      `Release ${release.name} has shipped; plan the feature into another release`,
    )
  }
  if (!isFrozen(release, now)) return null
  if (!exception) {
    throw new ReleaseFrozen(
      `Release ${release.name} is past its feature freeze (${release.feature_freeze_at.toISOString().slice(0, 10)}); ` +
        'adding a feature needs an exception with a reason',
    )
  }
  return { exception_reason: exception.reason.trim(), exception_at: now }
}

/** A shipped release is history: its features are not edited, moved or linked to more ideas. */
export function refuseIfShipped(release: LockedRelease | undefined) {
  if (release?.released_at) {
    throw new InvalidTransition(`Release ${release.name} has shipped; its features are read-only`)
  }
}
