// Reads a position people type or paste: "lat,lng", "lng,lat", hemisphere letters, 纬度/经度 labels,
// AMap and Tencent (WeChat) share links. Pure: the datum conversion is the caller's, after parsing.
import { haversineM } from './geo.ts'
import type { MessageDict } from './messages.ts'

/** Messages of the position parser (typed or pasted coordinates). */
export const COORDINATE_MESSAGES: MessageDict = {
  coords_empty: { 'zh-CN': '请输入或粘贴坐标', en: 'Type or paste a position' },
  coords_format: {
    'zh-CN': '看不懂这个坐标：请输入「纬度,经度」，如 39.892109,116.471685，或粘贴高德分享链接',
    en: 'Cannot read this position: type "latitude,longitude" such as 39.892109,116.471685, or paste an AMap share link',
  },
  coords_range: { 'zh-CN': '坐标超出范围：纬度须在 -90 到 90、经度须在 -180 到 180 之间', en: 'Out of range: latitude -90 to 90, longitude -180 to 180' },
  coords_swapped: { 'zh-CN': '纬度和经度似乎填反了，请交换后再试', en: 'Latitude and longitude look swapped; swap them and try again' },
  coords_ambiguous: { 'zh-CN': '无法判断哪个是纬度、哪个是经度，请选择', en: 'Cannot tell which number is the latitude; please choose' },
  coords_far: { 'zh-CN': '这个位置离本街道太远，请检查坐标', en: 'This position is far from the subdistrict; check the numbers' },
}

export type Datum = 'wgs84' | 'gcj02'
export type CoordinateErrorKey = 'coords_empty' | 'coords_format' | 'coords_range' | 'coords_swapped' | 'coords_ambiguous' | 'coords_far'

export interface LatLng {
  lat: number
  lng: number
}

export type ParsedCoordinate =
  | {
      ok: true
      lat: number
      lng: number
      /** How the two numbers were ordered in the text. */
      order: 'latlng' | 'lnglat'
      /** Datum the text itself implies: AMap and Tencent links are GCJ-02; plain numbers say nothing. */
      impliedDatum: Datum | null
    }
  | { ok: false; key: CoordinateErrorKey; /** For `coords_ambiguous`: both readings, lat/lng first. */ candidates?: [LatLng, LatLng] }

export interface ParseOptions {
  /** Where the position should be (the subdistrict's centre): settles an ambiguous order, catches swaps. */
  near?: LatLng
  /** Farther than this from `near` is refused as `coords_far` (default 50 km). */
  maxDistanceM?: number
  /** The user's answer to `coords_ambiguous`. */
  order?: 'latlng' | 'lnglat'
}

/** Links from these apps carry GCJ-02 numbers. */
const MAP_APP = /amap\.com|gaode\.com|map\.qq\.com|apis\.map\.qq\.com/i
const NUM = '[-+−]?\\d+(?:\\.\\d+)?'
const inRange = (p: LatLng) => Math.abs(p.lat) <= 90 && Math.abs(p.lng) <= 180
const toNumber = (s: string) => Number(s.replace('−', '-'))

/** Chinese and full-width punctuation people paste from chat apps, turned into ASCII. */
function normalise(text: string): string {
  return text
    .replace(/[，、；;]/g, ',')
    .replace(/[：]/g, ':')
    .replace(/[（）()]/g, ' ')
    .replace(/[\uFF10-\uFF19]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/．/g, '.')
    .replace(/\u00A0/g, ' ')
    .trim()
}

type Reading = { a: number; b: number; order: 'latlng' | 'lnglat' | null; impliedDatum: Datum | null }

/** Share links: AMap `position=`/`location=`/`lnglat=` are lng,lat; Tencent `coord:` and `latlng=` are lat,lng. */
function fromLink(text: string): Reading | undefined {
  const amap = new RegExp(`(?:[?&](?:position|location|lnglat)=)(${NUM}),(${NUM})`, 'i').exec(text)
  if (amap && /amap\.com|gaode\.com/i.test(text)) return { a: toNumber(amap[1]!), b: toNumber(amap[2]!), order: 'lnglat', impliedDatum: 'gcj02' }
  const tencent = new RegExp(`(?:coord:|[?&]latlng=|[?&]center=)(${NUM}),(${NUM})`, 'i').exec(text)
  if (tencent && /qq\.com/i.test(text)) return { a: toNumber(tencent[1]!), b: toNumber(tencent[2]!), order: 'latlng', impliedDatum: 'gcj02' }
  return undefined
}

