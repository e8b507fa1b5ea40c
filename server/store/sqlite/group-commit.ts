import { AsyncLocalStorage } from 'node:async_hooks';
import { realpathSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import SQLite from 'better-sqlite3';
import { CompiledQuery, type DatabaseConnection, type Driver, type QueryResult, SelectQueryNode, SqliteDialect } from 'kysely';

/**
 * SQLite with group commit. A durable commit costs one disk flush, and the
 * flush, not the SQL, is what limits a server writing to SQLite: at one flush
 * per transaction, every submission's rate-limit counts, ticket and "mail sent"
 * marks queue behind each other's flushes. Here the transactions that reach the
 * writer within one turn of Node's event loop run one after the other (each in
 * its own SAVEPOINT, so each still commits or rolls back whole) inside one
 * SQLite transaction, committed with one flush at the end of the turn. Nobody
 * is answered before that flush: a transaction's commit resolves only once its
 * batch is on disk, and fails if the batch's commit fails.
 *
 * Reads outside a transaction go to a second, read-only connection: in WAL
 * mode it sees only committed data, so a reader never sees a write that is not
 * yet durable. (A read inside a transaction sees its batch mates' writes, and
 * answers once they are durable: that is how the loser of a race reads the
 * winner's row.)
 *
 * One writer per database file per process (a registry below), so two
 * runtimes of one process on one file (tests do this) share the batches
 * instead of blocking each other's thread on SQLite's lock.
 */

type Statement = SQLite.Statement<unknown[], unknown>;

const notWaiting = new AsyncLocalStorage<true>();

/**
 * Runs `work` whose writes outside a transaction answer as soon as they are in
 * the batch, before its flush, and whose reads see such writes: for counts
 * whose loss in a crash is harmless (rate-limit hits). They still commit with
 * their batch.
 */
export function withoutWaitingForDisk<T>(work: () => Promise<T>): Promise<T> {
  return notWaiting.run(true, work);
}

/** Prepared statements by SQL text: Kysely sends the same few dozen texts again and again, and preparing costs more than running. */
class Statements {
  readonly #prepared = new Map<string, Statement>();
  constructor(
    readonly db: SQLite.Database,
    private readonly limit = 500,
  ) {}

  get(sql: string): Statement {
    let statement = this.#prepared.get(sql);
    if (statement) return statement;
    statement = this.db.prepare(sql);
    if (this.#prepared.size >= this.limit) this.#prepared.delete(this.#prepared.keys().next().value!);
    this.#prepared.set(sql, statement);
    return statement;
  }

  run(compiled: CompiledQuery): QueryResult<unknown> {
    const statement = this.get(compiled.sql);
    const parameters = compiled.parameters as unknown[];
    if (statement.reader) return { rows: statement.all(parameters) };
    const { changes, lastInsertRowid } = statement.run(parameters);
    return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
  }

  *stream(compiled: CompiledQuery): Generator<QueryResult<unknown>> {
    // Not from the cache: a statement being iterated cannot run again until the iteration ends.
    for (const row of this.db.prepare(compiled.sql).iterate(compiled.parameters as unknown[])) yield { rows: [row] };
  }
}

/** The SQLite transaction several of ours share; `done` settles once it committed (on disk) or failed. */
interface Batch {
  done: Promise<void>;
  settle(error?: unknown): void;
  /** The end of the turn came while a member still ran: commit as soon as it ends. */
  commitDue: boolean;
}

function newBatch(): Batch {
  let settle!: Batch['settle'];
  const done = new Promise<void>((resolve, reject) => (settle = (error) => (error === undefined ? resolve() : reject(error))));
  // A batch nobody waits on (all its members rolled back) must not fail the process when its commit fails.
  done.catch(() => {});
  return { done, settle, commitDue: false };
}

const member = 'guichet_member';

/** The one statement run outside the batches (Writer#checkpoint). */
export const walCheckpoint = 'pragma wal_checkpoint(TRUNCATE)';

/** The writing connection: members take turns, and the open batch commits once per event-loop turn. */
class Writer {
  readonly statements: Statements;
  #held = false;
  readonly #waiting: (() => void)[] = [];
  #batch: Batch | undefined;

  constructor(readonly db: SQLite.Database) {
    this.statements = new Statements(db);
  }

  /** Waits for this member's turn and returns the batch it runs in (opened if none is). */
  async begin(): Promise<Batch> {
    if (this.#held) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    else this.#held = true;
    if (this.#batch) return this.#batch;
    this.statements.get('BEGIN IMMEDIATE').run();
    const batch = newBatch();
    this.#batch = batch;
    setImmediate(() => {
      if (this.#batch !== batch) return;
      if (this.#held) batch.commitDue = true;
      else this.#commit(batch);
    });
    return batch;
  }

  /**
   * Copies the write-ahead log into the database file and empties it, in the
   * writer's turn and outside any batch (a checkpoint cannot run inside a
   * transaction): after an erasure no older page of the erased rows is left in
   * the log (secure_delete zeroes them in the database file).
   */
  async checkpoint(): Promise<QueryResult<unknown>> {
    if (this.#held) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    else this.#held = true;
    try {
      if (this.#batch) this.#commit(this.#batch);
      return { rows: this.db.pragma('wal_checkpoint(TRUNCATE)') as unknown[] };
    } finally {
      const next = this.#waiting.shift();
      if (next) next();
      else this.#held = false;
    }
  }

  /** True while `batch` is still the open SQLite transaction (an I/O error or a full disk ends it early). */
  alive(batch: Batch): boolean {
    return this.#batch === batch && this.db.inTransaction;
  }

  /** Runs a member's statement; a failure that ended the SQLite transaction fails the whole batch. */
  run(batch: Batch, compiled: CompiledQuery): QueryResult<unknown> {
    try {
      return this.statements.run(compiled);
    } catch (error) {
      if (this.#batch === batch && !this.db.inTransaction) {
        this.#batch = undefined;
        batch.settle(error);
      }
      throw error;
    }
  }

  /** The member's turn is over: commit if the event loop's turn already ended, then hand over. */
  end(batch: Batch): void {
    if (this.#batch === batch && batch.commitDue) this.#commit(batch);
    const next = this.#waiting.shift();
    if (next) next();
    else this.#held = false;
  }

  #commit(batch: Batch): void {
    this.#batch = undefined;
    try {
      this.statements.get('COMMIT').run();
      batch.settle();
    } catch (error) {
      if (this.db.inTransaction) this.statements.get('ROLLBACK').run();
      batch.settle(error);
    }
  }
}

/** A Kysely connection: a handle on the shared writer and reader, holding the writer's turn while it runs a transaction. */
class GroupConnection implements DatabaseConnection {
  #batch: Batch | undefined;

  constructor(
    private readonly writer: Writer,
    private readonly reader: Statements,
  ) {}

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    if (this.#batch) return this.writer.run(this.#batch, compiled) as QueryResult<R>;
    if (compiled.sql === walCheckpoint) return this.writer.checkpoint() as Promise<QueryResult<R>>;
    if (SelectQueryNode.is(compiled.query)) {
      // Counts written without waiting for the disk are read where they are written, flushed or not.
      return (notWaiting.getStore() ? this.writer.statements : this.reader).run(compiled) as QueryResult<R>;
    }
    // A write outside a transaction is a transaction of its own: it joins the batch and answers once that is on disk.
    const batch = await this.writer.begin();
    let result: QueryResult<unknown>;
    try {
      result = this.writer.run(batch, compiled);
    } finally {
      this.writer.end(batch);
    }
    if (!notWaiting.getStore()) await batch.done;
    return result as QueryResult<R>;
  }

  async *streamQuery<R>(compiled: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    if (!SelectQueryNode.is(compiled.query)) throw new Error('SQLite streams only SELECT queries');
    yield* (this.#batch ? this.writer.statements : this.reader).stream(compiled) as Generator<QueryResult<R>>;
  }

  async begin(): Promise<void> {
    const batch = await this.writer.begin();
    this.#batch = batch;
    this.writer.run(batch, CompiledQuery.raw(`SAVEPOINT ${member}`));
  }

  async commit(): Promise<void> {
    const batch = this.#ownBatch();
    try {
      if (!this.writer.alive(batch)) throw new Error('the SQLite transaction ended before this one could commit');
      this.writer.run(batch, CompiledQuery.raw(`RELEASE ${member}`));
    } finally {
      this.writer.end(batch);
    }
    await batch.done;
  }

  async rollback(): Promise<void> {
    const batch = this.#ownBatch();
    try {
      if (this.writer.alive(batch)) {
        this.writer.run(batch, CompiledQuery.raw(`ROLLBACK TO ${member}`));
        this.writer.run(batch, CompiledQuery.raw(`RELEASE ${member}`));
      }
    } finally {
      this.writer.end(batch);
    }
  }

  /** A savepoint inside a transaction of ours (Kysely's `tx.savepoint()`). */
  async savepoint(command: 'SAVEPOINT' | 'ROLLBACK TO' | 'RELEASE', name: string): Promise<void> {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || name === member) throw new Error(`not a savepoint name: ${name}`);
    this.writer.run(this.#current(), CompiledQuery.raw(`${command} ${name}`));
  }

  #current(): Batch {
    if (!this.#batch) throw new Error('no transaction is running on this connection');
    return this.#batch;
  }

  /** The transaction's batch, which this connection leaves. */
  #ownBatch(): Batch {
    const batch = this.#current();
    this.#batch = undefined;
    return batch;
  }
}

interface OpenFile {
  key: string;
  writer: Writer;
  reader: Statements;
  users: number;
}

/** Per process, the one writer and reader of each database file. */
const openFiles = new Map<string, OpenFile>();

function openFile(path: string): OpenFile {
  const key = join(realpathSync(dirname(path)), basename(path));
  let file = openFiles.get(key);
  if (!file) {
    const db = new SQLite(path);
    db.pragma('journal_mode = WAL');
    // A commit is on disk before anyone is answered.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // Deleted and overwritten content is zeroed, not left in free pages: a mail's scrubbed token must not linger.
    db.pragma('secure_delete = ON');
    const reader = new SQLite(path, { readonly: true, fileMustExist: true });
    reader.pragma('busy_timeout = 5000');
    file = { key, writer: new Writer(db), reader: new Statements(reader), users: 0 };
    openFiles.set(key, file);
  }
  file.users += 1;
  return file;
}

function closeFile(file: OpenFile): void {
  file.users -= 1;
  if (file.users > 0) return;
  openFiles.delete(file.key);
  file.reader.db.close();
  file.writer.db.close();
}

class GroupCommitDriver implements Driver {
  #file: OpenFile | undefined;

  constructor(private readonly path: string) {}

  async init(): Promise<void> {
    this.#file = openFile(this.path);
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    return new GroupConnection(this.#file!.writer, this.#file!.reader);
  }

  beginTransaction(connection: DatabaseConnection): Promise<void> {
    return (connection as GroupConnection).begin();
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return (connection as GroupConnection).commit();
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return (connection as GroupConnection).rollback();
  }

  savepoint(connection: DatabaseConnection, name: string): Promise<void> {
    return (connection as GroupConnection).savepoint('SAVEPOINT', name);
  }

  rollbackToSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    return (connection as GroupConnection).savepoint('ROLLBACK TO', name);
  }

  releaseSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    return (connection as GroupConnection).savepoint('RELEASE', name);
  }

  async releaseConnection(): Promise<void> {}

  async destroy(): Promise<void> {
    if (this.#file) closeFile(this.#file);
    this.#file = undefined;
  }
}

/** Kysely's SQLite dialect (compiler, adapter, introspector) on the group-commit driver. */
export class GroupCommitSqliteDialect extends SqliteDialect {
  constructor(private readonly path: string) {
    // The parent's own driver is never created; it only needs a config.
    super({ database: () => Promise.reject(new Error('unused')) });
  }

  override createDriver(): Driver {
    return new GroupCommitDriver(this.path);
  }
}
