// Lighthouse 12.2.3, mobile preset (its default: emulated phone, simulated slow 4G and CPU slow-down),
// in Debian's Chromium launched by chrome-launcher, on the residents' map, menu and guides, the sign-in
// page and the capture page (signed in as the inspector). Each category has its budget; beside the score
// stands what it is made of in the same run: the metrics for performance, the weighted audits passed for
// the others. Simulated throttling replays the page's own main-thread work ×4, so a busy machine still
// lowers the performance score (mostly through total blocking time): the note carries the load average.
import { loadavg } from 'node:os'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import lighthouse from 'lighthouse'
import * as chromeLauncher from 'chrome-launcher'
import { atLeast, Collector, type Budget } from '../lib/figures.ts'
import { CHROMIUM, CHROMIUM_ARGS } from '../lib/browser.ts'
import { routeComponent } from './bundle.ts'
import type { ClientBuild } from '../lib/client-build.ts'

const CATEGORIES = ['performance', 'accessibility', 'best-practices'] as const
type Category = (typeof CATEGORIES)[number]
const BUDGETS: Record<Category, Budget> = {
  performance: atLeast(90, '/100'),
  accessibility: atLeast(95, '/100'),
  'best-practices': atLeast(95, '/100'),
}

interface Target {
  path: string
  label: string
  signedIn?: boolean
}

export const LIGHTHOUSE_TARGETS: Target[] = [
  { path: '/public/zones', label: "residents' map /public/zones" },
  { path: '/public/meals', label: "residents' menu /public/meals" },
  { path: '/public/guides', label: "residents' guides /public/guides" },
  { path: '/login', label: 'sign-in /login' },
  { path: '/patrol/new', label: 'capture /patrol/new', signedIn: true },
]

/** Figure names, in the order the section adds them (bench/run.ts lists them for a failed step). */
export const LIGHTHOUSE_NAMES = LIGHTHOUSE_TARGETS.flatMap((t) => CATEGORIES.map((c) => `${t.label}: ${c}`))

type Lhr = NonNullable<Awaited<ReturnType<typeof lighthouse>>>['lhr']

const seconds = (ms: number | undefined) => (ms === undefined ? '?' : `${(ms / 1000).toFixed(1)} s`)

/** The performance score's parts, from the same run. */
function metrics(lhr: Lhr): string {
  const n = (id: string) => lhr.audits[id]?.numericValue
  const cls = n('cumulative-layout-shift')
  return `LCP ${seconds(n('largest-contentful-paint'))}, FCP ${seconds(n('first-contentful-paint'))}, TBT ${Math.round(n('total-blocking-time') ?? NaN)} ms, SI ${seconds(n('speed-index'))}, CLS ${cls === undefined ? '?' : cls.toFixed(3)}`
}

/**
 * The main thread's work in the same run (steadier than TBT on a loaded machine): all of it, and what
 * script evaluation and parsing took (Lighthouse's mainthread-work-breakdown), after the ×4 CPU slow-down.
 */
function mainThread(lhr: Lhr): string {
  const items = (lhr.audits['mainthread-work-breakdown']?.details as { items?: { group: string; duration: number }[] } | undefined)?.items ?? []
  const ms = (groups: string[]) => Math.round(items.filter((i) => groups.includes(i.group)).reduce((s, i) => s + i.duration, 0))
  return `main thread ${ms(items.map((i) => i.group))} ms (script evaluation ${ms(['scriptEvaluation'])} ms, parse and compile ${ms(['scriptParseCompile'])} ms)`
}

/** How many of the category's weighted audits pass (score ≥ 0.9), and which do not. */
function audits(lhr: Lhr, category: Category): { comparison: string; failing: string[] } {
  const cat = lhr.categories[category]!
  const weighted = cat.auditRefs.filter((r) => r.weight > 0).map((r) => lhr.audits[r.id]!)
  const scored = weighted.filter((a) => a.score !== null)
  const failing = scored.filter((a) => a.score! < 0.9).map((a) => a.id)
  return { comparison: `${scored.length - failing.length} of ${scored.length} weighted audits pass`, failing }
}

