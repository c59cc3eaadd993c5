// The releases module's public surface for other modules.
export { lockRelease, type LockedRelease } from './repository.ts'
export { isFrozen } from './phase.ts'
export { backlog } from './service.ts'
