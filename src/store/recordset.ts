import { sql, type RawBuilder } from 'kysely';

/** A column of a recordset: its name and PostgreSQL type, both fixed in code (never input). */
export type Columns = Readonly<Record<string, string>>;

/**
 * A value of a row. No bigint: JSON has no exact integers past 2^53, so amounts are given as
 * decimal strings (`String(amount)`) and PostgreSQL reads them back exactly.
 */
export type Cell = string | number | boolean | null | Date | object;
export type Row = Readonly<Record<string, Cell>>;

/**
 * Many rows as one parameter, read back as a table: `json_to_recordset($1::json) as r(...)`.
 * One statement and one parameter for any number of rows, the same on PostgreSQL and PGlite
 * (no limit of 65,535 parameters, no array encoding of the driver). Instants travel as ISO
 * text and amounts as decimal strings, so nothing is rounded on the way.
 */
export function recordset(
  rows: readonly Row[],
  columns: Columns,
  alias = 'r',
): RawBuilder<unknown> {
  const json = JSON.stringify(rows);
  const definition = Object.entries(columns)
    .map(([name, type]) => `${name} ${type}`)
    .join(', ');
  return sql`json_to_recordset(${json}::json) as ${sql.raw(alias)}(${sql.raw(definition)})`;
}

/** `insert into table (columns) select columns from recordset(rows)`: one statement. */
export function insertMany(
  table: string,
  columns: Columns,
  rows: readonly Row[],
): RawBuilder<unknown> {
  const names = sql.raw(Object.keys(columns).join(', '));
  return sql`insert into ${sql.raw(table)} (${names}) select ${names} from ${recordset(rows, columns)}`;
}
