// A one-line progress bar on stderr (redrawn in place on a terminal, one line per step otherwise).
export class Progress {
  private label = ''
  private total = 0
  private done_ = 0
  private started = 0
  private lastDraw = 0

  start(label: string, total: number) {
    this.label = label
    this.total = Math.max(total, 1)
    this.done_ = 0
    this.started = Date.now()
    this.draw(true)
  }

  tick(rows: number) {
    this.done_ += rows
    this.draw(false)
  }

  done() {
    this.done_ = this.total
    this.draw(true)
    process.stderr.write(process.stderr.isTTY ? '\n' : '')
  }

  private draw(force: boolean) {
    const now = Date.now()
    if (!force && now - this.lastDraw < 200) return
    this.lastDraw = now
    const share = Math.min(1, this.done_ / this.total)
    const width = 30
    const bar = '#'.repeat(Math.round(share * width)).padEnd(width, '.')
    const seconds = ((now - this.started) / 1000).toFixed(1)
    const line = `  seed ${this.label.padEnd(12)} [${bar}] ${String(Math.round(share * 100)).padStart(3)}% ${this.done_}/${this.total} ${seconds}s`
    if (process.stderr.isTTY) process.stderr.write(`\r${line}`)
    else if (share === 1 && force) process.stderr.write(`${line}\n`)
  }
}
