/**
 * The API description (OpenRPC 1.x) served by `rpc.discover` and GET /openrpc.json. It is generated from
 * METHOD_SCHEMAS, the table the dispatcher validates every request against, so a method added there is
 * described here without further work and the description cannot drift from what the API accepts.
 */
import { VERSION } from '../version.js';
import { METHOD_SCHEMAS, type Schema } from './schemas.js';

/** What the validator's own keywords mean, in words a client generator shows to people. */
const CHECK_DESCRIPTIONS: Record<string, string> = {
  domain: 'a domain name (IDN allowed), at most 253 octets',
  ip: 'an IPv4 or IPv6 address',
  profile: 'the name of a profile the server offers (see conf_profiles)',
  language_tag: 'a language tag the server offers (see conf_languages)',
};

/** Our validator's keywords turned into standard JSON Schema; the `x-` keywords stay for clients that know them. */
function standardSchema(schema: Schema): Schema {
  const out: Schema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'properties' && value && typeof value === 'object') {
      out.properties = Object.fromEntries(
        Object.entries(value as Record<string, Schema>).map(([name, child]) => [name, standardSchema(child)]),
      );
    } else if (key === 'items' && value && typeof value === 'object') {
      out.items = standardSchema(value as Schema);
    } else {
      out[key] = value;
    }
  }
  const check = schema['x-check'];
  if (typeof check === 'string' && CHECK_DESCRIPTIONS[check]) out.description = CHECK_DESCRIPTIONS[check];
  if (schema['x-boolean'] === true)
    out.description =
      'any value, read as a boolean: false, 0, "0" and "" are false, null is absent, the rest true';
  return out;
}

export interface OpenRpcMethod {
  name: string;
  paramStructure: 'by-name';
  params: Array<{ name: string; required: boolean; schema: Schema }>;
  result: { name: string; schema: Schema };
}

export interface OpenRpcDocument {
  openrpc: string;
  info: { title: string; version: string; description: string };
  methods: OpenRpcMethod[];
}

const DISCOVER = 'rpc.discover';

let cached: OpenRpcDocument | undefined;

/** Every method of METHOD_SCHEMAS except the discovery method itself (OpenRPC leaves it out of the list). */
export function openRpcDocument(): OpenRpcDocument {
  cached ??= {
    openrpc: '1.2.6',
    info: {
      title: 'Zonemaster JSON-RPC API',
      version: VERSION,
      description: 'JSON-RPC 2.0 over HTTP POST at any path; params by name.',
    },
    methods: Object.entries(METHOD_SCHEMAS)
      .filter(([name]) => name !== DISCOVER)
      .map(([name, schema]) => {
        const required = new Set((schema.required as string[] | undefined) ?? []);
        const properties = (schema.properties as Record<string, Schema> | undefined) ?? {};
        return {
          name,
          paramStructure: 'by-name' as const,
          params: Object.entries(properties).map(([param, child]) => ({
            name: param,
            required: required.has(param),
            schema: standardSchema(child),
          })),
          result: { name: 'result', schema: {} },
        };
      }),
  };
  return cached;
}

export const discoverMethods = () => ({ [DISCOVER]: () => openRpcDocument() });
