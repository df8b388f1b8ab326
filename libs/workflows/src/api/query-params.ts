import { enumParam, pageParams, QueryParams, singleParam } from '@rocket/http';
import { INSTANCE_STATUSES } from '../runtime/instance.types';
import { InstanceFilter, Page } from '../runtime/instances.repository';

/** `page`/`per_page` of the instance lists: default 50, at most 200 (05 §6.3). */
export function instancePage(query: QueryParams): Page {
  return pageParams(query, { default: 50, max: 200 });
}

/** `GET /_workflows` (05 §6.3): `status`, `workflow`, `entity`, `record_id`. */
export function instanceFilterOf(query: QueryParams): InstanceFilter {
  const filter: InstanceFilter = {};
  const status = enumParam(query, 'status', INSTANCE_STATUSES);
  if (status !== undefined) filter.status = status;
  const workflow = singleParam(query, 'workflow');
  if (workflow !== undefined) filter.workflow = workflow;
  const entity = singleParam(query, 'entity');
  if (entity !== undefined) filter.entity = entity;
  const recordId = singleParam(query, 'record_id');
  if (recordId !== undefined) filter.recordId = recordId;
  return filter;
}
