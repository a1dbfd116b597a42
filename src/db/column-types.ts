import type { ColumnType, Generated } from 'kysely';

/** Column shapes shared by the row types of every table. */
export type Id = Generated<number>;
export type CreatedAt = Generated<Date>;
export type Json<T = unknown> = ColumnType<T, string, string>;
export type JsonDefault<T> = ColumnType<T, string | undefined, string>;
