/** The part of HAR 1.2 this tool writes and reads, as a JSON Schema (draft 2020-12): what `readHar` and the tests validate against. */
import type { SchemaObject } from 'ajv/dist/2020.js';

const nameValue: SchemaObject = {
  type: 'object',
  required: ['name', 'value'],
  properties: { name: { type: 'string' }, value: { type: 'string' }, comment: { type: 'string' } },
};

/** Fields HAR 1.2 requires (http://www.softwareishard.com/blog/har-12-spec/); extra and `_`-custom fields are allowed, as the spec allows. */
export const HAR_SCHEMA: SchemaObject = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title: 'HAR 1.2',
  type: 'object',
  required: ['log'],
  properties: {
    log: {
      type: 'object',
      required: ['version', 'creator', 'entries'],
      properties: {
        version: { const: '1.2' },
        creator: { type: 'object', required: ['name', 'version'], properties: { name: { type: 'string' }, version: { type: 'string' } } },
        entries: { type: 'array', items: { $ref: '#/$defs/entry' } },
      },
    },
  },
  $defs: {
    nameValue,
    entry: {
      type: 'object',
      required: ['startedDateTime', 'time', 'request', 'response', 'cache', 'timings'],
      properties: {
        startedDateTime: { type: 'string', format: 'date-time' },
        time: { type: 'number', minimum: 0 },
        request: {
          type: 'object',
          required: ['method', 'url', 'httpVersion', 'cookies', 'headers', 'queryString', 'headersSize', 'bodySize'],
          properties: {
            method: { type: 'string', minLength: 1 },
            url: { type: 'string' },
            httpVersion: { type: 'string' },
            cookies: { type: 'array' },
            headers: { type: 'array', items: { $ref: '#/$defs/nameValue' } },
            queryString: { type: 'array', items: { $ref: '#/$defs/nameValue' } },
            postData: { type: 'object', required: ['mimeType'], properties: { mimeType: { type: 'string' }, text: { type: 'string' } } },
            headersSize: { type: 'integer' },
            bodySize: { type: 'integer' },
          },
        },
        response: {
          type: 'object',
          required: ['status', 'statusText', 'httpVersion', 'cookies', 'headers', 'content', 'redirectURL', 'headersSize', 'bodySize'],
          properties: {
            status: { type: 'integer' },
            statusText: { type: 'string' },
            httpVersion: { type: 'string' },
            cookies: { type: 'array' },
            headers: { type: 'array', items: { $ref: '#/$defs/nameValue' } },
            content: {
              type: 'object',
              required: ['size', 'mimeType'],
              properties: { size: { type: 'integer' }, mimeType: { type: 'string' }, text: { type: 'string' } },
            },
            redirectURL: { type: 'string' },
            headersSize: { type: 'integer' },
            bodySize: { type: 'integer' },
          },
        },
        cache: { type: 'object' },
        timings: {
          type: 'object',
          required: ['send', 'wait', 'receive'],
          properties: { send: { type: 'number' }, wait: { type: 'number' }, receive: { type: 'number' } },
        },
        _idp: { type: 'string' },
        _scenario: { type: 'string' },
        _label: { type: 'string' },
        _error: { type: 'string' },
      },
    },
  },
};
