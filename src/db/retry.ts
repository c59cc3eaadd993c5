// Operations that lock many rows (shipping, merging, closing an idea with many voters) take their
// locks in a fixed order, but budget rows are shared across ideas, so PostgreSQL can still detect
// a deadlock between two of them. It aborts one; that one is simply run again.
const RETRYABLE = new Set(['40P01', '40001']) // deadlock_detected, serialization_failure

export async function retryOnDeadlock<T>(work: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work()
    } catch (err) {
      const code = (err as { code?: unknown }).code
      if (attempt >= attempts || typeof code !== 'string' || !RETRYABLE.has(code)) throw err
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * attempt))
    }
  }
}
