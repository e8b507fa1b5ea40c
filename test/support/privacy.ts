import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type Kysely, sql } from 'kysely';
import { testDialect } from './runtime.ts';

/** One stored value, where it was found. */
export interface StoredValue {
  where: string;
  text: string;
}

/**
 * Every value of every column of every table the database catalogue lists
 * (SQLite: sqlite_master, the search index's shadow tables included;
 * PostgreSQL: information_schema), as text: no hand-kept list of tables to
 * forget one in.
 */
export async function everyStoredValue(db: Kysely<any>): Promise<StoredValue[]> {
  const found: StoredValue[] = [];
  if (testDialect === 'sqlite') {
    const tables = await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(db);
    for (const { name } of tables.rows) {
      const columns = await sql<{ name: string }>`select name from pragma_table_info(${name})`.execute(db);
      for (const column of columns.rows) {
        const rows = await sql<{ v: unknown }>`select ${sql.ref(column.name)} as v from ${sql.table(name)}`.execute(db);
        for (const { v } of rows.rows) found.push({ where: `${name}.${column.name}`, text: asText(v) });
      }
    }
    return found;
  }
  const columns = await sql<{ table_name: string; column_name: string }>`
    select c.table_name, c.column_name from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema = current_schema() and t.table_type = 'BASE TABLE'`.execute(db);
  for (const { table_name, column_name } of columns.rows) {
    const rows = await sql<{ v: string | null }>`select ${sql.ref(column_name)}::text as v from ${sql.table(table_name)}`.execute(db);
    for (const { v } of rows.rows) found.push({ where: `${table_name}.${column_name}`, text: asText(v) });
  }
  return found;
}

function asText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Uint8Array) return Buffer.from(value).toString('latin1');
  return String(value);
}

/** Every file under `dir`, with its bytes. */
export function everyFile(dir: string): { path: string; bytes: Buffer }[] {
  const files: { path: string; bytes: Buffer }[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) files.push(...everyFile(path));
    else files.push({ path, bytes: readFileSync(path) });
  }
  return files;
}

/** The places among `haystack` that hold one of `values`, ignoring case. */
export function holding(haystack: readonly { where: string; text: string }[], values: readonly string[]): string[] {
  const wanted = values.map((v) => v.toLowerCase());
  return haystack.flatMap(({ where, text }) => {
    const lower = text.toLowerCase();
    return wanted.filter((v) => lower.includes(v)).map((v) => `${where} holds "${v}"`);
  });
}
