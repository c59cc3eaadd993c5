// What an import did (or, in a dry run, would do): counts per kind, each adjustment and each
// refused row with its file and line, and the one-line summary the CLI ends with.
import { KINDS, type Kind } from './format.ts'

export interface RowNote {
  file: string
  line: number
  reason: string
}

export interface ImportReport {
  source: string
  forum: string
  dryRun: boolean
  created: Record<Kind, number>
  skipped: Record<Kind, number>
  adjusted: Record<Kind, number>
  /** Existing accounts that imported users were mapped to by e-mail. */
  reusedAccounts: number
  /** The forum's vote budget after `--raise-budget` raised it; null when unchanged. */
  budgetRaisedTo: number | null
  adjustments: RowNote[]
  refused: RowNote[]
}

const zeros = () => Object.fromEntries(KINDS.map((k) => [k, 0])) as Record<Kind, number>

export function emptyReport(source: string, forum: string, dryRun: boolean): ImportReport {
  return {
    source,
    forum,
    dryRun,
    created: zeros(),
    skipped: zeros(),
    adjusted: zeros(),
    reusedAccounts: 0,
    budgetRaisedTo: null,
    adjustments: [],
    refused: [],
  }
}

const total = (counts: Record<Kind, number>) => KINDS.reduce((n, k) => n + counts[k], 0)
const perKind = (counts: Record<Kind, number>) => KINDS.map((k) => `${k} ${counts[k]}`).join(', ')

/** The report as lines of text; the last one is the summary. */
export function reportLines(r: ImportReport, listAtMost = 200): string[] {
  const lines = [
    `created:  ${perKind(r.created)}`,
    `skipped:  ${perKind(r.skipped)} (already imported, duplicates)`,
    `adjusted: ${perKind(r.adjusted)}`,
    `existing accounts reused by e-mail: ${r.reusedAccounts}`,
  ]
  if (r.budgetRaisedTo !== null) lines.push(`vote budget raised to ${r.budgetRaisedTo}`)
  const list = (title: string, notes: RowNote[]) => {
    if (notes.length === 0) return
    lines.push(`${title} (${notes.length}):`)
    for (const n of notes.slice(0, listAtMost)) lines.push(`  ${n.file}:${n.line}: ${n.reason}`)
    if (notes.length > listAtMost) lines.push(`  … and ${notes.length - listAtMost} more`)
  }
  list('adjusted rows', r.adjustments)
  list('refused rows', r.refused)
  lines.push(
    `${r.dryRun ? 'dry run, nothing written: would import' : 'imported'} ${r.source} into ${r.forum}: ` +
      `created ${total(r.created)}, skipped ${total(r.skipped)}, adjusted ${total(r.adjusted)}, ` +
      `refused ${r.refused.length}`,
  )
  return lines
}
