// Accessibility checks shared by the specs: axe (serious and critical findings only), and the figures a
// rule can measure on the page as it is on screen — text size, line height, paragraph spacing, contrast
// (4.5:1, or 3:1 for large text), tap-target size and fixed layers — with the limits each spec asks for.
import { createRequire } from 'node:module'
import { readFileSync } from 'node:fs'
import type { Page } from '@playwright/test'

const require = createRequire(import.meta.url)
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')

/** The WCAG 2.1 A/AA rules and axe's best practices. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']

interface AxeViolation {
  id: string
  impact: string
  nodes: { target: string[]; failureSummary?: string }[]
}

/**
 * axe's serious and critical findings on the page, one readable line each (empty when none); all rules
 * unless `tags` narrows them, or only the named `rules` (which runs them even where axe has them off by
 * default, as target-size).
 */
export async function axeSerious(page: Page, tags?: string[], rules?: string[]): Promise<string[]> {
  await page.evaluate(AXE)
  const runOnly = rules ? { type: 'rule', values: rules } : tags ? { type: 'tag', values: tags } : undefined
  const violations = await page.evaluate(async (runOnly) => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: AxeViolation[] }> } }).axe
    const result = await axe.run(document, { resultTypes: ['violations'], ...(runOnly ? { runOnly } : {}) })
    return result.violations
  }, runOnly)
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
}

/** What `measureLayout` checks; a figure left out is not checked. Contrast is always checked. */
export interface LayoutLimits {
  /** Smallest text outside headings, px. */
  text?: number
  /** Smallest heading text, px. */
  heading?: number
  /** Smallest line height as a multiple of the font size. */
  lineHeight?: number
  /** Smallest space after a paragraph as a multiple of its line height. */
  paragraphSpacing?: number
  /** Smallest tap target (links, buttons, fields, switches; a radio or checkbox by its label), px each way. */
  target?: number
  /** Nothing fixed over the page, no dialog open. */
  noFixedLayers?: boolean
}

/** The elder-friendly figures (MIIT 2021): text ≥ 18 px, headings ≥ 30 px, line height ≥ 1.3, paragraph spacing ≥ 1.3 lines, targets ≥ 60 px, no pop-ups. */
export const ELDER_LIMITS: LayoutLimits = { text: 18, heading: 30, lineHeight: 1.3, paragraphSpacing: 1.3, target: 60, noFixedLayers: true }

/** The ordinary residents' pages: contrast, and targets of at least 44 × 44 px. */
export const RESIDENT_LIMITS: LayoutLimits = { target: 44 }

/**
 * Runs in the page (`page.evaluate(measureLayout, limits)`): every breach of the limits on the page as it
 * is on screen, as readable lines (empty when none).
 */
