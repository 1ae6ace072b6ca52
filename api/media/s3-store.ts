// Photos in S3-compatible object storage (MinIO, Ceph RGW, a cloud bucket), so API replicas share no
// disk. Path-style URLs signed with SigV4 (aws4fetch); objects are named by SHA-256 like the file store.
import { AwsClient } from 'aws4fetch'
import type { MediaStore } from './store.ts'
import type { Env } from '../env.ts'

export interface S3Config {
  /** e.g. http://127.0.0.1:9000 or https://s3.example.internal — path-style: <endpoint>/<bucket>/<key>. */
  endpoint: string
  bucket: string
  region: string
  accessKeyId: string
  secretAccessKey: string
  /** Key prefix inside the bucket, '' or ending with '/'. */
  prefix?: string
  /** Extra attempts after a 5xx or 429 answer (aws4fetch backs off exponentially); a network error is not retried here. */
  retries?: number
  timeoutMs?: number
}

const HASH_RE = /^[0-9a-f]{64}$/

/** A failed storage call. The message names the operation, status and S3 error code, never credentials. */
export class S3StoreError extends Error {
  constructor(
    readonly op: string,
    readonly status: number,
    readonly code: string | undefined,
  ) {
    super(`S3 ${op} failed: HTTP ${status}${code ? ` ${code}` : ''}`)
  }
}

export function s3Client(cfg: S3Config): AwsClient {
  return new AwsClient({
    accessKeyId: cfg.accessKeyId,
    secretAccessKey: cfg.secretAccessKey,
    service: 's3',
    region: cfg.region,
    retries: cfg.retries ?? 3,
  })
}

function bucketUrl(cfg: S3Config): string {
  return `${cfg.endpoint.replace(/\/+$/, '')}/${encodeURIComponent(cfg.bucket)}`
}

async function fail(op: string, res: Response): Promise<never> {
  const body = await res.text().catch(() => '')
  throw new S3StoreError(op, res.status, /<Code>([^<]+)<\/Code>/.exec(body)?.[1])
}

export function s3MediaStore(cfg: S3Config): MediaStore {
  const client = s3Client(cfg)
  const timeout = cfg.timeoutMs ?? 30_000
  const urlOf = (h: string) => {
    if (!HASH_RE.test(h)) throw new Error('invalid media hash')
    return `${bucketUrl(cfg)}/${cfg.prefix ?? ''}${h.slice(0, 2)}/${h}`
  }
  const call = (method: string, h: string, body?: Uint8Array) =>
    client.fetch(urlOf(h), {
      method,
      body: body as Uint8Array<ArrayBuffer> | undefined,
      headers: body ? { 'content-type': 'application/octet-stream' } : {},
      signal: AbortSignal.timeout(timeout),
    })
  return {
    async has(h) {
      const res = await call('HEAD', h)
      if (res.status === 404) return false
      if (!res.ok) return fail('HEAD', res)
      return true
    },
    async put(h, bytes) {
      const res = await call('PUT', h, bytes)
      if (!res.ok) return fail('PUT', res)
      await res.arrayBuffer()
    },
    async get(h) {
      const res = await call('GET', h)
      if (res.status === 404) {
        await res.arrayBuffer()
        return undefined
      }
      if (!res.ok) return fail('GET', res)
      return new Uint8Array(await res.arrayBuffer())
    },
  }
}

/** Start-up check: the bucket exists and the credentials may use it (fail fast, not on the first photo). */
export async function checkS3Bucket(cfg: S3Config): Promise<void> {
  const res = await s3Client({ ...cfg, retries: 1 }).fetch(`${bucketUrl(cfg)}/`, { method: 'HEAD', signal: AbortSignal.timeout(cfg.timeoutMs ?? 10_000) })
  if (!res.ok) await fail('HEAD bucket', res)
}

/** The S3 settings from the environment (env.ts has already checked they are all present for MEDIA_STORE=s3). */
export function s3ConfigFromEnv(env: Env): S3Config {
  const need = (v: string | undefined, name: string) => {
    if (!v) throw new Error(`${name} is required when MEDIA_STORE=s3`)
    return v
  }
  return {
    endpoint: need(env.S3_ENDPOINT, 'S3_ENDPOINT'),
    bucket: need(env.S3_BUCKET, 'S3_BUCKET'),
    region: env.S3_REGION,
    accessKeyId: need(env.S3_ACCESS_KEY_ID, 'S3_ACCESS_KEY_ID'),
    secretAccessKey: need(env.S3_SECRET_ACCESS_KEY, 'S3_SECRET_ACCESS_KEY'),
    prefix: env.S3_PREFIX,
  }
}
