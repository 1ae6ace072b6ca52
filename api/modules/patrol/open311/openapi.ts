// The Open311 GeoReport v2 interface at /open311/v2 as an OpenAPI document of its own: its errors are
// the spec's `[{code, description}]` list (or <errors> in XML), not problem+json, and its writes take
// an api_key, not the session cookie.
import type { ApiDocument } from '../../../http/openapi.ts'
import { REPORT_KINDS } from '#domain/patrol/report.ts'
import { OPEN311_DEFAULT_DAYS, OPEN311_DEFAULT_PAGE_SIZE, OPEN311_MAX_PAGE_SIZE } from '#domain/open311.ts'
import { OPEN311_BODY_LIMIT } from '../../../security/open311-guard.ts'

const XML = 'text/xml'
const both = (ref: string) => ({
  'application/json': { schema: { $ref: ref } },
  [XML]: { schema: { type: 'string', description: 'The same, as GeoReport v2 XML' } },
})
const ok = (description: string, ref: string) => ({ description, content: both(ref) })
const error = (description: string) => ({ description, content: both('#/components/schemas/Errors') })

const format = { $ref: '#/components/parameters/format' }
const jurisdiction = { $ref: '#/components/parameters/jurisdiction_id' }
const nullableString = { type: ['string', 'null'] }

const schemas = {
  Errors: {
    type: 'array',
    description: 'GeoReport v2 error list',
    items: {
      type: 'object',
      required: ['code', 'description'],
      properties: { code: { type: 'integer', description: 'The HTTP status' }, description: { type: 'string' } },
    },
  },
  Discovery: {
    type: 'object',
    required: ['changeset', 'contact', 'key_service', 'endpoints'],
    properties: {
      changeset: { type: 'string', format: 'date-time' },
      contact: { type: 'string' },
      key_service: { type: 'string' },
      endpoints: {
        type: 'array',
        items: {
          type: 'object',
          required: ['specification', 'url', 'changeset', 'type', 'formats'],
          properties: {
            specification: { type: 'string', format: 'uri' },
            url: { type: 'string', format: 'uri' },
            changeset: { type: 'string', format: 'date-time' },
            type: { type: 'string', enum: ['production', 'test'] },
            formats: { type: 'array', items: { type: 'string' } },
          },
        },
      },
    },
  },
  Services: {
    type: 'array',
    items: {
      type: 'object',
      required: ['service_code', 'service_name', 'description', 'metadata', 'type', 'keywords', 'group'],
      properties: {
        service_code: { type: 'string', enum: [...REPORT_KINDS] },
        service_name: { type: 'string' },
        description: { type: 'string' },
        metadata: { type: 'boolean', description: 'Always true: every service has a definition with attributes' },
        type: { type: 'string', enum: ['realtime', 'batch', 'blackbox'] },
        keywords: { type: 'string' },
        group: { type: 'string' },
      },
    },
  },
  ServiceDefinition: {
    type: 'object',
    required: ['service_code', 'attributes'],
    properties: {
      service_code: { type: 'string', enum: [...REPORT_KINDS] },
      attributes: {
        type: 'array',
        items: {
          type: 'object',
          required: ['variable', 'code', 'datatype', 'required', 'description', 'order'],
          properties: {
            variable: { type: 'boolean' },
            code: { type: 'string' },
            datatype: { type: 'string', enum: ['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist'] },
            required: { type: 'boolean' },
            datatype_description: { type: 'string' },
            order: { type: 'integer' },
            description: { type: 'string' },
            values: { type: 'array', items: { type: 'object', properties: { key: { type: 'string' }, name: { type: 'string' } } } },
          },
        },
      },
    },
  },
  ServiceRequests: {
    type: 'array',
    items: {
      type: 'object',
      required: ['service_request_id', 'status', 'service_code', 'requested_datetime', 'lat', 'long'],
      properties: {
        service_request_id: { type: 'string' },
        status: { type: 'string', enum: ['open', 'closed'] },
        status_notes: nullableString,
        service_name: { type: 'string' },
        service_code: { type: 'string', enum: [...REPORT_KINDS] },
        description: { type: 'string' },
        agency_responsible: { type: 'string' },
        service_notice: { type: 'string' },
        requested_datetime: { type: 'string', format: 'date-time' },
        updated_datetime: { type: 'string', format: 'date-time' },
        expected_datetime: { type: ['string', 'null'], format: 'date-time' },
        address: { type: 'string' },
        address_id: nullableString,
        zipcode: nullableString,
        lat: { type: 'number' },
        long: { type: 'number' },
        media_url: { type: ['string', 'null'], format: 'uri', description: 'A photo the office approved for publication' },
      },
    },
  },
  Created: {
    type: 'array',
    items: {
      type: 'object',
      required: ['service_request_id'],
      properties: { service_request_id: { type: 'string' }, service_notice: { type: 'string' }, account_id: nullableString },
    },
  },
  NewRequest: {
    type: 'object',
    required: ['service_code', 'lat', 'long'],
    properties: {
      api_key: { type: 'string', description: 'The key, when it is not sent as ?api_key= or X-Api-Key' },
      jurisdiction_id: { type: 'string' },
      service_code: { type: 'string', enum: [...REPORT_KINDS] },
      lat: { type: 'string', description: 'Latitude (WGS-84), -90 to 90' },
      long: { type: 'string', description: 'Longitude (WGS-84), -180 to 180' },
      address_string: { type: 'string' },
      description: { type: 'string' },
      'attribute[operator]': { type: 'string' },
      'attribute[vehicle_count]': { type: 'string', description: 'A whole number from 0 to 500' },
      'attribute[blocked_share]': { type: 'string', description: 'Between 0 and 1' },
    },
  },
}

