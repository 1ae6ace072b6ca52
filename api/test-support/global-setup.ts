// Vitest global setup for the API suite: migrate and seed ONE template database per run, so each test
// app's fresh database is a fast copy of it instead of a full migrate + seed. On PostgreSQL a template
// database (`create database … template`); on SQLite a closed database file that each app copies.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'
import pg from 'pg'
import { migrateToLatest, openDatabase } from '../db/database.ts'
import { seed } from '../db/seed/index.ts'
import { MODULES } from '../modules/index.ts'
import { testDatabaseAdminUrl } from '../env.ts'
import { DEFAULT_TEST_NOW, dropDatabasesLike } from './test-database.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    /** The PostgreSQL template database's name ('' on SQLite). */
    pgTemplate: string
    /** The SQLite template file's path ('' on PostgreSQL). */
    sqliteTemplate: string
  }
}

async function migrateAndSeed(url: string) {
  const { db, close } = openDatabase(url)
  await migrateToLatest(db)
  await seed(db, MODULES, { demo: true, now: DEFAULT_TEST_NOW })
  await close()
}

export default async function setup(project: TestProject) {
  const adminUrl = testDatabaseAdminUrl()
  if (!adminUrl) {
    const dir = mkdtempSync(join(tmpdir(), 'lastmile-tpl-'))
    const file = join(dir, 'template.db')
    await migrateAndSeed(file)
    project.provide('pgTemplate', '')
    project.provide('sqliteTemplate', file)
    return () => rmSync(dir, { recursive: true, force: true })
  }
  const name = `lm_tpl_${process.pid}_${Date.now().toString(36)}`
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  await admin.query(`create database ${name}`)
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  await migrateAndSeed(url.toString())
  project.provide('pgTemplate', name)
  project.provide('sqliteTemplate', '')
  return async () => {
    await dropDatabasesLike(adminUrl, name)
    await admin.query(`drop database if exists ${name} with (force)`)
    await admin.end()
  }
}
