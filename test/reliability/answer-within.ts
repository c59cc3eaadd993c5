// A hang detector for in-process requests. On the embedded engine a request stuck waiting for the
// pool's only connection holds no timer or socket, so the test process would simply run out of
// work and end as "test unfinished"; this keeps a timer alive and names the request instead.
export async function answerWithin<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms: ${what}`)), ms)
  })
  try {
    return await Promise.race([promise, hang])
  } finally {
    clearTimeout(timer)
  }
}
