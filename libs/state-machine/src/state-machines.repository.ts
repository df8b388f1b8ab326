import { Injectable } from '@nestjs/common';
import { sql, Transaction } from 'kysely';
import { AnyDb } from '@rocket/database';
import { StateMachineInput, StateMachineRow } from './definition/machine.types';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Db = AnyDb | Transaction<any>;

const COLUMNS = ['id', 'entity', 'field', 'definition', 'active', 'created_at', 'updated_at'] as const;

/** Every machine, or one entity's, ordered by entity and field (04 §2.7). */
export function listMachinesQuery(db: Db, entity?: string) {
  let query = db.selectFrom('_state_machines').select(COLUMNS).orderBy('entity').orderBy('field');
  if (entity !== undefined) query = query.where('entity', '=', entity);
  return query;
}

export function findMachineQuery(db: Db, id: string) {
  return db.selectFrom('_state_machines').select(COLUMNS).where('id', '=', id);
}

export function insertMachineQuery(db: Db, input: StateMachineInput) {
  return db
    .insertInto('_state_machines')
    .values({
      entity: input.entity,
      field: input.field,
      definition: JSON.stringify(input.definition),
      active: input.active,
    })
    .returning(COLUMNS);
}

export function updateMachineQuery(db: Db, id: string, input: StateMachineInput) {
  return db
    .updateTable('_state_machines')
    .set({
      entity: input.entity,
      field: input.field,
      definition: JSON.stringify(input.definition),
      active: input.active,
      updated_at: sql`NOW()`,
    })
    .where('id', '=', id)
    .returning(COLUMNS);
}

export function deleteMachineQuery(db: Db, id: string) {
  return db.deleteFrom('_state_machines').where('id', '=', id).returning('id');
}

/** `_state_machines` (04 §2.1): plain typed rows, `definition` parsed by the driver. */
@Injectable()
export class StateMachinesRepository {
  async list(db: Db, entity?: string): Promise<StateMachineRow[]> {
    return await listMachinesQuery(db, entity).execute();
  }

  async find(db: Db, id: string): Promise<StateMachineRow | undefined> {
    return await findMachineQuery(db, id).executeTakeFirst();
  }

  async insert(db: Db, input: StateMachineInput): Promise<StateMachineRow> {
    return await insertMachineQuery(db, input).executeTakeFirstOrThrow();
  }

  async update(db: Db, id: string, input: StateMachineInput): Promise<StateMachineRow | undefined> {
    return await updateMachineQuery(db, id, input).executeTakeFirst();
  }

  async delete(db: Db, id: string): Promise<boolean> {
    return (await deleteMachineQuery(db, id).executeTakeFirst()) !== undefined;
  }
}
