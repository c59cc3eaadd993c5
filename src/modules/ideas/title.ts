// Titles are stored trimmed; the length rule applies to what is stored, so it is checked after
// trimming (a title of spaces and two letters passes the schema's 3..140 but not this).
import { ValidationFailed, withFields } from '../../errors.ts'

export const TITLE_MIN = 3
export const TITLE_MAX = 140

export function normalisedTitle(title: string, path = '/body/title'): string {
  const trimmed = title.trim()
  if (trimmed.length < TITLE_MIN || trimmed.length > TITLE_MAX) {
    throw withFields(
      new ValidationFailed(`title must be ${TITLE_MIN} to ${TITLE_MAX} characters once trimmed`),
      {
        details: [
          { path, message: `must be ${TITLE_MIN} to ${TITLE_MAX} characters once trimmed` },
        ],
      },
    )
  }
  return trimmed
}
