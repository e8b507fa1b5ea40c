/**
 * The HTTP API reference as Markdown, from the OpenAPI 3.1 document the server
 * publishes at /api/openapi.json. Written here rather than taken from a
 * generator package: those render HTML sites or whole templates, while this
 * page only needs a table per route and a link per named schema.
 */

type Schema = {
  $ref?: string;
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: Schema | boolean;
  description?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  default?: unknown;
};

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  description?: string;
  schema?: Schema;
}

interface Operation {
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: Parameter[];
  requestBody?: { required?: boolean; description?: string; content?: Record<string, { schema?: Schema }> };
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: Schema }> }>;
  security?: Record<string, string[]>[];
}

export interface OpenApiDocument {
  info: { title: string; version: string; description?: string };
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema>; securitySchemes?: Record<string, { type: string; scheme?: string; description?: string }> };
}

const methods = ['get', 'put', 'post', 'patch', 'delete'];

/** The sections of the reference, by path prefix; the first that matches takes the route. */
const sections: [title: string, test: (path: string) => boolean][] = [
  ['Forms and submissions', (p) => p.startsWith('/api/forms')],
  ['Requesters', (p) => p.startsWith('/api/tickets') || p.startsWith('/api/me')],
  ['Agents', (p) => p.startsWith('/api/agent')],
  ['Mail in and administration', (p) => p.startsWith('/api/inbound') || p.startsWith('/api/admin')],
  ['Dev mode only (`GUICHET_MODE=dev`; absent in production)', (p) => p.startsWith('/api/dev')],
  ['Operations', () => true],
];

/** GitHub's anchor for a heading made of `text`. */
const anchor = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');

const refName = (ref: string) => ref.slice(ref.lastIndexOf('/') + 1);
const literal = (value: unknown) => `\`${JSON.stringify(value)}\``;
/** Inside a table cell: a pipe would end the cell, a line break the row. */
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n+/g, ' ');

/** A schema in a few words: a link for a named one, literals for an enum, `T[]`, `{ a, b? }`. */
export function typeText(schema: Schema | undefined, depth = 0): string {
  if (!schema) return 'any';
  if (schema.$ref) return `[${refName(schema.$ref)}](#${anchor(refName(schema.$ref))})`;
  if (schema.const !== undefined) return literal(schema.const);
  if (schema.enum) return schema.enum.map(literal).join(' | ');
  const union = schema.anyOf ?? schema.oneOf;
  if (union) return union.map((s) => typeText(s, depth)).join(' | ');
  if (schema.allOf) return schema.allOf.map((s) => typeText(s, depth)).join(' & ');
  const type = Array.isArray(schema.type) ? schema.type.join(' | ') : schema.type;
  if (type === 'array') return `${wrap(typeText(schema.items, depth))}[]`;
  if (type === 'object' || schema.properties) {
    const properties = Object.entries(schema.properties ?? {});
    const extra = typeof schema.additionalProperties === 'object' ? `[key: string]: ${typeText(schema.additionalProperties, depth + 1)}` : undefined;
    if (properties.length === 0) return extra ? `{ ${extra} }` : 'object';
    if (depth >= 2) return 'object';
    const required = new Set(schema.required ?? []);
    const members = properties.map(([name, s]) => `${name}${required.has(name) ? '' : '?'}: ${typeText(s, depth + 1)}`);
    return `{ ${[...members, ...(extra ? [extra] : [])].join(', ')} }`;
  }
  const details = [schema.format, bounds(schema), schema.pattern && `pattern \`${schema.pattern}\``].filter(Boolean);
  return `${type ?? 'any'}${details.length ? ` (${details.join(', ')})` : ''}`;
}

const wrap = (text: string) => (text.includes(' | ') ? `(${text})` : text);

function bounds(schema: Schema): string | undefined {
  const [min, max] = schema.type === 'string' ? [schema.minLength, schema.maxLength] : [schema.minimum, schema.maximum];
  if (min === undefined && max === undefined) return undefined;
  const unit = schema.type === 'string' ? ' characters' : '';
  if (min !== undefined && max !== undefined) return `${min}–${max}${unit}`;
  return min !== undefined ? `≥ ${min}${unit}` : `≤ ${max}${unit}`;
}

