// SQL spellings of the domain's vocabularies, built from src/core/domain.ts so a query's list of
// open statuses is the same list the code uses. Literals, not parameters: the partial indexes'
// predicates must be provably implied by the query (a parameter would hide the values).
import { sql } from 'kysely'
import { OPEN_STATUSES } from '../core/domain.ts'

/** `('open', 'under_review', 'planned', 'started')` */
export const OPEN_STATUS_LIST = sql`(${sql.join(OPEN_STATUSES.map((s) => sql.lit(s)))})`
