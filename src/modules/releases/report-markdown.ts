// The report as Markdown, for a wiki. Every string comes through markdownView (one line,
// escaped), so user text cannot start a line or make a heading, a list, a link or HTML.
import { featureFacts, flagsOf, longDate, type ReportData } from './report.ts'
import { markdownView } from './report-view.ts'

export function reportMarkdown(data: ReportData): string {
  const r = markdownView(data)
  const lines: string[] = [`# ${r.title}`, '', '## Timeline', '']
  for (const m of r.timeline) {
    const line = `- ${m.label}: ${longDate(m.at)}`
    lines.push(m.here ? `- **${m.label}: ${longDate(m.at)}** <== We are here` : line)
  }
  for (const slip of r.slips) {
    lines.push(
      '',
      `The release date slipped from ${longDate(slip.from)} to ${longDate(slip.to)} on ${longDate(slip.at)}` +
        (slip.reason ? `: ${slip.reason}` : '.'),
    )
  }
  lines.push('', `Last updated: ${longDate(r.lastUpdated)}`, '', '## Prognosis', '')
  lines.push('| prognosis | meaning |', '| --- | --- |')
  for (const { prognosis, meaning } of r.legend) lines.push(`| ${prognosis} | ${meaning} |`)
  lines.push('', 'Demand is the votes and voters of the ideas each feature answers.')
  for (const section of r.sections) {
    lines.push('', `## ${section.name}`, '')
    if (section.groups.length === 0) lines.push('_(none)_')
    for (const group of section.groups) {
      lines.push(`### ${group.name}`, '')
      for (const f of group.features) {
        lines.push(`- **${f.title}**${flagsOf(f)}`)
        for (const [label, value] of featureFacts(f)) lines.push(`  - ${label}: ${value}`)
      }
      lines.push('')
    }
  }
  return (
    lines
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trimEnd() + '\n'
  )
}
