// Every number the bench reports is a Figure: value, unit, budget, the comparison measured in the same
// run, and a verdict. A figure that could not be taken says why instead of showing a made-up number.

export type Verdict = 'met' | 'missed' | 'info' | 'not measured'

export interface Budget {
  /** `max`: value must be ≤ limit; `min`: value must be ≥ limit. */
  kind: 'max' | 'min'
  limit: number
  text: string
}

export interface Figure {
  section: string
  name: string
  value: number | null
  unit: string
  budget: Budget | null
  /** What the value is set beside, measured in the same run (e.g. `/api/health: 3 100 req/s`). */
  comparison: string | null
  /** value ÷ comparison value, when both are numbers. */
  ratio: number | null
  verdict: Verdict
  /** How it was measured, or why it was not. */
  note: string
}

export interface FigureInput {
  name: string
  value: number
  unit: string
  budget?: Budget
  comparison?: string
  ratio?: number
  note?: string
}

export const atMost = (limit: number, unit: string): Budget => ({ kind: 'max', limit, text: `≤ ${limit} ${unit}` })
export const atLeast = (limit: number, unit: string): Budget => ({ kind: 'min', limit, text: `≥ ${limit} ${unit}` })

function verdictOf(value: number, budget: Budget | undefined): Verdict {
  if (!budget) return 'info'
  return (budget.kind === 'max' ? value <= budget.limit : value >= budget.limit) ? 'met' : 'missed'
}

export function figure(section: string, f: FigureInput): Figure {
  return {
    section,
    name: f.name,
    value: round(f.value),
    unit: f.unit,
    budget: f.budget ?? null,
    comparison: f.comparison ?? null,
    ratio: f.ratio === undefined || !Number.isFinite(f.ratio) ? null : round(f.ratio),
    verdict: verdictOf(f.value, f.budget),
    note: f.note ?? '',
  }
}

export function notMeasured(section: string, name: string, why: string, budget?: Budget, unit = ''): Figure {
  return { section, name, value: null, unit, budget: budget ?? null, comparison: null, ratio: null, verdict: 'not measured', note: `not measured: ${why}` }
}

export function round(n: number): number {
  if (!Number.isFinite(n)) return n
  const abs = Math.abs(n)
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3
  const f = 10 ** digits
  return Math.round(n * f) / f
}

/** A section's figures, collected so a failure half-way keeps what was already measured. */
export class Collector {
  readonly figures: Figure[] = []
  constructor(readonly section: string) {}
  add(f: FigureInput): Figure {
    const made = figure(this.section, f)
    this.figures.push(made)
    return made
  }
  missing(name: string, why: string, budget?: Budget, unit = ''): Figure {
    const made = notMeasured(this.section, name, why, budget, unit)
    this.figures.push(made)
    return made
  }
  has(name: string): boolean {
    return this.figures.some((f) => f.name === name)
  }
}
