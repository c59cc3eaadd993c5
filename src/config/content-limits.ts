// Per-user limits on what one account can write: IDEA_RATE_LIMIT, COMMENT_RATE_LIMIT,
// VOTE_RATE_LIMIT, EDIT_RATE_LIMIT (defaults in config.ts), each `<count>/<min|hour|day>[,…]`
// or `off`.
export const CONTENT_KINDS = ['ideas', 'comments', 'votes', 'edits'] as const
export type ContentKind = (typeof CONTENT_KINDS)[number]

export interface RateWindow {
  readonly max: number
  readonly per: 'min' | 'hour' | 'day'
  readonly windowMs: number
}

export type ContentLimits = Readonly<Record<ContentKind, readonly RateWindow[]>>

const WINDOW_MS = { min: 60_000, hour: 3_600_000, day: 86_400_000 } as const

/** Shortest window first: a request refused by it is not counted against the longer ones. */
export function parseRateWindows(variable: string, value: string): RateWindow[] {
  if (value === 'off') return []
  const windows = value.split(',').map((part) => {
    const match = /^\s*(\d{1,9})\s*\/\s*(min|hour|day)\s*$/.exec(part)
    const max = Number(match?.[1])
    const per = match?.[2] as RateWindow['per'] | undefined
    if (!per || max < 1) {
      throw new Error(
        `${variable} must be "off" or counts per window such as 5/min,50/day (min, hour, day; ` +
          `counts from 1): "${part.trim()}" is not`,
      )
    }
    return { max, per, windowMs: WINDOW_MS[per] }
  })
  const pers = windows.map((w) => w.per)
  if (new Set(pers).size !== pers.length) {
    throw new Error(`${variable} names a window twice: ${value}`)
  }
  return windows.sort((a, b) => a.windowMs - b.windowMs)
}
