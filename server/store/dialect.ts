import { type ColumnDefinitionBuilder, type Kysely, SqliteAdapter } from 'kysely';

/** The one place a query or migration may ask which dialect it runs on. */
export function isSqlite(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof SqliteAdapter;
}

/** A surrogate key: SQLite's rowid alias, PostgreSQL's identity column. */
export function surrogateKey(db: Kysely<any>) {
  return (c: ColumnDefinitionBuilder) => (isSqlite(db) ? c.primaryKey().autoIncrement() : c.primaryKey().generatedByDefaultAsIdentity());
}
