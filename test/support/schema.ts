import { TestServer } from './test-server';

/** Creates entities and relations through the admin API, failing loudly on any error. */
export async function defineSchema(
  server: TestServer,
  app: string,
  token: string,
  entities: object[],
  relations: object[] = [],
): Promise<void> {
  for (const body of entities) {
    const res = await server.post(`/api/${app}/_admin/entities`, { token, body });
    if (res.status !== 201) throw new Error(`entity: ${res.status} ${JSON.stringify(res.body)}`);
  }
  for (const body of relations) {
    const res = await server.post(`/api/${app}/_admin/relations`, { token, body });
    if (res.status !== 201) throw new Error(`relation: ${res.status} ${JSON.stringify(res.body)}`);
  }
}

/** Inserts records through the API (the real write path) and returns them as answered. */
export async function insertRecords(
  server: TestServer,
  app: string,
  token: string,
  entity: string,
  records: object[],
): Promise<any[]> {
  const out = [];
  for (const body of records) {
    const res = await server.post(`/api/${app}/${entity}`, { token, body });
    if (res.status !== 201) throw new Error(`insert ${entity}: ${res.status} ${JSON.stringify(res.body)}`);
    out.push(res.body.data);
  }
  return out;
}
