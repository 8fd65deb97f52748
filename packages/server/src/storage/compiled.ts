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
  const { sql, parameters } = build((name) => `${SENTINEL}${name}` as never).compile();
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
