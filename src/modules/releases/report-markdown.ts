// The report as Markdown, for a wiki. User text is escaped so a title cannot inject markup.
import { featureFacts, flagsOf, longDate, type ReportData } from './report.ts'

const md = (text: string) =>
  text.replace(/[\\`*_{}[\]<>#|!~]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ')

export function reportMarkdown(r: ReportData): string {
  const lines: string[] = [`# ${md(r.title)}`, '', '## Timeline', '']
  for (const m of r.timeline) {
    const line = `- ${m.label}: ${longDate(m.at)}`
    lines.push(m.here ? `- **${m.label}: ${longDate(m.at)}** <== We are here` : line)
  }
  for (const slip of r.slips) {
    lines.push(
      '',
      `The release date slipped from ${longDate(slip.from)} to ${longDate(slip.to)} on ${longDate(slip.at)}` +
        (slip.reason ? `: ${md(slip.reason)}` : '.'),
    )
  }
  lines.push('', `Last updated: ${longDate(r.lastUpdated)}`, '', '## Prognosis', '')
  lines.push('| prognosis | meaning |', '| --- | --- |')
  for (const { prognosis, meaning } of r.legend) lines.push(`| ${prognosis} | ${md(meaning)} |`)
  lines.push('', 'Demand is the votes and voters of the ideas each feature answers.')
  for (const section of r.sections) {
    lines.push('', `## ${section.name}`, '')
    if (section.groups.length === 0) lines.push('_(none)_')
    for (const group of section.groups) {
      lines.push(`### ${md(group.name)}`, '')
      for (const f of group.features) {
        lines.push(`- **${md(f.title)}**${flagsOf(f)}`)
        for (const [label, value] of featureFacts(f)) lines.push(`  - ${label}: ${md(value)}`)
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
