// Turns the collected figures into the printed table (markdown, ready for the README's "Budgets"
// section) and bench/results.json, with the machine it ran on: these numbers only mean something there.
import { writeFileSync } from 'node:fs'
import { cpus, loadavg, totalmem } from 'node:os'
import type { Figure } from './figures.ts'

const fmt = (n: number) => (Math.abs(n) >= 1000 ? Math.round(n).toLocaleString('en-US').replace(/,/g, ' ') : String(n))

function valueCell(f: Figure): string {
  if (f.value === null) return '—'
  return `${fmt(f.value)} ${f.unit}`.trim()
}

function comparisonCell(f: Figure): string {
  const parts = [f.comparison ?? '', f.ratio !== null ? `ratio ${f.ratio}×` : ''].filter(Boolean)
  return parts.join('; ') || '—'
}

function verdictCell(f: Figure): string {
  switch (f.verdict) {
    case 'met':
      return '**met**'
    case 'missed':
      return '**MISSED**'
    case 'info':
      return '—'
    default:
      return 'not measured'
  }
}

const esc = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ')

export function markdownTable(figures: Figure[]): string {
  const lines = ['| what | value | budget | comparison (same run) | verdict | how / why |', '| --- | --- | --- | --- | --- | --- |']
  for (const f of figures) {
    lines.push(
      `| ${esc(`${f.section}: ${f.name}`)} | ${esc(valueCell(f))} | ${esc(f.budget?.text ?? '—')} | ${esc(comparisonCell(f))} | ${verdictCell(f)} | ${esc(f.note)} |`,
    )
  }
  return lines.join('\n')
}

export interface Machine {
  cpus: number
  cpu_model: string
  memory_gb: number
  node: string
  platform: string
  /** 1-minute load average when the figures were written: how busy the machine was (noise). */
  load_1m: number
}

export function machine(): Machine {
  const c = cpus()
  return {
    cpus: c.length,
    cpu_model: c[0]?.model ?? 'unknown',
    memory_gb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    load_1m: Math.round(loadavg()[0]! * 10) / 10,
  }
}

export function writeResults(path: string, figures: Figure[], startedAt: Date, seconds: number): void {
  const summary = {
    met: figures.filter((f) => f.verdict === 'met').length,
    missed: figures.filter((f) => f.verdict === 'missed').map((f) => `${f.section}: ${f.name}`),
    not_measured: figures.filter((f) => f.verdict === 'not measured').map((f) => `${f.section}: ${f.name} — ${f.note}`),
  }
  // `figures`: every figure judged against a budget, with `met` as a yes/no (a figure that could not be
  // measured is not met). `context`: the figures that stand beside them without a budget of their own.
  const judged = (f: Figure) => f.budget !== undefined && f.budget !== null
  const rows = figures.filter((f) => judged(f) || f.verdict === 'not measured').map((f) => ({ ...f, met: f.verdict === 'met' }))
  const context = figures.filter((f) => !judged(f) && f.verdict !== 'not measured')
  const out = { started_at: startedAt.toISOString(), seconds: Math.round(seconds), machine: machine(), summary, figures: rows, context }
  writeFileSync(path, JSON.stringify(out, null, 2) + '\n')
}
