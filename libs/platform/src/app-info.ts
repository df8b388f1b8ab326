import { AppRecord } from '@rocket/tenancy';

/** The public view of an app (08 §3): never the key id. */
export interface AppInfo {
  name: string;
  display_name: string;
  db_name: string;
  db_driver: string;
  status: string;
  limits: Record<string, unknown>;
  created_at: Date;
  updated_at: Date;
}

export function toAppInfo(app: AppRecord): AppInfo {
  return {
    name: app.name,
    display_name: app.display_name,
    db_name: app.db_name,
    db_driver: app.db_driver,
    status: app.status,
    limits: app.limits ?? {},
    created_at: app.created_at,
    updated_at: app.updated_at,
  };
}
