// The DESIGN.md §5 workflow in a real browser, on the demo data: sign up, suggest an idea (with a
// duplicate hint), spend the vote budget, a developer declines an idea (votes come back), a
// coordinator promotes an idea onto the release board and the report renders, a release is
// planned, slips and ships; every page passes an axe audit. Screenshots of every page go to
// test/e2e/screenshots/; first-render times are printed at the end.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { Browser, Page } from 'playwright-core'
import { audit } from './axe.ts'
import { launch, openPage, shot, visit, type Watched } from './browser.ts'
import { startDemoServer } from './server.ts'

const XSS_TITLE = '<img src=x onerror=alert(1)> tracing for guests'
const PASSWORD = 'correct horse battery staple'
const voterEmail = `e2e-${Date.now()}@example.org`

let server: Awaited<ReturnType<typeof startDemoServer>>
let browser: Browser
let voter: Watched
const timings: Record<string, number> = {}
const ids = { newIdea: 0, voted: [] as number[], release43: 0, release44: 0 }

async function timed(page: Page, label: string, path: string) {
  const ms = await visit(page, path)
  timings[label] ??= ms
  return ms
}

async function signIn(page: Page, email: string) {
  await visit(page, '/')
  await page.fill('#signin-email', email)
  await page.fill('#signin-password', 'tally-demo-password')
  await page.click('#signin button[type=submit]')
  await page.waitForSelector('#session button')
  await page.waitForSelector('body[data-ready="true"]')
}

/** A fresh browser context signed in as one of the demo users. */
async function openAs(email: string): Promise<Watched> {
  const watched = await openPage(browser, server.url)
  await signIn(watched.page, email)
  return watched
}

const meter = (page: Page) => page.locator('.budget label').textContent()

async function tokenOf(email: string, password = 'tally-demo-password') {
  const res = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  })
  return ((await res.json()) as { accessToken: string }).accessToken
}

