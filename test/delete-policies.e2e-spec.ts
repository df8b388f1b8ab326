import { defineSchema, insertRecords } from './support/schema';
import { TestServer } from './support/test-server';

const uuidPk = { field: 'id', type: 'uuid', generated: true };
const idField = { name: 'id', type: 'uuid', required: true };
const name = { name: 'name', type: 'string' };

const entity = (entityName: string, table: string, soft: boolean, fields: object[] = []) => ({
  name: entityName,
  table,
  primary_key: uuidPk,
  soft_delete: soft,
  fields: [idField, name, ...fields],
});
const fk = (field: string) => ({ name: field, type: 'uuid' });

/**
 * org (hard) ─cascade→ team (soft) ─cascade→ task (hard)
 *            ─cascade→ project (hard) ─cascade→ milestone (soft)
 *            ─set_null→ member (soft)   ─restrict→ bill
 *            ─M:N detach→ label (hard)  ─M:N cascade→ badge (soft)
 * team ─restrict→ contract, ─set_null→ seat, ─M:N detach→ label
 * alpha ⇄ beta (cascade both ways), node → node (self cascade), folder → folder (self restrict)
 */
const ENTITIES = [
  entity('org', 'orgs', false),
  entity('team', 'teams', true, [fk('org_id')]),
  {
    name: 'task',
    table: 'tasks',
    primary_key: { field: 'id', type: 'int', generated: true },
    fields: [{ name: 'id', type: 'int', required: true }, name, fk('team_id')],
  },
  entity('project', 'projects', false, [fk('org_id')]),
  entity('milestone', 'milestones', true, [fk('project_id')]),
  entity('member', 'members', true, [fk('org_id')]),
  entity('bill', 'bills', false, [fk('org_id')]),
  entity('contract', 'contracts', false, [fk('team_id')]),
  entity('seat', 'seats', false, [fk('team_id')]),
  entity('label', 'labels', false),
  entity('badge', 'badges', true),
  entity('alpha', 'alphas', false, [fk('beta_id')]),
  entity('beta', 'betas', true, [fk('alpha_id')]),
  entity('node', 'nodes', false, [fk('parent_id')]),
  entity('folder', 'folders', false, [fk('parent_id')]),
];

const rel = (relName: string, source: string, target: string, targetKey: string, onDelete: string) => ({
  name: relName,
  type: 'one_to_many',
  source,
  target,
  target_key: targetKey,
  on_delete: onDelete,
});
const m2m = (relName: string, source: string, target: string, onDelete: string) => ({
  name: relName,
  type: 'many_to_many',
  source,
  target,
  join_table: `${relName}_links`,
  source_join_key: `${source}_id`,
  target_join_key: `${target}_id`,
  on_delete: onDelete,
});

const RELATIONS = [
  rel('teams', 'org', 'team', 'org_id', 'cascade'),
  rel('tasks', 'team', 'task', 'team_id', 'cascade'),
  rel('projects', 'org', 'project', 'org_id', 'cascade'),
  rel('milestones', 'project', 'milestone', 'project_id', 'cascade'),
  rel('members', 'org', 'member', 'org_id', 'set_null'),
  rel('bills', 'org', 'bill', 'org_id', 'restrict'),
  rel('contracts', 'team', 'contract', 'team_id', 'restrict'),
  rel('seats', 'team', 'seat', 'team_id', 'set_null'),
  m2m('org_labels', 'org', 'label', 'detach'),
  m2m('org_badges', 'org', 'badge', 'cascade'),
  m2m('team_labels', 'team', 'label', 'detach'),
  rel('alpha_betas', 'alpha', 'beta', 'alpha_id', 'cascade'),
  rel('beta_alphas', 'beta', 'alpha', 'beta_id', 'cascade'),
  rel('children', 'node', 'node', 'parent_id', 'cascade'),
  rel('subfolders', 'folder', 'folder', 'parent_id', 'restrict'),
];