/** An object's members as a table; any other schema as one line. */
function schemaBlock(schema: Schema | undefined): string[] {
  if (!schema || schema.$ref || !schema.properties || Object.keys(schema.properties).length === 0) return [typeText(schema)];
  const required = new Set(schema.required ?? []);
  const rows = Object.entries(schema.properties).map(
    ([name, s]) => `| \`${name}\` | ${cell(typeText(s, 1))} | ${required.has(name) ? 'yes' : 'no'} | ${cell(s.description ?? '')} |`,
  );
  const lines = ['| member | type | required | description |', '|---|---|---|---|', ...rows];
  if (typeof schema.additionalProperties === 'object') lines.push(`| any other | ${cell(typeText(schema.additionalProperties, 1))} | no | |`);
  return lines;
}

function contentBlock(content: Record<string, { schema?: Schema }> | undefined): string[] {
  const lines: string[] = [];
  for (const [type, { schema }] of Object.entries(content ?? {})) {
    lines.push(`\`${type}\`${schema?.description ? `: ${schema.description}` : ''}`, '', ...schemaBlock(schema), '');
  }
  return lines;
}

function operationBlock(path: string, method: string, operation: Operation): string[] {
  const lines = [`### \`${method.toUpperCase()} ${path}\``, ''];
  if (operation.summary) lines.push(`${operation.summary}.`.replace(/\.\.$/, '.'), '');
  if (operation.description) lines.push(operation.description, '');
  if (operation.security?.length) lines.push(`Authorization: ${operation.security.flatMap((s) => Object.keys(s)).map((s) => `\`${s}\``).join(' or ')}.`, '');
  const parameters = operation.parameters ?? [];
  if (parameters.length) {
    lines.push('Parameters:', '', '| name | in | type | required | description |', '|---|---|---|---|---|');
    for (const p of parameters) {
      lines.push(`| \`${p.name}\` | ${p.in} | ${cell(typeText(p.schema))} | ${p.required ? 'yes' : 'no'} | ${cell(p.description ?? p.schema?.description ?? '')} |`);
    }
    lines.push('');
  }
  if (operation.requestBody) {
    const { required, description } = operation.requestBody;
    lines.push(`Request body${required ? '' : ' (optional)'}:${description ? ` ${description}` : ''}`, '', ...contentBlock(operation.requestBody.content));
  }
  lines.push('Responses:', '');
  for (const [status, response] of Object.entries(operation.responses ?? {})) {
    const bodies = Object.entries(response.content ?? {});
    const shown = bodies.map(([type, { schema }]) => (schema?.$ref || !schema?.properties ? `\`${type}\` ${typeText(schema)}` : `\`${type}\` (below)`));
    lines.push(`- **${status}** ${response.description ?? ''}${shown.length ? ` — ${shown.join('; ')}` : ''}`);
  }
  lines.push('');
  for (const [status, response] of Object.entries(operation.responses ?? {})) {
    for (const [type, { schema }] of Object.entries(response.content ?? {})) {
      if (schema && !schema.$ref && schema.properties) lines.push(`**${status}** \`${type}\`:`, '', ...schemaBlock(schema), '');
    }
  }
  return lines;
}

/** The whole reference: `intro` (hand-written Markdown) first, then every route by section, then the named schemas. */
export function openApiMarkdown(doc: OpenApiDocument, intro: string): string {
  const routes = Object.entries(doc.paths).flatMap(([path, item]) =>
    methods.filter((m) => item[m]).map((method) => ({ path, method, operation: item[method]! })),
  );
  const lines = [intro.trim(), ''];
  for (const [title, test] of sections) {
    const mine = routes.filter((r) => sections.find(([, t]) => t(r.path))?.[0] === title && test(r.path));
    if (mine.length === 0) continue;
    lines.push(`## ${title}`, '');
    for (const { path, method, operation } of mine) lines.push(...operationBlock(path, method, operation));
  }
  const schemes = Object.entries(doc.components?.securitySchemes ?? {});
  if (schemes.length) {
    lines.push('## Authorization schemes', '');
    for (const [name, scheme] of schemes) lines.push(`- \`${name}\`: ${scheme.type}${scheme.scheme ? ` ${scheme.scheme}` : ''}${scheme.description ? ` — ${scheme.description}` : ''}`);
    lines.push('');
  }
  const schemas = Object.entries(doc.components?.schemas ?? {}).sort(([a], [b]) => a.localeCompare(b, 'en'));
  if (schemas.length) {
    lines.push('## Schemas', '');
    for (const [name, schema] of schemas) {
      lines.push(`### ${name}`, '');
      if (schema.description) lines.push(schema.description, '');
      lines.push(...schemaBlock(schema), '');
    }
  }
  return `${lines.join('\n').replace(/\n{3,}/g, '\n\n').trim()}\n`;
}
