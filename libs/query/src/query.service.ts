import { Injectable } from '@nestjs/common';
import { Errors } from '@rocket/errors';
import { CompiledEntity, RegistryService, resolveEntity } from '@rocket/metadata';
import { TenancyService } from '@rocket/tenancy';
import { parseIncludes, withEagerIncludes } from './include.parser';
import { DEFAULT_MAX_INCLUDED_ROWS, loadIncludes, Row } from './includes.loader';
import { buildCountQuery, pageStatement, TOTAL_COLUMN } from './list-query.builder';
import { parseListQuery } from './list-query.parser';
import { IncludeRequest, RawQuery } from './list-query.types';
import { RowFilterFor } from './read-scope';
import { findLiveRow } from './record-lookup';
import { serializeRecord } from './record-serializer';

export interface ListMeta {
  page: number;
  per_page: number;
  /** Omitted with `total=false`. */
  total?: number;
}

export interface ListResult {
  data: Record<string, unknown>[];
  meta: ListMeta;
}

/** Hooks for the permissions module: row filters per entity (07 §6.2), include cap (13 §8.3). */
export interface ReadOptions {
  rowFilter?: RowFilterFor;
  maxIncludedRows?: number;
}

/**
 * Reads of tenant data: list (02 §2.1) and get (02 §2.2). Queries run one
 * after the other on the app's pool, outside any transaction, so a request
 * never holds a connection while waiting for another.
 */
@Injectable()
export class QueryService {
  constructor(
    private readonly registry: RegistryService,
    private readonly tenancy: TenancyService,
  ) {}

  async list(entityName: string, query: RawQuery, options: ReadOptions = {}): Promise<ListResult> {
    // One registry snapshot for the whole request (01 §5).
    const registry = this.registry.current();
    const entity = resolveEntity(registry, entityName);
    const parsed = parseListQuery(registry, entity, query);
    const tenant = this.tenancy.current();
    const db = tenant.db;
    const extraWhere = options.rowFilter?.(entity);

    const page = pageStatement(db, entity, parsed, extraWhere);
    const rows = page.prepared
      ? ((
          await tenant.handle.pool.query({
            name: page.prepared,
            text: page.query.sql,
            values: [...page.query.parameters],
          })
        ).rows as Row[])
      : (await db.executeQuery<Row>(page.query)).rows;
    const meta: ListMeta = { page: parsed.page, per_page: parsed.perPage };
    if (parsed.withTotal) {
      meta.total =
        totalFromPage(parsed.page, rows) ??
        Number((await buildCountQuery(db, entity, parsed.filters, extraWhere).executeTakeFirstOrThrow()).total);
    }
    const data = await this.withIncludes(entity, rows, withEagerIncludes(entity, parsed.includes), options);
    return { data, meta };
  }

  /** One record by PK or slug (02 §5); only `include` is read from the query. */
  async get(
    entityName: string,
    id: string,
    query: RawQuery,
    options: ReadOptions = {},
  ): Promise<Record<string, unknown>> {
    const registry = this.registry.current();
    const entity = resolveEntity(registry, entityName);
    // Validated before the lookup so a bad include costs no query.
    const includes = withEagerIncludes(entity, parseIncludes(registry, entity, query.include));
    const tenant = this.tenancy.current();
    const extraWhere = options.rowFilter?.(entity);
    // Unfiltered lookups run as a prepared statement on the app's pool.
    const row = await findLiveRow(
      tenant.db,
      entity,
      id,
      extraWhere ? { extraWhere } : { prepared: tenant.handle.pool },
    );
    if (!row) throw Errors.notFound(`${entity.name} with id ${id} not found`);
    const [record] = await this.withIncludes(entity, [row], includes, options);
    return record;
  }

  private async withIncludes(
    entity: CompiledEntity,
    rows: Row[],
    includes: IncludeRequest[],
    options: ReadOptions,
  ): Promise<Record<string, unknown>[]> {
    const records = rows.map((row) => serializeRecord(entity, row));
    if (includes.length === 0) return records;
    const values = await loadIncludes(this.tenancy.current().db, entity, rows, includes, {
      rowFilter: options.rowFilter,
      maxRows: options.maxIncludedRows ?? DEFAULT_MAX_INCLUDED_ROWS,
    });
    return records.map((record, i) => Object.assign(record, values[i]));
  }
}

/**
 * The total a page read with its COUNT carries: in any row of a non-empty
 * page; an empty first page means nothing matches. Only an empty later page
 * (past the end) needs a COUNT of its own.
 */
export function totalFromPage(page: number, rows: readonly Row[]): number | undefined {
  if (rows.length > 0) return Number(rows[0][TOTAL_COLUMN]);
  return page === 1 ? 0 : undefined;
}
