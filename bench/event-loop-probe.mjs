// Preloaded into the service by the bench only (`node --import`), never by the service itself:
// samples the event-loop delay and answers the bench over the IPC channel of the child process.
import { monitorEventLoopDelay } from 'node:perf_hooks'
import process from 'node:process'

if (process.send) {
  const histogram = monitorEventLoopDelay({ resolution: 10 })
  histogram.enable()
  process.on('message', (message) => {
    if (message === 'event-loop:reset') histogram.reset()
    if (message === 'event-loop:read') {
      process.send?.({
        type: 'event-loop',
        p99Ms: histogram.percentile(99) / 1e6,
        maxMs: histogram.max / 1e6,
      })
    }
  })
  // The channel must not keep the service alive once its server has closed.
  process.channel?.unref()
}
