// The forum's export for the API: the forum is found (or a JSON 404 answered) before the first
// byte of the stream, which then follows the client's reading pace.
import { Readable } from 'node:stream'
import { withRole } from '../../core/access.ts'
import type { ServiceContext } from '../../core/context.ts'
import type { Actor } from '../../core/roles.ts'
import { exportLines } from './export-files.ts'
import { forumForExport } from './export.ts'

export async function exportStream(ctx: ServiceContext, actor: Actor | null, slug: string) {
  withRole(actor, 'admin')
  const forum = await forumForExport(ctx.db, slug)
  return Readable.from(exportLines(ctx.db, forum, ctx.clock.now()))
}
