// The accounts module's public surface for other modules.
export { revokeApiTokensOf, revokeSessionsOf, userByEmail, userColumns } from './repository.ts'
export { createUser, userRowToMe, userRowToUser } from './service.ts'
export { actorResolver } from './actor.ts'
