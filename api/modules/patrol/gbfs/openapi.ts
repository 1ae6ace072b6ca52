// The GBFS v3.0 feed at /gbfs/v3 as an OpenAPI document of its own: public JSON files in the GBFS
// envelope, whose `data` the GBFS schemas (shipped in ./schemas) define in full.
import type { ApiDocument } from '../../../http/openapi.ts'
import { FEEDS, GBFS_TTL, GBFS_VERSION } from './service.ts'

const SUMMARIES: Record<'gbfs' | (typeof FEEDS)[number], [operationId: string, summary: string]> = {
  gbfs: ['getGbfsManifest', 'The list of feeds of this system'],
  system_information: ['getSystemInformation', 'The system: names, operator, contact, time zone'],
  vehicle_types: ['getVehicleTypes', 'Vehicle types the zones are for'],
  station_information: ['getStationInformation', 'Active parking zones as virtual stations (area, capacity)'],
  station_status: ['getStationStatus', 'Status of each virtual station'],
  geofencing_zones: ['getGeofencingZones', 'Active parking zones as geofencing zones where rides may end'],
}

function buildGbfsDocument(origin: string): object {
  const paths: Record<string, object> = {}
  for (const [feed, [operationId, summary]] of Object.entries(SUMMARIES)) {
    paths[`/${feed}.json`] = {
      get: {
        operationId,
        summary,
        tags: ['gbfs'],
        security: [],
        parameters: [{ $ref: '#/components/parameters/subdistrict' }],
        externalDocs: { url: `https://github.com/MobilityData/gbfs/blob/v${GBFS_VERSION}/gbfs.md#${feed}json` },
        responses: {
          200: {
            description: `The ${feed} file (cache for ${GBFS_TTL} s)`,
            headers: {
              'Cache-Control': { description: `public, max-age=${GBFS_TTL}`, schema: { type: 'string' } },
              'Access-Control-Allow-Origin': { description: 'Always *', schema: { type: 'string' } },
            },
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Envelope' } } },
          },
          404: { description: 'Unknown subdistrict', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
        },
      },
    }
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Lastmile GBFS',
      version: GBFS_VERSION,
      description: "The subdistrict's designated parking zones as a public GBFS feed, so operators' apps can steer riders to them. No sign-in.",
      contact: { name: 'Lastmile', url: `${origin}/api/docs` },
      license: { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' },
    },
    externalDocs: { description: `GBFS v${GBFS_VERSION}`, url: `https://github.com/MobilityData/gbfs/blob/v${GBFS_VERSION}/gbfs.md` },
    servers: [{ url: `${origin}/gbfs/v3`, description: 'This server' }],
    tags: [{ name: 'gbfs', description: 'The feed files' }],
    paths,
    components: {
      parameters: {
        subdistrict: {
          name: 'subdistrict',
          in: 'query',
          required: false,
          schema: { type: 'string' },
          description: 'The subdistrict; may be left out where the server has one',
        },
      },
      schemas: {
        Envelope: {
          type: 'object',
          required: ['last_updated', 'ttl', 'version', 'data'],
          properties: {
            last_updated: { type: 'string', format: 'date-time' },
            ttl: { type: 'integer', minimum: 0 },
            version: { type: 'string', const: GBFS_VERSION },
            data: { type: 'object', description: "The file's data, as the GBFS schema of the file defines it" },
          },
        },
        Error: { type: 'object', required: ['error'], properties: { error: { type: 'string' } } },
      },
    },
  }
}

export const gbfsDocument: ApiDocument = { title: 'GBFS feed', url: '/api/openapi/gbfs.json', build: buildGbfsDocument }
