// Leaflet inserts a string given to a tooltip or popup as HTML. Map labels come from people (zone names,
// landmarks from inspectors' addresses, Open311 address strings), so they are passed as a DOM node whose
// text is set as text: markup in a name shows as characters. The lint rule in eslint.config.js keeps it so.

/** A span holding `text` as plain text, for bindTooltip/bindPopup/setTooltipContent/setPopupContent. */
export function textLabel(text: string | number): HTMLElement {
  const span = document.createElement('span')
  span.textContent = String(text)
  return span
}
