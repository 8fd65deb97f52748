import { type Compilable, CompiledQuery, type Kysely, type QueryResult, type Transaction } from 'kysely';
import type { Database } from './schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

/** Marks a value as a named parameter while the statement is compiled (never sent to the database). */
const SENTINEL = '\u0000jiefen-parameter:';

/**
 * A statement written with the query builder, compiled once for this database's dialect, and run with
 * new values in whatever transaction the caller holds. On a filing, building and compiling its
 * statements (immutable node trees, then a visitor per node) cost more CPU than SQLite took to run
 * them; this keeps the builder's typing and dialect handling (placeholders, `on conflict`, quoting)
 * and pays for them once per process.
 *
 * `build` receives `value(name)`, which stands for a parameter in the query; the compiled parameters
 * are mapped back to names, so the values are passed as an object and their order never matters.
 * Anything else the builder binds (a literal `'in_flight'`) stays a fixed parameter.
 */
export function compiledStatement<Values extends Record<string, unknown>, Row = unknown>(
  build: (value: (name: keyof Values & string) => never) => Compilable<Row>,
): (executor: Executor, values: Values) => Promise<QueryResult<Row>> {
  return bind(build((name) => `${SENTINEL}${name}` as never).compile());
}

/**
 * `compiledStatement` for a statement shared by stores that hold no `Kysely` of their own (the event
 * log's free functions): compiled on first use with the executor it is run on, once per dialect (its
 * adapter), since a process may have SQLite and PostgreSQL open at once (tests). A tagged template is
 * compiled on every run as well: for the one-event insert and the webhook lookup of every change that
 * was the same SQL text built again (template walked, parameters collected) on each run. The gain is
 * not measured on its own (see the issue 7 note of 2026-12-02).
 */
export function compiledPerDialect<Values extends Record<string, unknown>, Row = unknown>(
  build: (value: (name: keyof Values & string) => never, executor: Executor) => CompiledQuery<Row>,
): (executor: Executor, values: Values) => Promise<QueryResult<Row>> {
  const byDialect = new WeakMap<object, (executor: Executor, values: Values) => Promise<QueryResult<Row>>>();
  return (executor, values) => {
    const adapter = executor.getExecutor().adapter;
    let run = byDialect.get(adapter);
    if (!run) {
      run = bind<Values, Row>(build((name) => `${SENTINEL}${name}` as never, executor));
      byDialect.set(adapter, run);
    }
    return run(executor, values);
  };
}

/** Map a statement compiled with sentinel parameters back to named values. */
function bind<Values extends Record<string, unknown>, Row>({
  sql,
  parameters,
}: CompiledQuery<Row>): (executor: Executor, values: Values) => Promise<QueryResult<Row>> {
  const slots = parameters.map((parameter): { name?: string; fixed?: unknown } =>
    typeof parameter === 'string' && parameter.startsWith(SENTINEL)
      ? { name: parameter.slice(SENTINEL.length) }
      : { fixed: parameter },
  );
  return async (executor, values) => {
    const bound = slots.map((slot) => {
      if (slot.name === undefined) return slot.fixed;
      const value = values[slot.name];
      // A forgotten value must not be bound as NULL or shift the others: say which one.
      if (value === undefined) throw new TypeError(`compiledStatement: no value for ${slot.name}`);
      return value;
    });
    return executor.executeQuery<Row>(CompiledQuery.raw(sql, bound));
  };
}
