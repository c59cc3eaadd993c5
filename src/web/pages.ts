// The HTML pages: each is the same small shell naming its own script. The shell carries no user
// text at all — every user-supplied string reaches the page through the JSON API and is put into
// the DOM as text by the browser code — so nothing a user writes can ever be parsed as HTML.
export interface Page {
  /** Fastify route path. */
  path: string
  /** Static <title> suffix: never derived from user input. */
  title: string
  /** Browser module under /static/js/pages/. */
  script: string
}

export const pages: Page[] = [
  { path: '/', title: 'Forums', script: 'home.js' },
  { path: '/f/:slug', title: 'Board', script: 'board.js' },
  { path: '/f/:slug/new', title: 'Suggest an idea', script: 'new-idea.js' },
  { path: '/f/:slug/triage', title: 'Triage', script: 'triage.js' },
  { path: '/ideas/:id', title: 'Idea', script: 'idea.js' },
  { path: '/me/votes', title: 'My votes', script: 'my-votes.js' },
  { path: '/releases/:id', title: 'Release', script: 'release.js' },
]

// Preloaded so the browser fetches the shared modules in parallel with the page's own, instead of
// discovering them one import at a time.
const SHARED_MODULES = [
  'api.js',
  'dom.js',
  'endpoints.js',
  'format.js',
  'layout.js',
  'components/badges.js',
  'components/status-line.js',
  'components/vote-control.js',
]

export function shell(page: Page): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${page.title} · Tally</title>
<link rel="stylesheet" href="/static/app.css">
<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
${SHARED_MODULES.map((m) => `<link rel="modulepreload" href="/static/js/${m}">`).join('\n')}
<script type="module" src="/static/js/pages/${page.script}"></script>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="site"><nav aria-label="Site"><a class="brand" href="/">Tally</a><span id="session"></span></nav></header>
<main id="main" tabindex="-1"><p class="loading">Loading…</p></main>
</body>
</html>
`
}
