// Structured JSON logs, one line per event, with no personal data: ids and codes, never names,
// phone numbers, bodies or cookies.
export type Level = 'debug' | 'info' | 'warn' | 'error'
const ORDER: Record<Level | 'silent', number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 }

export interface Logger {
  log(level: Level, msg: string, fields?: Record<string, unknown>): void
}

export function createLogger(min: Level | 'silent', write: (line: string) => void = (l) => process.stdout.write(l + '\n')): Logger {
  return {
    log(level, msg, fields) {
      if (ORDER[level] < ORDER[min]) return
      write(JSON.stringify({ t: new Date().toISOString(), level, msg, ...fields }))
    },
  }
}
