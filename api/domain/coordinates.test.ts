import { describe, expect, it } from 'vitest'
import { formatLatLng, parseCoordinates } from './coordinates.ts'
import { translateMessage } from './messages.ts'

const near = { lat: 39.8935, lng: 116.4645 }
const at = (text: string, opts = {}) => {
  const r = parseCoordinates(text, opts)
  if (!r.ok) throw new Error(`${text}: ${r.key}`)
  return [r.lat, r.lng, r.order, r.impliedDatum]
}
const err = (text: string, opts = {}) => {
  const r = parseCoordinates(text, opts)
  return r.ok ? 'ok' : r.key
}

describe('parseCoordinates', () => {
  it('reads lat,lng and lng,lat by range, with or without spaces and the Chinese comma', () => {
    expect(at('39.892109,116.471685')).toEqual([39.892109, 116.471685, 'latlng', null])
    expect(at('116.471685,39.892109')).toEqual([39.892109, 116.471685, 'lnglat', null])
    expect(at(' 39.892109 ， 116.471685 ')).toEqual([39.892109, 116.471685, 'latlng', null])
    expect(at('116.471685 39.892109')).toEqual([39.892109, 116.471685, 'lnglat', null])
    expect(at('３９.８９２１０９，１１６.４７１６８５')).toEqual([39.892109, 116.471685, 'latlng', null])
  })

  it('reads hemisphere letters and 纬度/经度 labels', () => {
    expect(at('39.892109 N, 116.471685 E')).toEqual([39.892109, 116.471685, 'latlng', null])
    expect(at('116.471685°E 39.892109°N')).toEqual([39.892109, 116.471685, 'lnglat', null])
    expect(at('N39.892109 E116.471685')).toEqual([39.892109, 116.471685, 'latlng', null])
    expect(at('33.9 S, 18.4 E')).toEqual([-33.9, 18.4, 'latlng', null])
    expect(at('经度：116.471685，纬度：39.892109')).toEqual([39.892109, 116.471685, 'latlng', null])
    expect(at('lat: 39.892109, lng: 116.471685')).toEqual([39.892109, 116.471685, 'latlng', null])
  })

  it('reads AMap and Tencent share links as GCJ-02, each in its own order', () => {
    expect(at('https://uri.amap.com/marker?position=116.47,39.89')).toEqual([39.89, 116.47, 'lnglat', 'gcj02'])
    expect(at('我在这里 https://uri.amap.com/marker?position=116.478,39.893&name=九龙山站 ')).toEqual([39.893, 116.478, 'lnglat', 'gcj02'])
    expect(at('https://apis.map.qq.com/uri/v1/marker?marker=coord:39.893,116.478;title:九龙山')).toEqual([39.893, 116.478, 'latlng', 'gcj02'])
  })

  it('refuses swapped latitude/longitude when the text states the order', () => {
    expect(err('https://uri.amap.com/marker?position=39.89,116.47')).toBe('coords_swapped')
    expect(err('纬度 116.47 经度 39.89')).toBe('coords_swapped')
    expect(err('116.47 N, 39.89 E')).toBe('coords_swapped')
    // Both readings in range: the subdistrict decides that the stated order is the wrong one.
    expect(err('lat 10.5, lng 20.5', { near: { lat: 20.5, lng: 10.5 } })).toBe('coords_swapped')
  })

  it('refuses values out of range, text it cannot read, and empty input', () => {
    expect(err('139.9,216.4')).toBe('coords_range')
    expect(err('lat 95, lng 190')).toBe('coords_range')
    expect(err('lat 95, lng 10')).toBe('coords_swapped')
    expect(err('九龙山站')).toBe('coords_format')
    expect(err('39.89')).toBe('coords_format')
    expect(err('39.89,116.47,12')).toBe('coords_format')
    expect(err('   ')).toBe('coords_empty')
  })

  it('asks when both orders are possible and nothing settles it; the subdistrict or the user settles it', () => {
    const r = parseCoordinates('30.5, 60.5')
    expect(r).toMatchObject({
      ok: false,
      key: 'coords_ambiguous',
      candidates: [
        { lat: 30.5, lng: 60.5 },
        { lat: 60.5, lng: 30.5 },
      ],
    })
    expect(at('30.5, 60.5', { order: 'lnglat' })).toEqual([60.5, 30.5, 'lnglat', null])
    expect(at('20.5, 10.5', { near: { lat: 10.5, lng: 20.5 } })).toEqual([10.5, 20.5, 'lnglat', null])
  })

  it('refuses a position far from the subdistrict', () => {
    expect(err('31.23,121.47', { near })).toBe('coords_far')
    expect(at('39.892109,116.471685', { near })[0]).toBe(39.892109)
  })

  it('has a message for every refusal in both languages and formats back to lat, lng', () => {
    for (const k of ['coords_empty', 'coords_format', 'coords_range', 'coords_swapped', 'coords_ambiguous', 'coords_far']) {
      expect(translateMessage(k, 'zh-CN')).toBeTruthy()
      expect(translateMessage(k, 'en')).toBeTruthy()
    }
    expect(formatLatLng({ lat: 39.8921094, lng: 116.4716851 })).toBe('39.892109, 116.471685')
  })
})
