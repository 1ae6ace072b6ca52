// Test fixture (e2e server, bench, tiles:import tests): a small MBTiles file covering 双井 at a few
// zoom levels, so maps draw a real local basemap (`BASEMAP=local`) and no test reaches the internet.
import SQLite from 'better-sqlite3'
import { encodePng } from './png.ts'

export function tileOf(lat: number, lng: number, z: number) {
  const n = 2 ** z
  const x = Math.floor(((lng + 180) / 360) * n)
  const rad = (lat * Math.PI) / 180
  const y = Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n)
  return { x, y }
}

export function writeMbtiles(file: string, center = { lat: 39.8935, lng: 116.4645 }, zooms = [13, 14, 15, 16, 17], radius = 3) {
  const db = new SQLite(file)
  db.exec(
    'create table if not exists metadata (name text, value text); create table if not exists tiles (zoom_level integer, tile_column integer, tile_row integer, tile_data blob); create unique index if not exists tile_index on tiles (zoom_level, tile_column, tile_row);',
  )
  db.prepare('insert into metadata values (?, ?)').run('name', 'lastmile-test')
  db.prepare('insert into metadata values (?, ?)').run('format', 'png')
  const insert = db.prepare('insert or replace into tiles values (?, ?, ?, ?)')
  // Light street-map-like tiles: a pale ground with a grid, one shade per zoom so zooming shows.
  const tiles = new Map<number, Buffer>()
  for (const z of zooms) {
    const shade = 236 - (z % 5) * 4
    tiles.set(
      z,
      encodePng(256, 256, (x, y) => (x % 64 === 0 || y % 64 === 0 ? [200, 205, 210] : [shade, shade + 4, shade - 6])),
    )
  }
  const tx = db.transaction(() => {
    for (const z of zooms) {
      const { x, y } = tileOf(center.lat, center.lng, z)
      for (let dx = -radius; dx <= radius; dx++) for (let dy = -radius; dy <= radius; dy++) insert.run(z, x + dx, 2 ** z - 1 - (y + dy), tiles.get(z))
    }
  })
  tx()
  db.close()
}