describe('delete policies (02 §8)', () => {
  let server: TestServer;
  let app: string;
  let token: string;

  const sql = (text: string, params: unknown[] = []) => server.sql(`rocket_${app}`, text, params);
  const count = async (table: string, where = 'true', params: unknown[] = []) =>
    Number((await sql(`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`, params))[0].n);
  const live = (table: string, id: string | number) => count(table, 'id = $1 AND deleted_at IS NULL', [id]);
  const exists = (table: string, id: string | number) => count(table, 'id = $1', [id]);
  const create = async (entityName: string, body: object) =>
    (await insertRecords(server, app, token, entityName, [body]))[0];
  const del = (entityName: string, id: string) => server.delete(`/api/${app}/${entityName}/${id}`, { token });

  /** An org with one of everything hanging off it. */
  const orgTree = async () => {
    const org = await create('org', {
      name: 'org',
      teams: { data: [{ name: 't1', tasks: { data: [{ name: 'task' }] } }] },
      projects: { data: [{ name: 'p1', milestones: { data: [{ name: 'm1' }, { name: 'm2' }] } }] },
      members: { data: [{ name: 'alive' }, { name: 'retired' }] },
    });
    const [team] = await sql('SELECT id FROM teams WHERE org_id = $1', [org.id]);
    const [project] = await sql('SELECT id FROM projects WHERE org_id = $1', [org.id]);
    const [task] = await sql('SELECT id FROM tasks WHERE team_id = $1', [team.id]);
    const retired = (await sql(`SELECT id FROM members WHERE org_id = $1 AND name = 'retired'`, [org.id]))[0];
    expect((await del('member', retired.id)).status).toBe(200);
    const label = await create('label', { name: 'l' });
    const badge = await create('badge', { name: 'b' });
    await sql(`INSERT INTO org_labels_links VALUES ($1, $2)`, [org.id, label.id]);
    await sql(`INSERT INTO org_badges_links VALUES ($1, $2)`, [org.id, badge.id]);
    return { org, team, project, task, retired, label, badge };
  };

  beforeAll(async () => {
    server = await TestServer.start();
    app = await server.createApp();
    token = (await server.appLogin(app)).access_token;
    await defineSchema(server, app, token, ENTITIES, RELATIONS);
  });
  afterAll(() => server.close());

  it('hard parent: cascade soft-deletes soft children, hard-deletes hard ones, recursively; set_null; M:N join rows', async () => {
    const t = await orgTree();
    const res = await del('org', t.org.id);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: { id: t.org.id } });
    expect(await exists('orgs', t.org.id)).toBe(0);
    // team is soft-delete: kept, marked; its hard-delete task is gone (the parent's mode does not matter).
    expect([await exists('teams', t.team.id), await live('teams', t.team.id)]).toEqual([1, 0]);
    expect(await exists('tasks', t.task.id)).toBe(0);
    // project is hard: gone; its soft-delete milestones are soft-deleted.
    expect(await exists('projects', t.project.id)).toBe(0);
    expect(await count('milestones', 'project_id = $1 AND deleted_at IS NOT NULL', [t.project.id])).toBe(2);
    // set_null reaches every row, soft-deleted ones too.
    expect(await count('members', 'org_id = $1', [t.org.id])).toBe(0);
    expect(await count('members', 'id = $1 AND org_id IS NULL', [t.retired.id])).toBe(1);
    // M:N cascade and detach: join rows go, targets stay.
    expect(await count('org_labels_links', 'org_id = $1', [t.org.id])).toBe(0);
    expect(await count('org_badges_links', 'org_id = $1', [t.org.id])).toBe(0);
    expect([await exists('labels', t.label.id), await live('badges', t.badge.id)]).toEqual([1, 1]);
  });

  it('soft parent: hard children deleted, set_null applied, M:N join rows removed although the source is only soft-deleted', async () => {
    const team = await create('team', {
      name: 'soft',
      tasks: { data: [{ name: 'a' }, { name: 'b' }] },
      seats: { data: [{ name: 's' }] },
    });
    const label = await create('label', { name: 'tl' });
    await sql(`INSERT INTO team_labels_links VALUES ($1, $2)`, [team.id, label.id]);
    expect((await del('team', team.id)).status).toBe(200);
    expect([await exists('teams', team.id), await live('teams', team.id)]).toEqual([1, 0]);
    expect(await count('tasks', 'team_id = $1', [team.id])).toBe(0);
    expect(await count('seats', 'team_id IS NULL AND name = $1', ['s'])).toBe(1);
    expect(await count('team_labels_links', 'team_id = $1', [team.id])).toBe(0);
    expect(await exists('labels', label.id)).toBe(1);
    // Deleting it again: 404.
    expect((await del('team', team.id)).status).toBe(404);
  });

  it('a soft-deleted child is not cascaded again', async () => {
    const org = await create('org', {
      name: 'o',
      teams: { data: [{ name: 'old', tasks: { data: [{ name: 'kept' }] } }] },
    });
    const [team] = await sql('SELECT id FROM teams WHERE org_id = $1', [org.id]);
    await sql('UPDATE teams SET deleted_at = NOW() WHERE id = $1', [team.id]);
    expect((await del('org', org.id)).status).toBe(200);
    expect(await count('tasks', 'team_id = $1', [team.id])).toBe(1);
  });

  it('restrict → 409 with the count, nothing changed; allowed once the children are gone', async () => {
    const t = await orgTree();
    const bills = await insertRecords(server, app, token, 'bill', [
      { name: 'b1', org_id: t.org.id },
      { name: 'b2', org_id: t.org.id },
    ]);
    const res = await del('org', t.org.id);
    expect(res.status).toBe(409);
    expect(res.body).toEqual({ error: { code: 'CONFLICT', message: 'Cannot delete: 2 related bill records exist' } });
    expect(await exists('orgs', t.org.id)).toBe(1);
    expect(await live('teams', t.team.id)).toBe(1);
    expect(await exists('tasks', t.task.id)).toBe(1);
    expect(await count('org_labels_links', 'org_id = $1', [t.org.id])).toBe(1);
    for (const bill of bills) expect((await del('bill', bill.id)).status).toBe(200);
    expect((await del('org', t.org.id)).status).toBe(200);
    expect(await exists('orgs', t.org.id)).toBe(0);
  });

  it('a restrict deep in the cascade tree aborts the whole delete', async () => {
    const t = await orgTree();
    await create('contract', { name: 'c', team_id: t.team.id });
    const res = await del('org', t.org.id);
    expect(res.status).toBe(409);
    expect(res.body.error.message).toBe('Cannot delete: 1 related contract records exist');
    expect(await exists('orgs', t.org.id)).toBe(1);
    expect(await live('teams', t.team.id)).toBe(1);
    expect(await exists('tasks', t.task.id)).toBe(1);
    expect(await exists('projects', t.project.id)).toBe(1);
    expect(await count('members', 'org_id = $1', [t.org.id])).toBe(2);
  });

  it('set_null on a NOT NULL column → 409, nothing changed', async () => {
    const team = await create('team', { name: 'strict', seats: { data: [{ name: 'fixed' }] } });
    // Made NOT NULL behind the metadata's back (a relation cannot be defined so, 01 §3.1).
    await sql('DELETE FROM seats WHERE team_id IS NULL');
    await sql('ALTER TABLE seats ALTER COLUMN team_id SET NOT NULL');
    try {
      const res = await del('team', team.id);
      expect(res.status).toBe(409);
      expect(res.body.error).toEqual({
        code: 'CONFLICT',
        message: 'Cannot delete: team_id of related seat records cannot be set to null',
      });
      expect(await live('teams', team.id)).toBe(1);
      expect(await count('seats', 'team_id = $1', [team.id])).toBe(1);
    } finally {
      await sql('DELETE FROM seats WHERE team_id = $1', [team.id]);
      await sql('ALTER TABLE seats ALTER COLUMN team_id DROP NOT NULL');
    }
  });

  it('a cascade cycle A → B → A terminates (visited set)', async () => {
    const a1 = await create('alpha', { name: 'a1' });
    const b1 = await create('beta', { name: 'b1', alpha_id: a1.id });
    const a2 = await create('alpha', { name: 'a2', beta_id: b1.id });
    await sql('UPDATE alphas SET beta_id = $1 WHERE id = $2', [b1.id, a1.id]); // a1 ↔ b1
    const b2 = await create('beta', { name: 'b2', alpha_id: a2.id });
    const res = await del('alpha', a1.id);
    expect(res.status).toBe(200);
    expect(await exists('alphas', a1.id)).toBe(0);
    expect(await live('betas', b1.id)).toBe(0);
    expect(await exists('alphas', a2.id)).toBe(0);
    expect(await live('betas', b2.id)).toBe(0);
  });

  it('a self relation with a cycle and a self-reference terminates', async () => {
    const root = await create('node', {
      name: 'root',
      children: { data: [{ name: 'c1', children: { data: [{ name: 'g' }] } }, { name: 'c2' }] },
    });
    const [c1] = await sql(`SELECT id FROM nodes WHERE name = 'c1' AND parent_id = $1`, [root.id]);
    await sql('UPDATE nodes SET parent_id = $1 WHERE id = $2', [c1.id, root.id]); // root ↔ c1
    const selfish = await create('node', { name: 'me' });
    await sql('UPDATE nodes SET parent_id = id WHERE id = $1', [selfish.id]);
    expect((await del('node', root.id)).status).toBe(200);
    expect(await count('nodes', `name IN ('root', 'c1', 'c2', 'g')`)).toBe(0);
    expect((await del('node', selfish.id)).status).toBe(200);
    expect(await exists('nodes', selfish.id)).toBe(0);
  });

  it('restrict on a self relation: the record itself does not hold its own delete back', async () => {
    const parent = await create('folder', { name: 'parent', subfolders: { data: [{ name: 'child' }] } });
    expect((await del('folder', parent.id)).status).toBe(409);
    const loner = await create('folder', { name: 'loner' });
    await sql('UPDATE folders SET parent_id = id WHERE id = $1', [loner.id]);
    expect((await del('folder', loner.id)).status).toBe(200);
    expect(await exists('folders', loner.id)).toBe(0);
  });

  it('hard-deleting an M:N target removes the join rows pointing at it; a soft-deleted target keeps them', async () => {
    const org = await create('org', { name: 'linked' });
    const label = await create('label', { name: 'hard' });
    const badge = await create('badge', { name: 'soft' });
    await sql(`INSERT INTO org_labels_links VALUES ($1, $2)`, [org.id, label.id]);
    await sql(`INSERT INTO team_labels_links VALUES ($1, $2)`, [org.id, label.id]);
    await sql(`INSERT INTO org_badges_links VALUES ($1, $2)`, [org.id, badge.id]);
    expect((await del('label', label.id)).status).toBe(200);
    expect(await count('org_labels_links', 'label_id = $1', [label.id])).toBe(0);
    expect(await count('team_labels_links', 'label_id = $1', [label.id])).toBe(0);
    expect((await del('badge', badge.id)).status).toBe(200);
    expect(await count('org_badges_links', 'badge_id = $1', [badge.id])).toBe(1);
    // Reads skip the soft-deleted target all the same.
    const res = await server.get(`/api/${app}/org/${org.id}?include=org_badges`, { token });
    expect(res.body.data.org_badges).toEqual([]);
  });

  it('nested _delete runs the same procedure: cascade, set_null and restrict', async () => {
    const t = await orgTree();
    const seat = await create('seat', { name: 'n-seat', team_id: t.team.id });
    const res = await server.put(`/api/${app}/org/${t.org.id}`, {
      token,
      body: { teams: { data: [{ id: t.team.id, _delete: true }] } },
    });
    expect(res.status).toBe(200);
    expect(await live('teams', t.team.id)).toBe(0);
    expect(await exists('tasks', t.task.id)).toBe(0);
    expect(await count('seats', 'id = $1 AND team_id IS NULL', [seat.id])).toBe(1);

    const other = await create('org', { name: 'other', teams: { data: [{ name: 'bound' }] } });
    const [team] = await sql('SELECT id FROM teams WHERE org_id = $1', [other.id]);
    await create('contract', { name: 'c', team_id: team.id });
    const refused = await server.put(`/api/${app}/org/${other.id}`, {
      token,
      body: { name: 'renamed', teams: { _write_mode: 'replace', data: [] } },
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toBe('Cannot delete: 1 related contract records exist');
    expect(await live('teams', team.id)).toBe(1);
    expect((await sql('SELECT name FROM orgs WHERE id = $1', [other.id]))[0].name).toBe('other');
  });
});
