// Vitest global setup for the API suite on PostgreSQL: migrate and seed ONE template database per
// run, so each test's fresh database is a fast copy of it instead of a full migrate + seed.
import type { TestProject } from 'vitest/node'
import pg from 'pg'
import { migrateToLatest, openDatabase } from '../db/database.ts'
import { seed } from '../db/seed/index.ts'
import { MODULES } from '../modules/index.ts'
import { testDatabaseAdminUrl } from '../env.ts'
import { DEFAULT_TEST_NOW } from './test-database.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    pgTemplate: string
  }
}

export default async function setup(project: TestProject) {
  const adminUrl = testDatabaseAdminUrl()
  if (!adminUrl) {
    project.provide('pgTemplate', '')
    return
  }
  const name = `lm_tpl_${process.pid}_${Date.now().toString(36)}`
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  await admin.query(`create database ${name}`)
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  const { db, close } = openDatabase(url.toString())
  await migrateToLatest(db)
  await seed(db, MODULES, { demo: true, now: DEFAULT_TEST_NOW })
  await close()
  project.provide('pgTemplate', name)
  return async () => {
    await admin.query(`drop database if exists ${name} with (force)`)
    await admin.end()
  }
}