/** "39.89 N, 116.47 E", "N39.89 E116.47", "39.89°N 116.47°E": letters decide, S and W are negative. */
function fromHemispheres(text: string): Reading | undefined {
  const re = new RegExp(`(?<![a-z])([NSEW])\\s*(${NUM})\\s*°?|(${NUM})\\s*°?\\s*([NSEW])(?![a-z])`, 'gi')
  const found: { axis: 'lat' | 'lng'; value: number }[] = []
  for (const m of text.matchAll(re)) {
    const letter = (m[1] ?? m[4]!).toUpperCase()
    const value = Math.abs(toNumber(m[2] ?? m[3]!)) * (letter === 'S' || letter === 'W' ? -1 : 1)
    found.push({ axis: letter === 'N' || letter === 'S' ? 'lat' : 'lng', value })
  }
  if (found.length !== 2 || found[0]!.axis === found[1]!.axis) return undefined
  const first = found[0]!
  return { a: first.value, b: found[1]!.value, order: first.axis === 'lat' ? 'latlng' : 'lnglat', impliedDatum: null }
}

/** "纬度 39.89 经度 116.47", "lat: 39.89, lng: 116.47" (either order). */
function fromLabels(text: string): Reading | undefined {
  const lat = new RegExp(`(?:纬度|latitude|lat)\\s*[:=]?\\s*(${NUM})`, 'i').exec(text)
  const lng = new RegExp(`(?:经度|longitude|long|lng|lon)\\s*[:=]?\\s*(${NUM})`, 'i').exec(text)
  if (!lat || !lng) return undefined
  return { a: toNumber(lat[1]!), b: toNumber(lng[1]!), order: 'latlng', impliedDatum: null }
}

/** Two bare numbers separated by a comma or spaces, nothing else. */
function fromPair(text: string): Reading | undefined {
  const m = new RegExp(`^(${NUM})\\s*°?\\s*(?:,|\\s)\\s*(${NUM})\\s*°?$`).exec(text)
  return m ? { a: toNumber(m[1]!), b: toNumber(m[2]!), order: null, impliedDatum: null } : undefined
}

const asLatLng = (r: Reading, order: 'latlng' | 'lnglat'): LatLng => (order === 'latlng' ? { lat: r.a, lng: r.b } : { lat: r.b, lng: r.a })

/** Parses one pasted or typed position (WGS-84 or GCJ-02 numbers alike; nothing is converted here). */
export function parseCoordinates(input: string, opts: ParseOptions = {}): ParsedCoordinate {
  const text = normalise(input)
  if (!text) return { ok: false, key: 'coords_empty' }
  const found = fromLink(text) ?? fromHemispheres(text) ?? fromLabels(text) ?? fromPair(text)
  const reading = found && MAP_APP.test(text) ? { ...found, impliedDatum: 'gcj02' as const } : found
  if (!reading || !Number.isFinite(reading.a) || !Number.isFinite(reading.b)) return { ok: false, key: 'coords_format' }
  const maxM = opts.maxDistanceM ?? 50_000
  const near = (p: LatLng) => !opts.near || haversineM(opts.near, p) <= maxM
  const done = (order: 'latlng' | 'lnglat'): ParsedCoordinate => ({ ok: true, ...asLatLng(reading, order), order, impliedDatum: reading.impliedDatum })

  const stated = reading.order ?? opts.order
  if (stated) {
    const p = asLatLng(reading, stated)
    const other = asLatLng(reading, stated === 'latlng' ? 'lnglat' : 'latlng')
    if (!inRange(p)) return { ok: false, key: inRange(other) && near(other) ? 'coords_swapped' : 'coords_range' }
    if (!near(p)) return { ok: false, key: inRange(other) && opts.near && near(other) ? 'coords_swapped' : 'coords_far' }
    return done(stated)
  }
  // Bare numbers: the range decides (a latitude is never above 90); otherwise the nearer reading.
  const latFirst = asLatLng(reading, 'latlng')
  const lngFirst = asLatLng(reading, 'lnglat')
  const okLatFirst = inRange(latFirst)
  const okLngFirst = inRange(lngFirst)
  if (!okLatFirst && !okLngFirst) return { ok: false, key: 'coords_range' }
  if (okLatFirst !== okLngFirst) {
    const order = okLatFirst ? 'latlng' : 'lnglat'
    return near(asLatLng(reading, order)) ? done(order) : { ok: false, key: 'coords_far' }
  }
  if (reading.a === reading.b) return near(latFirst) ? done('latlng') : { ok: false, key: 'coords_far' }
  if (opts.near) {
    const nearLat = near(latFirst)
    const nearLng = near(lngFirst)
    if (nearLat !== nearLng) return done(nearLat ? 'latlng' : 'lnglat')
    if (!nearLat) return { ok: false, key: 'coords_far' }
  }
  return { ok: false, key: 'coords_ambiguous', candidates: [latFirst, lngFirst] }
}

/** "39.892109, 116.471685": how the app writes a position back for people to read or copy. */
export function formatLatLng(p: LatLng, digits = 6): string {
  return `${p.lat.toFixed(digits)}, ${p.lng.toFixed(digits)}`
}
