// The development-update report (DESIGN.md §5.6), in the shape the Xen 4.3 coordinator mailed:
// title, timeline with "<== We are here", last updated, the prognosis legend, then the features
// by section and group — each with owner, status, prognosis and the demand behind it.
import type { Prognosis } from '../../core/domain.ts'
import type { Feature } from '../features/index.ts'
import type { Release } from './service.ts'

export const SECTIONS: { name: string; prognoses: Prognosis[] }[] = [
  { name: 'Completed', prognoses: ['done'] },
  { name: 'On track', prognoses: ['excellent', 'good'] },
  { name: 'At risk', prognoses: ['fair', 'poor'] },
  { name: 'Not for this release', prognoses: ['not-for-this-release'] },
]

export const legend = (release: string): { prognosis: Prognosis; meaning: string }[] => [
  { prognosis: 'excellent', meaning: 'it would be very surprising if this did not make it' },
  { prognosis: 'good', meaning: 'on track, and likely to make it' },
  { prognosis: 'fair', meaning: 'a fair chance of making it, but not certain' },
  { prognosis: 'poor', meaning: 'likely to miss the release unless something changes' },
  { prognosis: 'done', meaning: 'finished' },
  { prognosis: 'not-for-this-release', meaning: `will not be in ${release}` },
]

export interface TimelineEntry {
  label: string
  at: string
  passed: boolean
  /** The latest milestone passed: "<== We are here". */
  here: boolean
}

export interface ReportData {
  title: string
  forum: string
  release: string
  phase: Release['phase']
  today: string
  timeline: TimelineEntry[]
  lastUpdated: string
  slips: Release['slips']
  legend: ReturnType<typeof legend>
  sections: { name: string; groups: { name: string; features: Feature[] }[] }[]
}

export function reportData(forumName: string, release: Release, now: Date): ReportData {
  const milestones: [string, string | null][] = [
    ['Feature freeze', release.featureFreezeAt],
    ['Code freeze', release.codeFreezeAt],
    ['First RC', release.firstRcAt],
    ['Release', release.releasedAt ?? release.releaseAt],
  ]
  const timeline = milestones
    .filter((m): m is [string, string] => m[1] !== null)
    .map(([label, at]) => ({ label, at, passed: new Date(at) <= now, here: false }))
  const lastPassed = timeline.filter((m) => m.passed).pop()
  // Before the first milestone, "we are here" is today, on a line of its own before the others.
  if (lastPassed) lastPassed.here = true
  else timeline.unshift({ label: 'Today', at: now.toISOString(), passed: true, here: true })
  const updates = [
    release.updatedAt,
    ...release.slips.map((s) => s.at),
    ...release.features.map((f) => f.updatedAt),
  ]
  return {
    title: `${forumName} ${release.name} development update`,
    forum: forumName,
    release: release.name,
    phase: release.phase,
    today: now.toISOString(),
    timeline,
    lastUpdated: updates.reduce((latest, at) => (at > latest ? at : latest)),
    slips: release.slips,
    legend: legend(release.name),
    sections: SECTIONS.map(({ name, prognoses }) => ({
      name,
      groups: groupsOf(release.features.filter((f) => prognoses.includes(f.prognosis))),
    })),
  }
}

/** Groups in name order; inside a group, the most demanded features first. */
function groupsOf(features: Feature[]) {
  const names = [...new Set(features.map((f) => f.group))].sort((a, b) => a.localeCompare(b))
  return names.map((name) => ({
    name,
    features: features
      .filter((f) => f.group === name)
      .sort(
        (a, b) => b.demand.votes - a.demand.votes || a.title.localeCompare(b.title) || a.id - b.id,
      ),
  }))
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
]

/** "25 March 2013", in UTC. */
export function longDate(iso: string): string {
  const d = new Date(iso)
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`
}

export const ownerOf = (f: Feature) =>
  f.owner === null ? '?' : 'name' in f.owner ? f.owner.name : f.owner.displayName

export const flagsOf = (f: Feature) =>
  `${f.external ? ' (external)' : ''}${f.techPreview ? ' (tech preview)' : ''}`

export const demandOf = (f: Feature) =>
  `${f.demand.votes} vote${f.demand.votes === 1 ? '' : 's'}, ${f.demand.voters} voter${f.demand.voters === 1 ? '' : 's'}`

/** The lines under a feature's title, the same in every format. */
export function featureFacts(f: Feature): [label: string, value: string][] {
  const facts: [string, string][] = [
    ['owner', ownerOf(f)],
    ['status', f.status || '-'],
    ['prognosis', f.prognosis],
    ['demand', demandOf(f)],
  ]
  if (f.exception) facts.push(['freeze exception', f.exception.reason])
  return facts
}
