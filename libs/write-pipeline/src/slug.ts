import { randomInt } from 'node:crypto';
import { sql } from 'kysely';
import { AnyDb } from '@rocket/database';
import { CompiledEntity, CompiledField } from '@rocket/metadata';
import { sameValue } from './same-value';
import { SlugShape } from './write-shape';

/** An acceptable slug (02 §6.2 rule `slug`). */
export const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** base, base-2 … base-100, then base-<6 random base36 chars> (02 §6.4). */
const MAX_NUMBERED = 100;
const RANDOM_BASE_LENGTH = 8;
const RANDOM_SUFFIX_LENGTH = 6;

const BASE36 = '0123456789abcdefghijklmnopqrstuvwxyz';

export function randomBase36(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += BASE36[randomInt(36)];
  return out;
}

/**
 * Slugify (02 §6.4): lowercase, NFD, drop combining marks U+0300–U+036F,
 * every run of characters outside [a-z0-9] becomes one `-`, no `-` at
 * either end. An empty result becomes a random 8-character base36 string.
 */
export function slugify(text: string, random: (length: number) => string = randomBase36): string {
  const slug = text
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug.length > 0 ? slug : random(RANDOM_BASE_LENGTH);
}

/** The numbered candidates for a base, in the order they are tried. */
export function slugCandidates(base: string): string[] {
  const out = [base];
  for (let n = 2; n <= MAX_NUMBERED; n++) out.push(`${base}-${n}`);
  return out;
}

/** The text a slug is made from: scalar source values only. */
export function slugSourceText(value: unknown): string | undefined {
  if (typeof value === 'string') return value.length > 0 ? value : undefined;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

export interface SlugSituation {
  readonly action: 'create' | 'update';
  /** Field values this write sets (payload, defaults…). */
  readonly values: ReadonlyMap<string, unknown>;
  /** Update: the locked current row. */
  readonly current?: Readonly<Record<string, unknown>>;
}

/**
 * The source text to generate a slug from in this write, or undefined when
 * the slug is left alone (02 §6.4):
 * - create: no slug (absent or empty) and the source has a non-empty value;
 * - update: `regenerate_on_update`, no slug supplied, and the source supplied
 *   with a non-empty value different from the stored one.
 */
export function slugSourceFor(slug: SlugShape, write: SlugSituation): string | undefined {
  const source = slug.source;
  if (!source) return undefined;
  if (write.action === 'create') {
    const given = write.values.get(slug.field.name);
    if (given !== undefined && given !== null && given !== '') return undefined;
    return slugSourceText(write.values.get(source.name));
  }
  if (!slug.regenerateOnUpdate || write.values.has(slug.field.name) || !write.values.has(source.name)) {
    return undefined;
  }
  const next = write.values.get(source.name);
  if (sameValue(source, write.current?.[source.name], next)) return undefined;
  return slugSourceText(next);
}

/** Which of the candidates live rows hold already (the record itself excluded on update). */
export function takenSlugsQuery(
  db: AnyDb,
  entity: CompiledEntity,
  field: CompiledField,
  candidates: readonly string[],
  excludePk?: string | number,
) {
  let query = db
    .selectFrom(entity.table)
    .select(sql.ref<string>(field.name).as('slug'))
    .where(sql.ref(field.name), 'in', candidates);
  if (entity.softDelete) query = query.where(sql.ref('deleted_at'), 'is', null);
  if (excludePk !== undefined) query = query.where(sql.ref(entity.pk.name), '<>', excludePk);
  return query;
}

/**
 * The first free slug for a base among live rows: base, base-2 … base-100,
 * else base-<random>. One query; a concurrent writer taking the same slug
 * makes the unique index answer 409.
 */
export async function uniqueSlug(
  db: AnyDb,
  entity: CompiledEntity,
  field: CompiledField,
  base: string,
  excludePk?: string | number,
  random: (length: number) => string = randomBase36,
): Promise<string> {
  const candidates = slugCandidates(base);
  const rows = await takenSlugsQuery(db, entity, field, candidates, excludePk).execute();
  const taken = new Set(rows.map((r) => r.slug));
  return candidates.find((c) => !taken.has(c)) ?? `${base}-${random(RANDOM_SUFFIX_LENGTH)}`;
}