export function measureLayout(limits: LayoutLimits): string[] {
  const out: string[] = []
  const visible = (el: Element) => {
    const r = el.getBoundingClientRect()
    if (r.width === 0 || r.height === 0) return false
    for (let e: Element | null = el; e; e = e.parentElement) {
      const s = getComputedStyle(e)
      if (s.display === 'none' || s.visibility === 'hidden') return false
      if (s.clipPath === 'inset(50%)') return false // visually hidden text for screen readers
      if (e.parentElement instanceof HTMLDetailsElement && !e.parentElement.open && e.tagName !== 'SUMMARY') return false // a closed disclosure's content
    }
    return true
  }
  const describe = (el: Element) =>
    `${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : ''} "${(el.textContent ?? '').trim().slice(0, 24)}"`
  const rgba = (c: string): [number, number, number, number] => {
    const m = c.match(/rgba?\(([^)]+)\)/)
    if (!m) return [0, 0, 0, 0]
    const p = m[1]!
      .split(/[ ,/]+/)
      .filter(Boolean)
      .map(Number)
    return [p[0]!, p[1]!, p[2]!, p[3] ?? 1]
  }
  const over = (top: number[], under: number[]) => {
    const a = top[3]!
    return [0, 1, 2].map((i) => top[i]! * a + under[i]! * (1 - a)).concat(1)
  }
  const background = (el: Element): number[] => {
    const layers: number[][] = []
    for (let e: Element | null = el; e; e = e.parentElement) {
      const c = rgba(getComputedStyle(e).backgroundColor)
      if (c[3] > 0) layers.push(c)
      if (c[3] >= 1) break
    }
    let bg = [255, 255, 255, 1]
    for (const l of layers.reverse()) bg = over(l, bg)
    return bg
  }
  const lum = (c: number[]) => {
    const ch = c.slice(0, 3).map((v) => {
      const s = v / 255
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4
    })
    return 0.2126 * ch[0]! + 0.7152 * ch[1]! + 0.0722 * ch[2]!
  }
  const contrast = (a: number[], b: number[]) => {
    const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x)
    return (hi! + 0.05) / (lo! + 0.05)
  }

  // Text: every element that holds text of its own.
  for (const el of document.querySelectorAll('body *')) {
    const own = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim() !== '')
    if (!own || !visible(el) || el.closest('.print-only, [aria-hidden=true]')) continue
    const s = getComputedStyle(el)
    const size = parseFloat(s.fontSize)
    const heading = el.closest('h1, h2, h3')
    if (limits.heading && heading && size < limits.heading) out.push(`heading ${size}px < ${limits.heading}px: ${describe(el)}`)
    if (limits.text && !heading && size < limits.text) out.push(`text ${size}px < ${limits.text}px: ${describe(el)}`)
    const lh = s.lineHeight === 'normal' ? 1.2 * size : parseFloat(s.lineHeight)
    if (limits.lineHeight && lh < limits.lineHeight * size - 0.01) out.push(`line height ${lh}px < ${limits.lineHeight} × ${size}px: ${describe(el)}`)
    const fg = over(rgba(s.color), background(el))
    const ratio = contrast(fg, background(el))
    const large = size >= 24 || (size >= 18.66 && Number(s.fontWeight) >= 700)
    if (ratio < (large ? 3 : 4.5)) out.push(`contrast ${ratio.toFixed(2)} < ${large ? 3 : 4.5}: ${describe(el)}`)
  }
  // Paragraphs: the space to whatever follows.
  if (limits.paragraphSpacing)
    for (const p of document.querySelectorAll('main p')) {
      const next = p.nextElementSibling
      if (!next || !visible(p) || !visible(next)) continue
      const lh = parseFloat(getComputedStyle(p).lineHeight)
      const gap = next.getBoundingClientRect().top - p.getBoundingClientRect().bottom
      if (gap < limits.paragraphSpacing * lh - 0.5) out.push(`paragraph spacing ${gap.toFixed(1)}px < ${limits.paragraphSpacing} × ${lh}px: ${describe(p)}`)
    }
  // Tap targets: links, buttons, fields, switches; a radio or checkbox by its label.
  if (limits.target)
    for (const el of document.querySelectorAll('a[href], button, input, select, textarea, summary, [role=switch]')) {
      const target = el instanceof HTMLInputElement && (el.type === 'radio' || el.type === 'checkbox') ? (el.closest('label') ?? el) : el
      if (!visible(target) || target.closest('.skip-link')) continue
      const r = target.getBoundingClientRect()
      if (r.width < limits.target - 0.5 || r.height < limits.target - 0.5)
        out.push(`tap target ${r.width.toFixed(0)}×${r.height.toFixed(0)} < ${limits.target}×${limits.target}: ${describe(target)}`)
    }
  if (limits.noFixedLayers) {
    for (const el of document.querySelectorAll('body *')) {
      if (visible(el) && getComputedStyle(el).position === 'fixed') out.push(`fixed layer: ${describe(el)}`)
    }
    if (document.querySelector('dialog[open], [role=dialog], [role=alertdialog]')) out.push('a dialog is open')
  }
  return out
}