const tags = ['georeport']

function buildOpen311Document(origin: string): object {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Lastmile Open311 GeoReport v2',
      version: '2.0.0',
      description:
        "Sidewalk obstruction reports as Open311 GeoReport v2 service requests (public fields only). Every operation answers JSON or XML by the path's extension. Creating a request takes an api_key that the subdistrict office issues.",
      contact: { name: 'Lastmile', url: `${origin}/api/docs` },
      license: { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' },
    },
    externalDocs: { description: 'GeoReport v2', url: 'http://wiki.open311.org/GeoReport_v2' },
    servers: [{ url: `${origin}/open311/v2`, description: 'This server' }],
    tags: [{ name: 'georeport', description: 'Services and service requests' }],
    paths: {
      '/discovery.{format}': {
        get: {
          operationId: 'getDiscovery',
          summary: 'Where this endpoint is and what it supports',
          tags,
          security: [],
          parameters: [format],
          responses: { 200: ok('Discovery', '#/components/schemas/Discovery') },
        },
      },
      '/services.{format}': {
        get: {
          operationId: 'listServices',
          summary: 'Service list: the kinds of obstruction a request can be',
          tags,
          security: [],
          parameters: [format, jurisdiction],
          responses: { 200: ok('Services', '#/components/schemas/Services'), 404: error('Unknown jurisdiction_id') },
        },
      },
      '/services/{service_code}.{format}': {
        get: {
          operationId: 'getServiceDefinition',
          summary: "A service's attributes",
          tags,
          security: [],
          parameters: [{ name: 'service_code', in: 'path', required: true, schema: { type: 'string', enum: [...REPORT_KINDS] } }, format, jurisdiction],
          responses: { 200: ok('Service definition', '#/components/schemas/ServiceDefinition'), 404: error('Unknown service_code or jurisdiction_id') },
        },
      },
      '/requests.{format}': {
        get: {
          operationId: 'listServiceRequests',
          summary: 'Service requests, filtered and paged',
          tags,
          security: [],
          parameters: [
            format,
            jurisdiction,
            { name: 'service_request_id', in: 'query', schema: { type: 'string' }, description: 'Comma-separated ids; other filters are then ignored' },
            { name: 'service_code', in: 'query', schema: { type: 'string' }, description: 'Comma-separated service codes' },
            { name: 'status', in: 'query', schema: { type: 'string', enum: ['open', 'closed'] } },
            {
              name: 'start_date',
              in: 'query',
              schema: { type: 'string', format: 'date-time' },
              description: `Default: ${OPEN311_DEFAULT_DAYS} days before end_date`,
            },
            { name: 'end_date', in: 'query', schema: { type: 'string', format: 'date-time' } },
            { name: 'page', in: 'query', schema: { type: 'integer', minimum: 1, default: 1 } },
            {
              name: 'page_size',
              in: 'query',
              schema: { type: 'integer', minimum: 1, maximum: OPEN311_MAX_PAGE_SIZE, default: OPEN311_DEFAULT_PAGE_SIZE },
            },
          ],
          responses: {
            200: ok('Service requests, newest first', '#/components/schemas/ServiceRequests'),
            400: error('A filter that does not parse'),
            404: error('Unknown service_code or jurisdiction_id'),
          },
        },
        post: {
          operationId: 'createServiceRequest',
          summary: 'Report an obstruction',
          tags,
          security: [{ apiKeyQuery: [] }, { apiKeyHeader: [] }],
          parameters: [format],
          requestBody: {
            required: true,
            content: {
              'application/x-www-form-urlencoded': { schema: { $ref: '#/components/schemas/NewRequest' } },
              'application/json': { schema: { $ref: '#/components/schemas/NewRequest' } },
            },
          },
          responses: {
            201: ok('Created; the office checks it on patrol', '#/components/schemas/Created'),
            400: error('A field missing or out of range'),
            403: error('No api_key, or one that is not valid'),
            404: error('Unknown service_code or jurisdiction_id'),
            413: error(`Body larger than ${OPEN311_BODY_LIMIT} bytes`),
            415: error('A body that is neither form-encoded nor JSON'),
            429: {
              ...error('Too many requests from this address or key'),
              headers: { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' } } },
            },
          },
        },
      },
      '/requests/{service_request_id}.{format}': {
        get: {
          operationId: 'getServiceRequest',
          summary: 'One service request',
          tags,
          security: [],
          parameters: [{ name: 'service_request_id', in: 'path', required: true, schema: { type: 'string' } }, format, jurisdiction],
          responses: { 200: ok('A list of one request', '#/components/schemas/ServiceRequests'), 404: error('Unknown service_request_id') },
        },
      },
      '/media/{sha256}': {
        get: {
          operationId: 'getPublishedPhoto',
          summary: 'A photo the office approved for publication (a request’s media_url)',
          tags,
          security: [],
          parameters: [{ name: 'sha256', in: 'path', required: true, schema: { type: 'string', pattern: '^[0-9a-f]{64}$' } }],
          responses: {
            200: {
              description: 'The photo',
              content: {
                'image/jpeg': { schema: { type: 'string', contentMediaType: 'image/jpeg' } },
                'image/png': { schema: { type: 'string', contentMediaType: 'image/png' } },
                'image/webp': { schema: { type: 'string', contentMediaType: 'image/webp' } },
              },
            },
            404: { description: 'No published photo with that hash', content: { 'application/json': { schema: { $ref: '#/components/schemas/Errors' } } } },
          },
        },
      },
    },
    components: {
      parameters: {
        format: { name: 'format', in: 'path', required: true, schema: { type: 'string', enum: ['json', 'xml'] }, description: 'Answer as JSON or XML' },
        jurisdiction_id: {
          name: 'jurisdiction_id',
          in: 'query',
          required: false,
          schema: { type: 'string' },
          description: 'The subdistrict; may be left out where the server has one',
        },
      },
      securitySchemes: {
        apiKeyQuery: {
          type: 'apiKey',
          in: 'query',
          name: 'api_key',
          description: 'The Open311 key the subdistrict office issued (GeoReport v2 clients may send it as the api_key field of the body instead)',
        },
        apiKeyHeader: { type: 'apiKey', in: 'header', name: 'X-Api-Key', description: 'The same key, as a header' },
      },
      schemas,
    },
  }
}

export const open311Document: ApiDocument = { title: 'Open311 GeoReport v2', url: '/api/openapi/open311.json', build: buildOpen311Document }
