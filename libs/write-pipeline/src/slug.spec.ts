import { randomBase36, slugCandidates, slugify, slugSourceFor, takenSlugsQuery, uniqueSlug } from './slug';
import { entity, sqlOnlyDb } from './testing/fixtures';
import { scriptedDb } from './testing/scripted-db';
import { writeShapeOf } from './write-shape';

const fixed = (length: number) => 'r'.repeat(length);

describe('slugify', () => {
  it.each<[string, string]>([
    ['Hello World', 'hello-world'],
    ['  Hello,   World!  ', 'hello-world'],
    ['INV-001', 'inv-001'],
    ['Crème Brûlée', 'creme-brulee'],
    ['Ångström São Paulo', 'angstrom-sao-paulo'],
    ['İstanbul', 'istanbul'],
    ['a_b.c/d', 'a-b-c-d'],
    ['--already--slug--', 'already-slug'],
    ['Straße', 'stra-e'],
    ['2025 Report', '2025-report'],
    ['emoji 🚀 rocket', 'emoji-rocket'],
  ])('%p → %p', (text, slug) => {
    expect(slugify(text, fixed)).toBe(slug);
  });

  it.each(['', '!!!', '日本語', '---'])('%p slugifies to nothing → random 8-char base36', (text) => {
    expect(slugify(text, fixed)).toBe('rrrrrrrr');
    expect(slugify(text)).toMatch(/^[0-9a-z]{8}$/);
  });
});

describe('randomBase36', () => {
  it('has the length asked for and base36 characters only', () => {
    expect(randomBase36(6)).toMatch(/^[0-9a-z]{6}$/);
  });
});

describe('slugCandidates', () => {
  it('base, base-2 … base-100', () => {
    const all = slugCandidates('post');
    expect(all).toHaveLength(100);
    expect(all.slice(0, 3)).toEqual(['post', 'post-2', 'post-3']);
    expect(all[99]).toBe('post-100');
  });
});

describe('slugSourceFor', () => {
  const invoice = writeShapeOf(entity('invoice')).slug!; // regenerate_on_update
  const category = writeShapeOf(entity('category')).slug!; // no regeneration
  const values = (v: Record<string, unknown>) => new Map(Object.entries(v));

  it.each<[string, Record<string, unknown>, string | undefined]>([
    ['no slug, source set', { number: 'INV 1' }, 'INV 1'],
    ['empty slug, source set', { number: 'INV 1', slug: '' }, 'INV 1'],
    ['explicit slug wins', { number: 'INV 1', slug: 'mine' }, undefined],
    ['empty source', { number: '' }, undefined],
    ['no source', {}, undefined],
  ])('create: %s', (_label, v, text) => {
    expect(slugSourceFor(invoice, { action: 'create', values: values(v) })).toBe(text);
  });

  it('create: a numeric source is used as text', () => {
    const slug = { ...invoice, source: entity('customer').fieldsByName.get('visits') };
    expect(slugSourceFor(slug, { action: 'create', values: values({ visits: 42 }) })).toBe('42');
  });

  const current = { number: 'INV 1', slug: 'inv-1' };
  it.each<[string, Record<string, unknown>, string | undefined]>([
    ['source changed', { number: 'INV 2' }, 'INV 2'],
    ['source unchanged', { number: 'INV 1' }, undefined],
    ['source not supplied', { total: 3 }, undefined],
    ['slug supplied too', { number: 'INV 2', slug: 'keep' }, undefined],
    ['source emptied', { number: '' }, undefined],
  ])('update with regenerate_on_update: %s', (_label, v, text) => {
    expect(slugSourceFor(invoice, { action: 'update', values: values(v), current })).toBe(text);
  });

  it('update without regenerate_on_update never regenerates', () => {
    expect(
      slugSourceFor(category, { action: 'update', values: values({ name: 'New' }), current: { name: 'Old' } }),
    ).toBeUndefined();
  });
});

describe('takenSlugsQuery', () => {
  const db = sqlOnlyDb();
  const compile = (q: { compile(): { sql: string; parameters: readonly unknown[] } }) => {
    const { sql, parameters } = q.compile();
    return { sql, parameters: parameters.length };
  };

  it('create on a soft-delete entity: live rows only', () => {
    const invoice = entity('invoice');
    const slug = invoice.fieldsByName.get('slug')!;
    expect(compile(takenSlugsQuery(db, invoice, slug, slugCandidates('inv-1')))).toEqual({
      sql: `select "slug" as "slug" from "invoices" where "slug" in (${Array.from({ length: 100 }, (_, i) => `$${i + 1}`).join(', ')}) and "deleted_at" is null`,
      parameters: 100,
    });
  });

  it('update: the record itself excluded', () => {
    const category = entity('category');
    const slug = category.fieldsByName.get('slug')!;
    const q = takenSlugsQuery(db, category, slug, ['a', 'a-2'], 'c0ffee00-0000-4000-8000-000000000000').compile();
    expect(q.sql).toBe('select "slug" as "slug" from "categories" where "slug" in ($1, $2) and "id" <> $3');
    expect(q.parameters).toEqual(['a', 'a-2', 'c0ffee00-0000-4000-8000-000000000000']);
  });
});

describe('uniqueSlug', () => {
  const category = entity('category');
  const field = category.fieldsByName.get('slug')!;

  it.each<[string, string[], string]>([
    ['base free', [], 'news'],
    ['base taken', ['news'], 'news-2'],
    ['a gap is reused', ['news', 'news-2', 'news-4'], 'news-3'],
    ['all 100 taken → random suffix', slugCandidates('news'), 'news-rrrrrr'],
  ])('%s', async (_label, taken, expected) => {
    const { db, executed } = scriptedDb(() => ({ rows: taken.map((slug) => ({ slug })) }));
    await expect(uniqueSlug(db, category, field, 'news', undefined, fixed)).resolves.toBe(expected);
    expect(executed).toHaveLength(1);
  });
});
