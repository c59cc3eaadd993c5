import { parseArgs } from 'node:util'
import { contextFor } from '../core/context.ts'
import { checkConsistency, driftCount, repairConsistency } from '../modules/votes/consistency.ts'
import { command } from './command.ts'

export const check = command({
  usage: 'check [--fix]    recompute budgets and vote counters from the ballots (exit 1 on drift)',
  parse(args) {
    const { values } = parseArgs({ args, options: { fix: { type: 'boolean', default: false } } })
    return { fix: values.fix ?? false }
  },
  async run(database, { fix }, config) {
    const drift = fix
      ? await repairConsistency(contextFor(database.db, config))
      : await checkConsistency(database.db)
    const found = driftCount(drift)
    console.log(
      `${drift.unreleasedBallots.length} ballots not released on closed ideas, ` +
        `${drift.mispricedBallots.length} priced by another voting mode, ` +
        `${drift.budgets.length} budgets and ${drift.ideas.length} idea counters drifted`,
    )
    for (const b of drift.budgets.slice(0, 20)) {
      console.log(
        `  budget forum ${b.forumId} user ${b.userId}: recorded ${b.recorded}, ballots say ${b.actual}`,
      )
    }
    for (const i of drift.ideas.slice(0, 20)) {
      console.log(
        `  idea ${i.ideaId}: votes ${i.votes.join(' vs ')}, voters ${i.voters.join(' vs ')}`,
      )
    }
    if (found > 0 && fix) console.log('repaired')
    else if (found > 0) process.exitCode = 1
  },
})
