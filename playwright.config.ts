// E2E against the built app served by the real API, in Debian's Chromium (never a downloaded browser).
import { defineConfig, devices } from '@playwright/test'

const PORT = Number(process.env.E2E_PORT ?? 8790)
// E2E_WORKERS=2 runs two specs at a time, for a machine with cores to spare: alone on two cores the
// specs took 13 instead of 18 minutes, but inside `npm test` they starve the API suite beside them
// (its SQLite run went from 9 to 16 minutes), so the default is one. Each worker has a server and a
// database of its own: its specs never see another worker's records, as when a spec runs alone.
// Worker n's server listens on E2E_PORT + 30 n (https.spec.ts takes E2E_PORT + 10 and + 11).
const WORKERS = Math.max(1, Number(process.env.E2E_WORKERS ?? 1))
const portOf = (slot: number) => PORT + 30 * slot
// Playwright loads this file in each worker process too, after setting the worker's slot here.
const SLOT = Math.min(WORKERS - 1, Number(process.env.TEST_PARALLEL_INDEX ?? 0))
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export default defineConfig({
  testDir: 'e2e',
  testMatch: /.*\.spec\.ts$/,
  // Generous: a coordinator or admin sign-in may wait up to 30 s for an unused authenticator step.
  timeout: 120_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: WORKERS,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://localhost:${portOf(SLOT)}`,
    ...devices['Pixel 7'],
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 1,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    serviceWorkers: 'allow',
    launchOptions: {
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  webServer: Array.from({ length: WORKERS }, (_, slot) => ({
    command: 'node --import tsx e2e/serve.ts',
    url: `http://localhost:${portOf(slot)}/api/health`,
    reuseExistingServer: false,
    timeout: 60_000,
    env: {
      PORT: String(portOf(slot)),
      DATA_DIR: slot ? `.e2e/data-${slot}` : '.e2e/data',
      BASEMAP: 'local',
      SEED_DEMO: '1',
      LOG_LEVEL: 'warn',
      CLIENT_DIST: './dist',
    },
  })),
})
