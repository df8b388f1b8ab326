import { CompiledField, CompiledRelation } from '@rocket/metadata';
import { FilterValue } from './filter-values';

/** The raw query string as Fastify hands it over: bracketed keys unexpanded, repeated keys as arrays. */
export type RawQuery = Record<string, string | string[] | undefined>;

export const FILTER_OPS = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'in', 'not_in', 'like'] as const;
export type FilterOp = (typeof FILTER_OPS)[number];
export type ScalarOp = Exclude<FilterOp, 'in' | 'not_in'>;
export type ListOp = Extract<FilterOp, 'in' | 'not_in'>;

/** One AND-ed condition; fields are registry objects, values already coerced (02 §3.1). */
export type Filter =
  | { field: CompiledField; op: ScalarOp; value: FilterValue }
  | { field: CompiledField; op: ListOp; values: FilterValue[] };

export interface SortTerm {
  field: CompiledField;
  desc: boolean;
}

/** An include as requested: the client's name is the response key (02 §3.4). */
export interface IncludeRequest {
  key: string;
  relation: CompiledRelation;
}

export interface ListQuery {
  filters: Filter[];
  sort: SortTerm[];
  page: number;
  perPage: number;
  includes: IncludeRequest[];
  /** False with `total=false`: the COUNT query is skipped and `meta.total` omitted. */
  withTotal: boolean;
}
