// The forums module's public surface for other modules.
export { forumIdBySlug, getForum } from './service.ts'
