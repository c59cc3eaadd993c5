// The votes module's public surface for other modules.
export { setVoteStatement } from './repository.ts'
export { budgetOf } from './service.ts'
