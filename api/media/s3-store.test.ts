import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import S3rver from 's3rver'
import { createApp } from '../app.ts'
import { createTestApp, type TestApp } from '../test-support/testing.ts'
import { checkS3Bucket, s3Client, s3MediaStore, S3StoreError, type S3Config } from './s3-store.ts'
import { sha256Hex } from './service.ts'
import { EnvError, parseEnv } from '../env.ts'
import { jpegWithExif } from '../test-support/media-fixtures.ts'

// s3rver accepts any SigV4 signature from a known access key (it checks only V2 signatures), so the
// signing itself is checked separately against the published AWS example below.
let server: S3rver
let dir: string
let cfg: S3Config
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lastmile-s3-'))
  server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: dir, configureBuckets: [{ name: 'lastmile-media' }] })
  const { port } = await server.run()
  cfg = {
    endpoint: `http://127.0.0.1:${port}`,
    bucket: 'lastmile-media',
    region: 'us-east-1',
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    prefix: 'photos/',
    retries: 0,
  }
})
afterAll(async () => {
  await server?.close()
  rmSync(dir, { recursive: true, force: true })
})

const bytesOf = (s: string) => new TextEncoder().encode(s)

describe('s3MediaStore against a local S3 server (s3rver)', () => {
  it('puts, finds and reads an object by its SHA-256 under the prefix, path-style', async () => {
    const store = s3MediaStore(cfg)
    const bytes = bytesOf('a photo, already stripped')
    const h = sha256Hex(bytes)
    expect(await store.has(h)).toBe(false)
    expect(await store.get(h)).toBeUndefined()
    await store.put(h, bytes)
    expect(await store.has(h)).toBe(true)
    expect(Array.from((await store.get(h))!)).toEqual(Array.from(bytes))
    // The object sits at <bucket>/<prefix><h[0:2]>/<h>, readable by any S3 client.
    const raw = await s3Client(cfg).fetch(`${cfg.endpoint}/${cfg.bucket}/photos/${h.slice(0, 2)}/${h}`)
    expect(raw.status).toBe(200)
    expect(new Uint8Array(await raw.arrayBuffer())).toEqual(bytes)
    // A second put of the same content is harmless (uploads are idempotent by hash).
    await store.put(h, bytes)
    expect(await store.has(h)).toBe(true)
  })

  it('refuses a malformed hash before any request', async () => {
    await expect(s3MediaStore(cfg).get('../../etc/passwd')).rejects.toThrow('invalid media hash')
  })

  it('fails loudly, naming the S3 error code, for a missing bucket or unknown key id', async () => {
    const h = sha256Hex(bytesOf('x'))
    await expect(checkS3Bucket(cfg)).resolves.toBeUndefined()
    await expect(checkS3Bucket({ ...cfg, bucket: 'no-such-bucket' })).rejects.toThrow(S3StoreError)
    const err = await s3MediaStore({ ...cfg, bucket: 'no-such-bucket' })
      .put(h, bytesOf('x'))
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(S3StoreError)
    expect((err as S3StoreError).message).toBe('S3 PUT failed: HTTP 404 NoSuchBucket')
    const denied = await s3MediaStore({ ...cfg, accessKeyId: 'NOT-A-KEY' })
      .put(h, bytesOf('x'))
      .catch((e: unknown) => e)
    expect(denied).toMatchObject({ status: 403, code: 'InvalidAccessKeyId' })
    expect(String(denied)).not.toContain('S3RVER')
  })

  it('serves the media API from the bucket: upload through the app, read back through the app', async () => {
    const t: TestApp = await createTestApp()
    try {
      const media = s3MediaStore({ ...cfg, prefix: 'app/' })
      const app = createApp({ ...t.deps, media })
      const cookie = await t.login('inspector')
      const jpeg = jpegWithExif()
      const hash = sha256Hex(jpeg)
      const headers = { cookie, origin: 'http://localhost', 'x-forwarded-for': '10.0.0.1' }
      const put = await app.request(`/api/media/${hash}`, {
        method: 'PUT',
        body: jpeg as Uint8Array<ArrayBuffer>,
        headers: { ...headers, 'content-type': 'image/jpeg' },
      })
      expect(put.status).toBe(201)
      const row = await t.deps.db.selectFrom('media_objects').select('stored_hash').where('hash', '=', hash).executeTakeFirstOrThrow()
      expect(await media.has(row.stored_hash)).toBe(true)
      const got = await app.request(`/api/media/${hash}`, { headers })
      expect(got.status).toBe(200)
      expect(sha256Hex(new Uint8Array(await got.arrayBuffer()))).toBe(row.stored_hash)
    } finally {
      await t.close()
    }
  })
})

describe('SigV4 signing', () => {
  it('matches the AWS S3 documentation examples (GET ?lifecycle and GET ?max-keys=2&prefix=J)', async () => {
    const example = {
      endpoint: 'https://examplebucket.s3.amazonaws.com',
      bucket: 'examplebucket',
      region: 'us-east-1',
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    }
    const sign = async (url: string) => {
      const req = await s3Client(example).sign(url, {
        headers: { 'x-amz-content-sha256': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' },
        aws: { datetime: '20130524T000000Z' },
      })
      return req.headers.get('authorization')
    }
    expect(await sign('https://examplebucket.s3.amazonaws.com/?lifecycle')).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543',
    )
    expect(await sign('https://examplebucket.s3.amazonaws.com/?max-keys=2&prefix=J')).toContain(
      'Signature=34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7',
    )
  })
})

describe('MEDIA_STORE settings', () => {
  it('names every missing S3 setting when MEDIA_STORE=s3', () => {
    const err = (() => {
      try {
        parseEnv({ MEDIA_STORE: 's3', S3_ENDPOINT: 'http://127.0.0.1:9000' })
      } catch (e) {
        return e as Error
      }
    })()
    expect(err).toBeInstanceOf(EnvError)
    expect(err!.message).toContain('S3_BUCKET: is required when MEDIA_STORE=s3')
    expect(err!.message).toContain('S3_ACCESS_KEY_ID: is required when MEDIA_STORE=s3')
    expect(err!.message).not.toContain('S3_ENDPOINT')
    expect(() => parseEnv({ MEDIA_STORE: 'ftp' })).toThrow(/MEDIA_STORE/)
    expect(() => parseEnv({ MEDIA_STORE: 's3', S3_ENDPOINT: 'http://x', S3_BUCKET: 'Bad_Bucket', S3_ACCESS_KEY_ID: 'a', S3_SECRET_ACCESS_KEY: 'b' })).toThrow(
      /S3_BUCKET: is not a valid bucket name/,
    )
    const ok = parseEnv({ MEDIA_STORE: 's3', S3_ENDPOINT: 'http://127.0.0.1:9000', S3_BUCKET: 'media', S3_ACCESS_KEY_ID: 'a', S3_SECRET_ACCESS_KEY: 'b' })
    expect(ok).toMatchObject({ MEDIA_STORE: 's3', S3_REGION: 'us-east-1', S3_PREFIX: '' })
    expect(parseEnv({}).MEDIA_STORE).toBe('fs')
  })
})
