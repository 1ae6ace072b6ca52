// A small canvas heat layer (no plugin, no CDN): each report stamps a blurred dot into an alpha
// buffer, which is then coloured through a green→yellow→red ramp. Redrawn after each pan or zoom.
import L from 'leaflet'

const RADIUS = 18

function sprite(): HTMLCanvasElement {
  const c = document.createElement('canvas')
  c.width = c.height = RADIUS * 2
  const g = c.getContext('2d')!
  const grad = g.createRadialGradient(RADIUS, RADIUS, 0, RADIUS, RADIUS, RADIUS)
  grad.addColorStop(0, 'rgba(0,0,0,1)')
  grad.addColorStop(1, 'rgba(0,0,0,0)')
  g.fillStyle = grad
  g.fillRect(0, 0, RADIUS * 2, RADIUS * 2)
  return c
}

function ramp(): Uint8ClampedArray {
  const c = document.createElement('canvas')
  c.width = 256
  c.height = 1
  const g = c.getContext('2d')!
  const grad = g.createLinearGradient(0, 0, 256, 0)
  grad.addColorStop(0.15, '#2563eb')
  grad.addColorStop(0.4, '#16a34a')
  grad.addColorStop(0.65, '#facc15')
  grad.addColorStop(1, '#dc2626')
  g.fillStyle = grad
  g.fillRect(0, 0, 256, 1)
  return g.getImageData(0, 0, 256, 1).data
}

export class HeatLayer extends L.Layer {
  private canvas: HTMLCanvasElement | null = null
  private points: [number, number, number][] = []
  private dot: HTMLCanvasElement | null = null
  private colours: Uint8ClampedArray | null = null

  /** [lat, lng, weight]: a weight of n stamps the dot n times (repeat sightings of one report). */
  setPoints(points: [number, number, number][]): this {
    this.points = points
    this.redraw()
    return this
  }

  override onAdd(map: L.Map): this {
    this.canvas = L.DomUtil.create('canvas', 'heat-layer leaflet-zoom-hide') as HTMLCanvasElement
    this.canvas.style.pointerEvents = 'none'
    map.getPanes().overlayPane.appendChild(this.canvas)
    map.on('moveend zoomend resize', this.redraw, this)
    this.redraw()
    return this
  }

  override onRemove(map: L.Map): this {
    map.off('moveend zoomend resize', this.redraw, this)
    this.canvas?.remove()
    this.canvas = null
    return this
  }

  redraw(): void {
    const map = this._map as L.Map | undefined
    const canvas = this.canvas
    if (!map || !canvas) return
    const size = map.getSize()
    canvas.width = size.x
    canvas.height = size.y
    L.DomUtil.setPosition(canvas, map.containerPointToLayerPoint([0, 0]))
    const g = canvas.getContext('2d', { willReadFrequently: true })
    if (!g || size.x === 0 || size.y === 0) return
    this.dot ??= sprite()
    this.colours ??= ramp()
    // Fewer, stronger dots when zoomed out; the alpha adds up where reports pile up.
    g.globalAlpha = Math.min(0.6, Math.max(0.05, 0.04 * 2 ** (map.getZoom() - 12)))
    const bounds = map.getBounds().pad(0.1)
    for (const [lat, lng, weight] of this.points) {
      if (!bounds.contains([lat, lng])) continue
      const p = map.latLngToContainerPoint([lat, lng])
      for (let i = Math.min(20, Math.max(1, weight)); i > 0; i--) g.drawImage(this.dot, p.x - RADIUS, p.y - RADIUS)
    }
    const img = g.getImageData(0, 0, size.x, size.y)
    const px = img.data
    for (let i = 3; i < px.length; i += 4) {
      const a = px[i]!
      if (a === 0) continue
      const j = a * 4
      px[i - 3] = this.colours[j]!
      px[i - 2] = this.colours[j + 1]!
      px[i - 1] = this.colours[j + 2]!
      px[i] = Math.min(230, a * 1.6)
    }
    g.putImageData(img, 0, 0)
  }
}