export async function lighthouseBench(appUrl: string, build: ClientBuild, inspectorCookie: string): Promise<Collector> {
  const out = new Collector('Lighthouse (mobile)')
  const manifest = JSON.parse(readFileSync(join(build.appDir, '.vite', 'manifest.json'), 'utf8')) as Record<string, unknown>
  if (!existsSync(CHROMIUM)) {
    for (const t of LIGHTHOUSE_TARGETS) for (const c of CATEGORIES) out.missing(`${t.label}: ${c}`, `${CHROMIUM} not found`, BUDGETS[c], '/100')
    return out
  }
  const chrome = await chromeLauncher.launch({ chromePath: CHROMIUM, chromeFlags: ['--headless=new', ...CHROMIUM_ARGS], logLevel: 'silent' })
  try {
    // One run thrown away first: a fresh browser's first page pays its own start-up (processes, code
    // caches, fonts), which a phone that has a browser open does not. Lighthouse resets the page's
    // storage and HTTP cache before every run, so the runs that count start as a first visit all the same.
    await lighthouse(`${appUrl}${LIGHTHOUSE_TARGETS[0]!.path}`, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance'] })
    for (const t of LIGHTHOUSE_TARGETS) {
      const comp = routeComponent(t.path)
      if (!comp || !manifest[comp]) {
        for (const c of CATEGORIES)
          out.missing(`${t.label}: ${c}`, comp ? `${comp} is not in the built app yet` : `no route ${t.path} in client/pages yet`, BUDGETS[c], '/100')
        continue
      }
      const load = loadavg()[0]!.toFixed(1)
      const started = performance.now()
      const result = await lighthouse(`${appUrl}${t.path}`, {
        port: chrome.port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: [...CATEGORIES],
        ...(t.signedIn ? { extraHeaders: { cookie: inspectorCookie } } : {}),
      })
      if (!result) throw new Error(`Lighthouse returned nothing for ${t.path}`)
      const lhr = result.lhr
      // BENCH_LIGHTHOUSE_DIR=<dir> keeps each full report (JSON) there to read what the figures come from.
      if (process.env.BENCH_LIGHTHOUSE_DIR) writeFileSync(join(process.env.BENCH_LIGHTHOUSE_DIR, `${t.path.replace(/\W+/g, '_')}.json`), JSON.stringify(lhr))
      const secs = Math.round((performance.now() - started) / 1000)
      const consoleItems = (lhr.audits['errors-in-console']?.details as { items?: { description?: string; url?: string }[] } | undefined)?.items ?? []
      const firstError = consoleItems[0]
        ? `; first console error: ${(consoleItems[0].description ?? '').slice(0, 120)} ${consoleItems[0].url ?? ''}`.trimEnd()
        : ''
      for (const c of CATEGORIES) {
        const cat = lhr.categories[c]
        if (!cat || cat.score === null) {
          out.missing(`${t.label}: ${c}`, `Lighthouse gave no ${c} score${lhr.runtimeError ? ` (${lhr.runtimeError.code})` : ''}`, BUDGETS[c], '/100')
          continue
        }
        const { comparison, failing } = audits(lhr, c)
        out.add({
          name: `${t.label}: ${c}`,
          value: Math.round(cat.score * 100),
          unit: '/100',
          budget: BUDGETS[c],
          comparison: c === 'performance' ? metrics(lhr) : comparison,
          note: `Lighthouse ${lhr.lighthouseVersion}, ${lhr.configSettings.formFactor}, ${lhr.configSettings.throttlingMethod} throttling, ${secs} s, load average ${load}${c === 'performance' ? `; ${mainThread(lhr)}; ${comparison}` : ''}${failing.length ? `; below 0.9: ${failing.slice(0, 6).join(', ')}` : ''}${c === 'best-practices' ? firstError : ''}`,
        })
      }
    }
  } finally {
    chrome.kill()
  }
  return out
}
