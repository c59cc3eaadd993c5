// The results: a Markdown table on stdout (the README quotes it) and bench/results.json.
import { writeFile } from 'node:fs/promises'
import type { LoadResult } from './load.ts'

export interface ScenarioResult extends LoadResult {
  name: string
  baseline?: string
  ratio?: number
  /** Event-loop delay p99 of the service during this scenario (not measured for baselines). */
  eventLoopP99Ms?: number
  /** Largest RSS of the process under test during this scenario. */
  rssPeakMb?: number
  note?: string
}

export interface Results {
  date: string
  machine: { cpus: number; node: string; postgres: string }
  dataset: { forums: number; users: number; ideas: number; ballots: number }
  quick: boolean
  seedSeconds: number
  secondsPerScenario: number
  scenarios: ScenarioResult[]
  rssPeakMb: number
  eventLoopP99Ms: number
}

/** Fills `ratio` = rps / the named baseline's rps. */
export function withRatios(scenarios: ScenarioResult[]): ScenarioResult[] {
  const byName = new Map(scenarios.map((s) => [s.name, s]))
  return scenarios.map((s) => {
    const base = s.baseline ? byName.get(s.baseline) : undefined
    return base && base.rps > 0 ? { ...s, ratio: Math.round((s.rps / base.rps) * 100) / 100 } : s
  })
}

const fmt = (n: number | undefined, digits = 1) => (n === undefined ? '' : n.toFixed(digits))

export function table(results: Results): string {
  const head =
    '| scenario | req/s | p50 ms | p99 ms | errors | non-2xx | baseline | ratio | loop p99 ms | RSS MB |'
  const rule = '| --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: |'
  const rows = results.scenarios.map(
    (s) =>
      `| ${s.name} | ${s.rps} | ${fmt(s.p50)} | ${fmt(s.p99)} | ${s.errors} | ${s.non2xx} | ${s.baseline ?? ''} | ${fmt(s.ratio, 2)} | ${fmt(s.eventLoopP99Ms)} | ${fmt(s.rssPeakMb, 0)} |`,
  )
  return [head, rule, ...rows].join('\n')
}

export async function writeResults(path: string, results: Results) {
  await writeFile(path, JSON.stringify(results, null, 2) + '\n')
}
