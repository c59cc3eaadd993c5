// At most `limit` tasks run at once; the others wait, first come first served.
export function limitConcurrency(limit: number) {
  let running = 0
  const waiting: (() => void)[] = []
  return async function run<T>(task: () => Promise<T>): Promise<T> {
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve))
    else running++
    try {
      return await task()
    } finally {
      // Hand the slot straight to the next waiter, so `running` never over- or under-counts.
      const next = waiting.shift()
      if (next) next()
      else running--
    }
  }
}
