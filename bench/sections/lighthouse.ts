// Lighthouse 12.2.3, mobile preset (its default: emulated phone, simulated slow 4G and CPU slow-down),
// in Debian's Chromium launched by chrome-launcher, on the residents' map and the capture page.
import lighthouse from 'lighthouse'
import * as chromeLauncher from 'chrome-launcher'
import { Collector } from '../lib/figures.ts'
import { CHROMIUM, CHROMIUM_ARGS } from '../lib/browser.ts'
import { routeComponent } from './bundle.ts'
import type { ClientBuild } from '../lib/client-build.ts'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { readFileSync } from 'node:fs'

const CATEGORIES = ['performance', 'accessibility', 'best-practices'] as const

interface Target {
  path: string
  label: string
  cookie?: string
}

export async function lighthouseBench(appUrl: string, build: ClientBuild, inspectorCookie: string): Promise<Collector> {
  const out = new Collector('Lighthouse (mobile)')
  const manifest = JSON.parse(readFileSync(join(build.appDir, '.vite', 'manifest.json'), 'utf8')) as Record<string, unknown>
  const targets: Target[] = [
    { path: '/public/zones', label: "residents' map /public/zones" },
    { path: '/patrol/new', label: 'capture /patrol/new', cookie: inspectorCookie },
  ]
  if (!existsSync(CHROMIUM)) {
    for (const t of targets) for (const c of CATEGORIES) out.missing(`${t.label}: ${c}`, `${CHROMIUM} not found`, undefined, '/100')
    return out
  }
  const chrome = await chromeLauncher.launch({ chromePath: CHROMIUM, chromeFlags: ['--headless=new', ...CHROMIUM_ARGS], logLevel: 'silent' })
  try {
    for (const t of targets) {
      const comp = routeComponent(t.path)
      if (!comp || !manifest[comp]) {
        for (const c of CATEGORIES)
          out.missing(`${t.label}: ${c}`, comp ? `${comp} is not in the built app yet` : `no route ${t.path} in client/pages yet`, undefined, '/100')
        continue
      }
      const started = performance.now()
      const result = await lighthouse(`${appUrl}${t.path}`, {
        port: chrome.port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: [...CATEGORIES],
        ...(t.cookie ? { extraHeaders: { cookie: t.cookie } } : {}),
      })
      if (!result) throw new Error(`Lighthouse returned nothing for ${t.path}`)
      const lhr = result.lhr
      const secs = Math.round((performance.now() - started) / 1000)
      const lcp = lhr.audits['largest-contentful-paint']?.displayValue ?? '?'
      const tbt = lhr.audits['total-blocking-time']?.displayValue ?? '?'
      const consoleItems = (lhr.audits['errors-in-console']?.details as { items?: { description?: string; url?: string }[] } | undefined)?.items ?? []
      const firstError = consoleItems[0]
        ? `; first console error: ${(consoleItems[0].description ?? '').slice(0, 120)} ${consoleItems[0].url ?? ''}`.trimEnd()
        : ''
      for (const c of CATEGORIES) {
        const cat = lhr.categories[c]
        if (!cat || cat.score === null) {
          out.missing(`${t.label}: ${c}`, `Lighthouse gave no ${c} score${lhr.runtimeError ? ` (${lhr.runtimeError.code})` : ''}`, undefined, '/100')
          continue
        }
        const failing = Object.values(lhr.audits)
          .filter((a) => cat.auditRefs.some((r) => r.id === a.id && r.weight > 0) && a.score !== null && a.score < 0.9)
          .slice(0, 4)
          .map((a) => a.id)
        out.add({
          name: `${t.label}: ${c}`,
          value: Math.round(cat.score * 100),
          unit: '/100',
          note: `Lighthouse ${lhr.lighthouseVersion}, ${lhr.configSettings.formFactor}, ${lhr.configSettings.throttlingMethod} throttling, ${secs} s${c === 'performance' ? `; LCP ${lcp}, TBT ${tbt}` : ''}${failing.length ? `; below 0.9: ${failing.join(', ')}` : ''}${c === 'best-practices' ? firstError : ''}`,
        })
      }
    }
  } finally {
    chrome.kill()
  }
  return out
}
