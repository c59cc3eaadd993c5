// Vocabulary for generated titles, bodies and comments; search queries draw from it too, so every
// query matches something.
export const WORDS = `
scheduler memory balloon driver network bridge storage snapshot migration live disk cache
kernel hypervisor console toolstack graphics passthrough device firmware boot uefi secure
numa placement affinity latency throughput interrupt timer clock power suspend resume
backup restore encryption key token login session audit log metrics dashboard export import
search index filter sort page cursor report release freeze feature prognosis owner group
vote budget ballot idea comment forum category triage duplicate merge status response
api endpoint webhook plugin theme layout mobile keyboard shortcut accessibility language
translation unicode emoji markdown editor preview upload attachment image video audio stream
cluster node replica failover quorum consensus shard partition queue worker retry timeout
config option default setting profile avatar notification email digest schedule calendar
`
  .trim()
  .split(/\s+/)

export const SEARCH_TERMS = [
  'live migration',
  'memory balloon',
  'secure boot',
  'numa placement',
  'snapshot',
  'passthrough',
  'keyboard shortcut',
  'failover',
  'webhook',
  'encryption key',
]
