// One spelling of an e-mail address for everything that must agree on "the same account": the
// login's lookup (repository.ts) and the per-e-mail sign-in throttle (throttle.ts). Were they to
// normalise differently, ` a@x.org` would open the account of `a@x.org` with an allowance of its own.
export const normaliseEmail = (email: string): string => email.trim().toLowerCase()
