// Leaflet.markercluster is a UMD plugin that extends the global `L`: publish it before the plugin loads.
import L from 'leaflet'

;(window as unknown as { L: typeof L }).L = L
export default L
