// Formatting shared by the pages. No side effects at import.

/** @param {string | null | undefined} iso @returns {string} "2013-03-25", or a dash */
export const formatDate = (iso) => (iso ? new Date(iso).toISOString().slice(0, 10) : '—')

/**
 * "1 vote", "3 votes".
 * @param {number} n
 * @param {string} one
 * @param {string} [many]
 */
export const plural = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`

/**
 * What went wrong, for a person: the API's message (an ApiError), or the error's.
 * @param {unknown} err
 * @returns {string}
 */
export const errorMessage = (err) => (err instanceof Error ? err.message : String(err))