async function apiAs(email: string, password: string) {
  const accessToken = await tokenOf(email, password)
  return (method: string, path: string, body?: unknown) =>
    fetch(`${server.url}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
}

describe('the workflow in a browser', () => {
  before(async () => {
    server = await startDemoServer()
    browser = await launch()
    voter = await openPage(browser, server.url)
    const releases = (await (await fetch(`${server.url}/api/v1/forums/xen/releases`)).json()) as {
      items: { id: number; name: string }[]
    }
    ids.release43 = releases.items.find((r) => r.name === '4.3')!.id
    ids.release44 = releases.items.find((r) => r.name === '4.4')!.id
  })
  after(async () => {
    await browser?.close()
    await server?.close()
    console.log(
      '\nFirst render (ms from navigation start to the page drawn from its data, demo data):',
    )
    for (const [label, ms] of Object.entries(timings))
      console.log(`  ${label.padEnd(28)} ${ms.toFixed(0)}`)
  })

  test('sign up', async () => {
    const { page, problems } = voter
    await timed(page, '/', '/')
    await shot(page, 'home')
    await page.fill('#signup-displayName', 'E2E Voter')
    await page.fill('#signup-email', voterEmail)
    await page.fill('#signup-password', PASSWORD)
    await page.click('#signup button[type=submit]')
    await page.waitForSelector('#session >> text=E2E Voter')
    // The refresh token is an httpOnly cookie the page cannot read.
    const cookies = await voter.context.cookies()
    const refresh = cookies.find((c) => c.name === 'tally_refresh')
    assert.ok(refresh?.httpOnly, 'refresh cookie is httpOnly')
    assert.equal(refresh?.sameSite, 'Strict')
    assert.ok(!String(await page.evaluate('document.cookie')).includes('tally_refresh'))
    await shot(page, 'home-signed-in')
    assert.deepEqual(problems, [])
  })

  test('after signing in, ?next= is followed only to a path of this site', async () => {
    // Port 9 on the loopback: were the page to follow these, it would leave the site (and find
    // nothing there) instead of landing on /.
    for (const [next, landing] of [
      ['//127.0.0.1:9/forged', '/'],
      ['/\\127.0.0.1:9/forged', '/'],
      ['http://127.0.0.1:9/forged', '/'],
      ['/\t/127.0.0.1:9/forged', '/'],
      ['javascript:alert(1)', '/'],
      ['/me/votes', '/me/votes'],
    ] as const) {
      const { context, page, problems } = await openPage(browser, server.url)
      await visit(page, `/?next=${encodeURIComponent(next)}#signin`)
      await page.fill('#signin-email', 'user02@demo.tally')
      await page.fill('#signin-password', 'tally-demo-password')
      await page.click('#signin button[type=submit]')
      await page.waitForURL(`${server.url}${landing}`, { timeout: 10_000 })
      await page.waitForSelector('body[data-ready="true"]')
      assert.equal(new URL(page.url()).origin, server.url, next)
      assert.deepEqual(problems, [], next)
      await context.close()
    }
  })

  test('suggest an idea and see a duplicate hint', async () => {
    const { page, problems } = voter
    await timed(page, '/f/:slug/new', '/f/xen/new')
    await page.fill('#title', 'Default to qemu upstream')
    await page.waitForSelector('#similar li')
    const hint = await page.locator('#similar').textContent()
    assert.match(hint ?? '', /Possible duplicates/)
    assert.match(hint ?? '', /qemu/i)
    await shot(page, 'new-idea-duplicates')

    await page.fill('#title', XSS_TITLE)
    await page.fill('#body', '<script>alert(2)</script> & "quotes"')
    await page.click('form button[type=submit]')
    await page.waitForURL(/\/ideas\/\d+$/)
    await page.waitForSelector('body[data-ready="true"]')
    ids.newIdea = Number(new URL(page.url()).pathname.split('/')[2])
    await shot(page, 'idea-new-xss-title')
    assert.equal(await page.locator('h1').textContent(), XSS_TITLE)
    assert.equal(await page.locator('main img').count(), 0, 'user text is never HTML')
    assert.deepEqual(problems, [])
  })

  test('vote until the budget is spent and see the controls disable', async () => {
    const { page, problems } = voter
    await timed(page, '/f/:slug', '/f/xen')
    assert.equal(await meter(page), '10 of 10 votes left')
    const openIdeas = await page
      .locator('li.idea:has(.status-open)')
      .evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-idea'))))
    const [a, b, c, d, e] = openIdeas
    for (const [id, left] of [
      [a, 7],
      [b, 4],
      [c, 1],
    ] as const) {
      await page.click(`li[data-idea="${id}"] button[data-votes="3"]`)
      await page.waitForSelector(`.budget label:text-is("${left} of 10 votes left")`)
    }
    ids.voted = [a!, b!, c!]
    const choice = (id: number | undefined, n: number) =>
      page.locator(`li[data-idea="${id}"] button[data-votes="${n}"]`)
    assert.ok(await choice(d, 3).isDisabled(), '3 votes are not affordable with 1 left')
    assert.ok(await choice(d, 2).isDisabled())
    assert.ok(await choice(d, 1).isEnabled())
    assert.ok(await choice(a, 0).isEnabled(), 'lowering is always possible')

    // The last vote is spent elsewhere (another tab): the next click is refused, and says why.
    const call = await apiAs(voterEmail, PASSWORD)
    assert.equal((await call('PUT', `/ideas/${e}/vote`, { votes: 1 })).status, 200)
    await choice(d, 1).click()
    // The refusal appears when the 409 comes back: wait for it rather than read it at once.
    const refused = page.locator(`li[data-idea="${d}"] .refused`, { hasText: 'Vote refused' })
    await refused.waitFor()
    assert.match((await refused.textContent()) ?? '', /Vote refused: .*votes you have left/)
    await page.waitForSelector('.budget label:text-is("0 of 10 votes left")')
    assert.ok(await choice(d, 1).isDisabled(), 'nothing left: every raise is disabled')
    await shot(page, 'board-budget-spent')
    await page.setViewportSize({ width: 375, height: 812 })
    await page.evaluate('window.scrollTo(0, 0)')
    await shot(page, 'board-375px', false)
    await page.setViewportSize({ width: 1200, height: 900 })

    // Keyboard: a choice is reachable and usable without a mouse.
    await choice(a, 2).focus()
    await page.keyboard.press('Enter')
    await page.waitForSelector('.budget label:text-is("1 of 10 votes left")')
    await choice(a, 3).focus()
    await page.keyboard.press('Enter')
    await page.waitForSelector('.budget label:text-is("0 of 10 votes left")')
    assert.deepEqual(problems, [])
  })

  test('a developer declines an idea and the voter’s meter goes back up', async () => {
    const dev = await openAs('ines@demo.tally')
    const page = dev.page
    await timed(page, '/f/:slug/triage', '/f/xen/triage')
    const id = ids.voted[0]
    await page.click(`tr[data-idea="${id}"] summary`)
    await page.selectOption(`#status-${id}`, 'declined')
    await page.fill(`#response-${id}`, 'Out of scope <b>for now</b>.')
    await page.click(`tr[data-idea="${id}"] .status-form button`)
    await page.waitForSelector('#triage-status:has-text("Declined")')
    assert.equal(await page.locator(`tr[data-idea="${id}"]`).count(), 0, 'no longer in triage')

    // The plan of what fits before the freeze, highlighted in the table.
    await page.click('.plan button[type=submit]')
    await page.waitForSelector('#plan p')
    await shot(page, 'triage-plan')
    assert.deepEqual(dev.problems, [])
    await dev.context.close()

    await timed(voter.page, '/f/:slug (again)', '/f/xen')
    assert.equal(await meter(voter.page), '3 of 10 votes left')
    // "My votes" asks for the forums and one budget per forum, never for an idea on its own.
    const ideaRequests: string[] = []
    const onRequest = (r: { url(): string }) => {
      if (/\/api\/v1\/ideas\/\d+/.test(r.url())) ideaRequests.push(r.url())
    }
    voter.page.on('request', onRequest)
    await timed(voter.page, '/me/votes', '/me/votes')
    voter.page.off('request', onRequest)
    assert.deepEqual(ideaRequests, [], 'no request per ballot')
    assert.ok((await voter.page.locator('li.idea').count()) >= 3, 'the ballots are listed')
    assert.equal(await meter(voter.page), '3 of 10 votes left')
    assert.equal(await voter.page.locator(`li[data-idea="${id}"]`).count(), 0)
    await shot(voter.page, 'my-votes')
    await timed(voter.page, '/ideas/:id', `/ideas/${id}`)
    assert.match((await voter.page.locator('.response').textContent()) ?? '', /<b>for now<\/b>/)
    await shot(voter.page, 'idea-declined')
    assert.deepEqual(voter.problems, [])
  })

  test('a coordinator promotes an idea and it appears on the release board; the report renders', async () => {
    const coord = await openAs('coordinator@demo.tally')
    const page = coord.page
    await visit(page, '/f/xen/triage')
    const id = ids.newIdea
    await page.click(`tr[data-idea="${id}"] summary`)
    await page.selectOption(`#release-${id}`, String(ids.release44))
    await page.fill(`#owner-${id}`, 'E2E Owner')
    await page.fill(`#exception-${id}`, 'Asked for by the e2e voters')
    await page.click(`tr[data-idea="${id}"] .promote-form button`)
    await page.waitForSelector('#triage-status:has-text("promoted")')

    await timed(page, '/releases/:id', `/releases/${ids.release44}`)
    const card = page.locator(`li.feature:has-text("${XSS_TITLE}")`)
    assert.equal(await card.count(), 1, 'the promoted idea is on the release board')
    assert.match((await card.textContent()) ?? '', /E2E Owner/)
    assert.match((await card.textContent()) ?? '', /Asked for by the e2e voters/)
    assert.equal(await page.locator('main img').count(), 0)

    await page.waitForSelector('#report:has-text("Feature freeze")')
    const report = (await page.locator('#report').textContent()) ?? ''
    assert.match(report, /We are here/)
    assert.ok(report.includes(XSS_TITLE), 'the report names the new feature, as text')
    assert.match(report, /demand: \d+ votes/)
    // Coordinator actions: edit a feature, add one with a freeze exception.
    await card.locator('summary').click()
    const featureId = await card.getAttribute('data-feature')
    await page.selectOption(`#prognosis-${featureId}`, 'done')
    await page.fill(`#line-${featureId}`, 'merged <for> 4.4')
    await card.locator('form button').click()
    await page.waitForSelector(`li[data-feature="${featureId}"] .badge.prognosis-done`)
    await page.click('summary:has-text("Add a feature")')
    await page.fill('#new-title', 'Late but important')
    await page.fill('#new-group', 'Security')
    await page.click('button:has-text("Add feature")')
    await page.waitForSelector('.status:has-text("Refused")')
    assert.match((await page.locator('main .status').first().textContent()) ?? '', /freeze/i)
    await page.fill('#new-exception', 'Security fix, approved on the list')
    await page.click('button:has-text("Add feature")')
    await page.waitForSelector('li.feature:has-text("Late but important")')
    await page.waitForSelector('#report:has-text("Late but important")')

    await page.click('#copy-report')
    await page.waitForSelector('.report-section .status:not(:empty)')
    await shot(page, 'release-board')
    assert.deepEqual(coord.problems, [])
    await coord.context.close()

    // The demo's 4.3 board: many groups, prognoses, a freeze exception, a slip.
    await visit(voter.page, `/releases/${ids.release43}`)
    assert.ok((await voter.page.locator('li.feature').count()) > 5)
    await shot(voter.page, 'release-4.3-board')

    // The voter sees the idea planned, with its feature and release, and comments on it.
    await visit(voter.page, `/ideas/${id}`)
    assert.match((await voter.page.locator('.planned-feature').textContent()) ?? '', /4\.4/)
    await voter.page.fill('#comment', 'Thanks! <b>not bold</b>')
    await voter.page.click('button:has-text("Post comment")')
    await voter.page.waitForSelector('.comment:has-text("<b>not bold</b>")')
    await shot(voter.page, 'idea-planned')
    assert.deepEqual(voter.problems, [])
  })

  test('a coordinator plans a release, it slips, it ships; a done feature gives its votes back', async () => {
    const coord = await openAs('coordinator@demo.tally')
    const page = coord.page
    // DESIGN §5 step 1: the release with its milestones and capacity, from the board.
    await visit(page, '/f/xen')
    await page.click('summary:has-text("Plan a release")')
    await page.fill('#release-name', '4.5')
    await page.fill('#release-featureFreezeAt', '2030-01-15')
    await page.fill('#release-firstRcAt', '2030-02-15')
    await page.fill('#release-releaseAt', '2030-03-01')
    await page.fill('#release-capacity', '20')
    await page.click('#new-release button[type=submit]')
    await page.waitForURL(/\/releases\/\d+$/)
    await page.waitForSelector('body[data-ready="true"]')
    const releaseId = Number(new URL(page.url()).pathname.split('/')[2])
    assert.match((await page.locator('h1').textContent()) ?? '', /Release 4\.5/)

    // An idea the voter holds 3 votes on becomes a feature of it, already done.
    const held = ids.voted[1]!
    await visit(page, '/f/xen/triage')
    await page.click(`tr[data-idea="${held}"] summary`)
    await page.selectOption(`#release-${held}`, String(releaseId))
    await page.selectOption(`#prognosis-${held}`, 'done')
    await page.click(`tr[data-idea="${held}"] .promote-form button`)
    await page.waitForSelector('#triage-status:has-text("promoted")')

    // Step 5: the release date slips, and the slip is kept with its reason.
    await visit(page, `/releases/${releaseId}`)
    await page.click('summary:has-text("Edit milestones")')
    await page.fill('#edit-releaseAt', '2030-04-01')
    await page.fill('#slip-reason', 'Waiting for the <XSA> fix')
    await page.click('#edit-milestones button[type=submit]')
    await page.waitForSelector('text=Slipped 2030-03-01 → 2030-04-01: Waiting for the <XSA> fix')
    await page.waitForSelector('#report:has-text("slipped")')

    // Step 7: ship. The done feature completes its idea; the voter gets those votes back.
    await visit(voter.page, '/me/votes')
    const before = Number(/^(\d+) of 10/.exec((await meter(voter.page)) ?? '')?.[1])
    await page.click('summary:has-text("Ship this release")')
    await page.click('button:has-text("Ship")')
    await page.waitForSelector('text=Phase: released')
    // Shipped before its other milestones: the timeline is in date order, here = the release.
    assert.match(
      (await page.locator('.timeline li.here').textContent()) ?? '',
      /Release \(shipped\)/,
    )
    await shot(page, 'release-shipped')
    assert.deepEqual(coord.problems, [])
    await coord.context.close()

    await visit(voter.page, '/me/votes')
    assert.equal(await meter(voter.page), `${before + 3} of 10 votes left`)
    await visit(voter.page, `/ideas/${held}`)
    await voter.page.waitForSelector('main .badge:has-text("Completed")')
    assert.deepEqual(voter.problems, [])
  })

  test('triage follows the cursor: every open idea can be reached', async () => {
    const dev = await openAs('ines@demo.tally')
    const page = dev.page
    const rows = () => page.locator('table.triage tbody tr[data-idea]').count()
    await visit(page, '/f/xen/triage?limit=5')
    assert.equal(await rows(), 5)
    await page.click('button:has-text("Show more")')
    await page.waitForSelector('button:has-text("Show more (10 shown)")')
    assert.equal(await rows(), 10)
    const ids = await page
      .locator('table.triage tbody tr[data-idea]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-idea')))
    assert.equal(new Set(ids).size, 10, 'no row twice')
    // An action reloads the table from the top and keeps as many rows as were shown.
    await page.click('.plan button[type=submit]')
    await page.waitForSelector('#plan p')
    await page.waitForSelector('button:has-text("Show more (10 shown)")')
    assert.equal(await rows(), 10)
    // Page on to the end: every open, not yet planned idea appears once.
    while (await page.locator('button:has-text("Show more")').count()) {
      const before = await rows()
      await page.click('button:has-text("Show more")')
      // Waits in Node for one more row (a string predicate would be eval'd in the page: CSP refuses).
      await page.locator('table.triage tbody tr[data-idea]').nth(before).waitFor()
    }
    const res = await fetch(`${server.url}/api/v1/forums/xen/triage?format=csv`, {
      headers: { authorization: `Bearer ${await tokenOf('ines@demo.tally')}` },
    })
    const csvRows = (await res.text()).trim().split('\r\n').length - 1
    assert.equal(await rows(), csvRows, 'the table reaches as many ideas as the CSV lists')
    assert.deepEqual(dev.problems, [])
    await dev.context.close()
  })

  test('every page passes an axe audit (WCAG 2 A and AA)', async () => {
    const coord = await openAs('coordinator@demo.tally')
    const found: string[] = []
    for (const path of [
      '/',
      '/f/xen',
      '/f/xen/new',
      `/ideas/${ids.voted[1]}`,
      '/me/votes',
      '/f/xen/triage',
      `/releases/${ids.release43}`,
    ]) {
      await visit(coord.page, path)
      // Open every <details> (coordinator forms) so their fields are audited too.
      await coord.page.evaluate(
        "for (const d of document.querySelectorAll('details')) d.open = true",
      )
      const { passed, violations } = await audit(coord.page)
      assert.ok(passed >= 10, `${path}: axe ran (${passed} rules passed)`)
      console.log(`axe ${path}: ${passed} rules passed, ${violations.length} violated`)
      for (const v of violations) {
        found.push(`${path}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.join(' | ')}`)
      }
    }
    assert.deepEqual(found, [], found.join('\n'))
    await coord.context.close()
  })

  test('first render of every page, as a developer on the demo data', async () => {
    const dev = await openAs('ines@demo.tally')
    const paths = [
      '/',
      '/f/xen',
      '/f/xen/new',
      `/ideas/${ids.voted[1]}`,
      '/me/votes',
      '/f/xen/triage',
      `/releases/${ids.release43}`,
    ]
    for (const round of ['cold', 'warm'])
      for (const path of paths) {
        const ms = await visit(dev.page, path)
        timings[`${path} (${round})`] = ms
        if (round === 'warm') assert.ok(ms < 2000, `${path} renders (${ms.toFixed(0)} ms)`)
      }
    assert.deepEqual(dev.problems, [])
    await dev.context.close()
  })
})
