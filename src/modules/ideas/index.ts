// The ideas module's public surface for other modules.
export { ideaById, lockIdea, lockIdeas, planCandidates } from './repository.ts'
export type { LockedIdea } from './repository.ts'
export { ideaRowToIdea, roundedEffort, transition } from './service.ts'
export { listIdeas } from './ranking.ts'
export { normalisedTitle } from './title.ts'
