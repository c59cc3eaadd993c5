// One import, all kinds in dependency order: users, categories, releases, features, ideas (then
// the merges among them), status changes, comments, ballots.
import type { ServiceContext } from '../../core/context.ts'
import { importBallots } from './ballots.ts'
import {
  completeMerges,
  observeMerge,
  prepareComment,
  prepareIdea,
  prepareStatusChange,
  writeComments,
  writeIdeas,
  type PendingMerge,
} from './content.ts'
import {
  insertNew,
  prepareCategory,
  prepareFeature,
  prepareRelease,
  prepareUser,
  writeByName,
  writeFeatures,
  writeUsers,
} from './entities.ts'
import { importKind, runImport, type ImportOptions } from './importer.ts'
import type { ImportReport } from './report.ts'
import type { Source } from './source.ts'

export function importForum(
  ctx: ServiceContext,
  source: Source,
  options: ImportOptions,
): Promise<ImportReport> {
  return runImport(ctx, source, options, async (run) => {
    const forumId = run.forum.id
    await importKind(
      run,
      'users',
      'user',
      source,
      (i) => prepareUser(run, i),
      (u, b) => writeUsers(u.tx, b),
    )
    await importKind(
      run,
      'categories',
      'category',
      source,
      (i) => prepareCategory(run, i),
      (u, b) => writeByName(u.tx, 'categories', forumId, b),
    )
    await importKind(
      run,
      'releases',
      'release',
      source,
      (i) => prepareRelease(run, i),
      (u, b) => writeByName(u.tx, 'releases', forumId, b),
    )
    await importKind(
      run,
      'features',
      'feature',
      source,
      (i) => prepareFeature(run, i),
      (u, b) => writeFeatures(u.tx, b),
    )
    const merges: PendingMerge[] = []
    await importKind(
      run,
      'ideas',
      'idea',
      source,
      (i) => prepareIdea(run, i),
      (u, b) => writeIdeas(u.tx, run, b),
      (i) => observeMerge(i, merges),
    )
    await completeMerges(run, merges)
    await importKind(
      run,
      'status_changes',
      'status_change',
      source,
      (i) => prepareStatusChange(run, i),
      (u, b) => insertNew(u.tx, 'idea_status_changes', b),
    )
    await importKind(
      run,
      'comments',
      'comment',
      source,
      (i) => prepareComment(run, i),
      (u, b) => writeComments(u.tx, run, b),
    )
    await importBallots(run, source)
  })
}
