// A release's phase follows from its dates: nothing to keep in sync.
export type Phase = 'planning' | 'frozen' | 'rc' | 'released'

export interface Milestones {
  feature_freeze_at: Date
  code_freeze_at: Date | null
  first_rc_at: Date | null
  release_at: Date
  released_at: Date | null
}

export function phaseOf(release: Milestones, now: Date): Phase {
  if (release.released_at) return 'released'
  if (release.first_rc_at && now >= release.first_rc_at) return 'rc'
  if (now >= release.feature_freeze_at) return 'frozen'
  return 'planning'
}

export const isFrozen = (release: Milestones, now: Date) => now >= release.feature_freeze_at

/** Milestones must be in order: freeze ≤ code freeze ≤ first RC ≤ release (those that are set). */
export function milestonesInOrder(release: Omit<Milestones, 'released_at'>): boolean {
  const dates = [
    release.feature_freeze_at,
    release.code_freeze_at,
    release.first_rc_at,
    release.release_at,
  ]
    .filter((d): d is Date => d !== null)
    .map((d) => d.getTime())
  return dates.every((t, i) => i === 0 || t >= dates[i - 1]!)
}
