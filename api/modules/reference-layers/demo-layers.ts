// Demo reference layers of 双井街道, digitised by hand and only approximately for the demo (示意数据，
// 仅供演示): not survey data. Community outlines, main roads, a few building outlines and landmarks.
import type { ReferenceLayerInput } from '#domain/reference-layers.ts'

type P = [number, number]
const DEMO_NOTE = '示意数据，仅供演示：为演示大致描绘，非测绘成果；正式使用请导入本街道自己的数据。'

const point = (name: string, at: P) => ({ type: 'Feature' as const, properties: { name }, geometry: { type: 'Point' as const, coordinates: at } })
const line = (name: string, at: P[]) => ({ type: 'Feature' as const, properties: { name }, geometry: { type: 'LineString' as const, coordinates: at } })
const area = (name: string, ring: P[]) => ({
  type: 'Feature' as const,
  properties: { name },
  geometry: { type: 'Polygon' as const, coordinates: [[...ring, ring[0]!]] },
})
/** An axis-aligned outline `w` × `h` degrees from its south-west corner. */
const box = (name: string, [lng, lat]: P, w: number, h: number) =>
  area(name, [
    [lng, lat],
    [lng + w, lat],
    [lng + w, lat + h],
    [lng, lat + h],
  ])

export const DEMO_LAYERS: Record<string, ReferenceLayerInput> = {
  'demo-boundaries': {
    kind: 'boundaries',
    name: '社区边界（示意数据，仅供演示）',
    description: DEMO_NOTE,
    geojson: {
      type: 'FeatureCollection',
      features: [
        area('广泉社区', [
          [116.4562, 39.8926],
          [116.4612, 39.8928],
          [116.4613, 39.8972],
          [116.4566, 39.8974],
        ]),
        area('茂兴社区', [
          [116.4632, 39.8941],
          [116.4712, 39.8934],
          [116.4714, 39.8986],
          [116.4636, 39.8988],
        ]),
        area('九龙山社区', [
          [116.4721, 39.8925],
          [116.4772, 39.8923],
          [116.4775, 39.8953],
          [116.4722, 39.8955],
        ]),
        area('九龙南社区', [
          [116.4688, 39.8874],
          [116.4762, 39.8872],
          [116.4764, 39.8917],
          [116.469, 39.8918],
        ]),
      ],
    },
  },
  'demo-roads': {
    kind: 'roads',
    name: '主要道路（示意数据，仅供演示）',
    description: DEMO_NOTE,
    geojson: {
      type: 'FeatureCollection',
      features: [
        line('广渠路', [
          [116.452, 39.8939],
          [116.4616, 39.8936],
          [116.4717, 39.8922],
          [116.4835, 39.8914],
        ]),
        line('西大望路', [
          [116.4721, 39.8795],
          [116.4718, 39.8921],
          [116.4714, 39.9045],
        ]),
        line('东三环', [
          [116.4625, 39.8795],
          [116.4616, 39.8936],
          [116.4612, 39.9045],
        ]),
        line('东四环', [
          [116.4905, 39.8795],
          [116.4898, 39.892],
          [116.4893, 39.9045],
        ]),
        line('劲松路', [
          [116.4616, 39.886],
          [116.472, 39.8858],
        ]),
      ],
    },
  },
  'demo-buildings': {
    kind: 'buildings',
    name: '建筑轮廓（示意数据，仅供演示）',
    description: DEMO_NOTE,
    geojson: {
      type: 'FeatureCollection',
      features: [
        box('外企大厦（写字楼，示意轮廓）', [116.47, 39.8926], 0.0008, 0.0006),
        box('住宅楼 1 号（示意）', [116.4728, 39.893], 0.0008, 0.0003),
        box('住宅楼 2 号（示意）', [116.4728, 39.8939], 0.0008, 0.0003),
        box('住宅楼 3 号（示意）', [116.4745, 39.8948], 0.0008, 0.0003),
        box('商场（示意）', [116.464, 39.8944], 0.0016, 0.0008),
        box('小学（示意）', [116.4705, 39.888], 0.001, 0.0007),
      ],
    },
  },
  'demo-landmarks': {
    kind: 'landmarks',
    name: '地标（示意数据，仅供演示）',
    description: DEMO_NOTE,
    geojson: {
      type: 'FeatureCollection',
      features: [
        point('九龙山站（地铁 7 号线、14 号线）', [116.471685, 39.892109]),
        point('双井站（地铁 10 号线）', [116.4611, 39.8938]),
        point('双井桥', [116.4616, 39.8932]),
        point('外企大厦（写字楼）', [116.4704, 39.8929]),
        point('街道办事处（示意位置）', [116.4645, 39.8956]),
        point('九龙山社区居委会（示意位置）', [116.4748, 39.894]),
        point('茂兴社区居委会（示意位置）', [116.468, 39.8965]),
        point('九龙南社区居委会（示意位置）', [116.4725, 39.8898]),
        point('广泉社区居委会（示意位置）', [116.459, 39.895]),
      ],
    },
  },
}
