// The report as plain text, for a mailing list. Every string comes through textView (one line),
// so user text cannot start a line of its own: no forged heading, section or "prognosis:" line.
import { featureFacts, flagsOf, longDate, type ReportData } from './report.ts'
import { textView } from './report-view.ts'

export function reportText(data: ReportData): string {
  const r = textView(data)
  const lines: string[] = [r.title, '='.repeat(r.title.length), '']
  lines.push('= Timeline =', '')
  const width = Math.max(...r.timeline.map((m) => `* ${m.label}: ${longDate(m.at)}`.length))
  for (const m of r.timeline) {
    const line = `* ${m.label}: ${longDate(m.at)}`
    lines.push(m.here ? `${line.padEnd(width)}  <== We are here` : line)
  }
  for (const slip of r.slips) {
    lines.push(
      '',
      `The release date slipped from ${longDate(slip.from)} to ${longDate(slip.to)} on ${longDate(slip.at)}` +
        (slip.reason ? `: ${slip.reason}` : '.'),
    )
  }
  lines.push('', `Last updated: ${longDate(r.lastUpdated)}`, '')
  lines.push(
    '= Prognosis =',
    '',
    'The prognosis is our best guess of how likely a feature is to make it:',
  )
  for (const { prognosis, meaning } of r.legend) lines.push(`* ${prognosis}: ${meaning}`)
  lines.push('', 'Demand is the votes and voters of the ideas each feature answers.')
  for (const section of r.sections) {
    lines.push('', `== ${section.name} ==`, '')
    if (section.groups.length === 0) lines.push('  (none)')
    for (const group of section.groups) {
      lines.push(`[${group.name}]`, '')
      for (const f of group.features) {
        lines.push(`* ${f.title}${flagsOf(f)}`)
        for (const [label, value] of featureFacts(f)) lines.push(`  ${label}: ${value}`)
        lines.push('')
      }
    }
  }
  return (
    lines
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trimEnd() + '\n'
  )
}
