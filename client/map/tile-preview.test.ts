import { describe, expect, it } from 'vitest'
import type { Basemap } from '#domain/config.ts'
import { previewTiles, type PreviewView } from './tile-preview.ts'

const LOCAL: Basemap = {
  preset: 'local',
  url: '/tiles/{z}/{x}/{y}.png',
  subdomains: [],
  attribution: '',
  max_zoom: 19,
  max_native_zoom: 17,
  labels_url: null,
  gcj02: false,
  offline_areas: true,
}

/** The [lat, lng] of a tile corner, by the slippy-map formulas (independent of the module's arithmetic). */
function corner(x: number, y: number, z: number): [number, number] {
  const n = Math.pow(2, z)
  return [(Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / n))) * 180) / Math.PI, (x / n) * 360 - 180]
}

const view = (v: Partial<PreviewView>): PreviewView => ({ width: 300, height: 200, fit: [], center: [0, 0], zoom: 15, retina: false, ...v })
const places = (tiles: ReturnType<typeof previewTiles>) => tiles.map((t) => `${t.url} ${t.left},${t.top} ${t.size}`).sort()

describe('the tiles of a map’s first view, without Leaflet', () => {
  it('centres the view on its centre: the tiles around it, in their places', () => {
    const tiles = previewTiles(LOCAL, view({ center: corner(107941, 49671, 17), zoom: 17 }))
    // The centre is the corner of tile (107941, 49671): it sits at the middle of the 300×200 box.
    expect(places(tiles)).toEqual([
      '/tiles/17/107940/49670.png -106,-156 256',
      '/tiles/17/107940/49671.png -106,100 256',
      '/tiles/17/107941/49670.png 150,-156 256',
      '/tiles/17/107941/49671.png 150,100 256',
    ])
  })

  it('scales the deepest tiles the source holds up beyond its depth, as Leaflet does', () => {
    const tiles = previewTiles(LOCAL, view({ center: corner(107941, 49671, 17), zoom: 18 }))
    expect(places(tiles)).toEqual(
      [
        '/tiles/17/107940/49670.png -362,-412 512',
        '/tiles/17/107941/49670.png 150,-412 512',
        '/tiles/17/107940/49671.png -362,100 512',
        '/tiles/17/107941/49671.png 150,100 512',
      ].sort(),
    )
  })

  it('fits the view to the points it must show, at most the zoom asked for, as Leaflet did', () => {
    // Leaflet 1.9.4 in Chromium, the residents' map with the demo's two zones: its 356×318 map at 390 px
    // wide opened at zoom 17, its 446×318 one at 1 280 px wide at zoom 18 (the zoom-17 tiles scaled up).
    const zones: [number, number][] = [
      [39.89262, 116.47226],
      [39.89262, 116.47247074810295],
      [39.892656174869316, 116.47247074810295],
      [39.892656174869316, 116.47226],
      [39.89246, 116.47104],
      [39.89246, 116.47120391480856],
      [39.892514262303976, 116.47120391480856],
      [39.892514262303976, 116.47104],
    ]
    expect(places(previewTiles(LOCAL, view({ width: 356, height: 318, fit: zones, zoom: 18 })))).toEqual([
      '/tiles/17/107941/49671.png -96,-136 256',
      '/tiles/17/107941/49672.png -96,120 256',
      '/tiles/17/107942/49671.png 160,-136 256',
      '/tiles/17/107942/49672.png 160,120 256',
    ])
    expect(places(previewTiles(LOCAL, view({ width: 446, height: 318, fit: zones, zoom: 18 })))).toEqual([
      '/tiles/17/107941/49671.png -326,-431 512',
      '/tiles/17/107941/49672.png -326,81 512',
      '/tiles/17/107942/49671.png 186,-431 512',
      '/tiles/17/107942/49672.png 186,81 512',
    ])
    // One point: the largest zoom allowed, centred on it.
    const one = previewTiles(LOCAL, view({ fit: [corner(107941, 49671, 17)], zoom: 17 }))
    expect(places(one)).toEqual(places(previewTiles(LOCAL, view({ center: corner(107941, 49671, 17), zoom: 17 }))))
  })

  it('fills subdomains, the flipped row, retina and the label layer as Leaflet’s templates do', () => {
    const basemap: Basemap = {
      ...LOCAL,
      url: 'https://t{s}.example/{z}/{x}/{-y}{r}.png',
      labels_url: 'https://l{s}.example/{z}/{x}/{y}.png',
      subdomains: ['0', '1', '2'],
      max_native_zoom: null,
    }
    const tiles = previewTiles(basemap, view({ center: corner(10, 20, 6), zoom: 6, retina: true }))
    const base = tiles.filter((t) => t.layer === 0)
    const labels = tiles.filter((t) => t.layer === 1)
    expect(base.length).toBe(4)
    expect(labels.length).toBe(4)
    // Tile (10, 20) at zoom 6: subdomain (10 + 20) % 3 = 0, flipped row 63 − 20 = 43.
    expect(base.map((t) => t.url)).toContain('https://t0.example/6/10/43@2x.png')
    expect(labels.map((t) => t.url)).toContain('https://l0.example/6/10/20.png')
    expect(labels.map((t) => t.url)).toContain('https://l1.example/6/9/19.png')
  })

  it('draws nothing it cannot draw as Leaflet would', () => {
    // A placeholder it does not fill.
    expect(previewTiles({ ...LOCAL, url: '/tiles/{z}/{x}/{y}.png?key={apiKey}' }, view({ zoom: 15 }))).toEqual([])
    // A view deeper than the basemap goes.
    expect(previewTiles({ ...LOCAL, max_zoom: 16 }, view({ zoom: 17 }))).toEqual([])
    // A map with no size yet.
    expect(previewTiles(LOCAL, view({ width: 0 }))).toEqual([])
  })

  it('wraps columns round the world and leaves out rows beyond it', () => {
    const tiles = previewTiles({ ...LOCAL, max_native_zoom: null }, view({ center: [85.05112878, -180], zoom: 1, width: 600, height: 300 }))
    expect(tiles.every((t) => /^\/tiles\/1\/[01]\/[01]\.png$/.test(t.url))).toBe(true)
    // Four columns across 600 px at zoom 1 (two worlds): each of the two tiles twice, row −1 left out.
    expect(places(tiles)).toEqual([
      '/tiles/1/0/0.png -212,150 256',
      '/tiles/1/0/0.png 300,150 256',
      '/tiles/1/1/0.png 44,150 256',
      '/tiles/1/1/0.png 556,150 256',
    ])
  })
})
