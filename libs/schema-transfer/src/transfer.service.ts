import { Injectable } from '@nestjs/common';
import { Errors, ErrorDetail } from '@rocket/errors';
import { MetadataRepository, RegistryLoader, SchemaChangeService } from '@rocket/metadata';
import { TenancyService } from '@rocket/tenancy';
import { collection, readImportDocument } from './import-document';
import { SampleDataImporter } from './sample-data.importer';
import { ImportContext } from './transfer-kind';
import { LATER_KINDS, TransferKinds } from './transfer-kinds';

export interface ImportReport {
  message: string;
  summary: Record<string, number>;
  skipped: Record<string, number>;
  /** Kinds this build cannot import yet, with their item counts (instead of failing). */
  not_imported?: Record<string, number>;
  errors?: string[];
}

/**
 * Schema export and import (01 §8). Import validates the whole document
 * first (phase A, nothing written), then applies every kind in dependency
 * order, plus sample data, in the one metadata transaction.
 */
@Injectable()
export class TransferService {
  constructor(
    private readonly kinds: TransferKinds,
    private readonly tenancy: TenancyService,
    private readonly changes: SchemaChangeService,
    private readonly repository: MetadataRepository,
    private readonly loader: RegistryLoader,
    private readonly samples: SampleDataImporter,
  ) {}

  async export(): Promise<Record<string, unknown>> {
    const db = this.tenancy.current().db;
    const doc: Record<string, unknown> = { version: 1, exported_at: new Date().toISOString() };
    for (const kind of this.kinds.list()) doc[kind.key] = await kind.export(db as never);
    return doc;
  }

  async import(body: unknown): Promise<ImportReport> {
    const doc = readImportDocument(body);
    const kinds = this.kinds.list();
    const items = new Map(kinds.map((k) => [k.key, collection(doc, k.key)]));
    const app = this.tenancy.current().name;
    return this.changes.apply(async (trx) => {
      const ctx: ImportContext = {
        trx,
        app,
        existingEntities: new Map((await this.repository.entityRows(trx)).map((r) => [r.name, r.definition])),
        existingRelations: (await this.repository.relationRows(trx)).map((r) => r.definition),
        importedEntities: new Map(),
        importedRelations: [],
      };
      // Phase A: every kind plans against existing ∪ imported; nothing is written yet.
      const details: ErrorDetail[] = [];
      const plans = [];
      for (const kind of kinds) {
        const plan = await kind.plan(items.get(kind.key)!, ctx);
        details.push(...plan.details);
        plans.push({ kind: kind, plan });
      }
      if (details.length > 0) throw Errors.validation(details, 'Import validation failed');

      // Phase B: dependency order; then sample data against the registry built in this transaction.
      const report: ImportReport = { message: 'Import completed', summary: {}, skipped: {} };
      for (const { kind, plan } of plans) {
        await kind.apply(plan.fresh, ctx);
        report.summary[kind.key] = plan.fresh.length;
        report.skipped[kind.key] = plan.duplicates;
      }
      const registry = await this.loader.load(trx, app);
      const entityOrder = collection(doc, 'entities').map((e) => (e as { name?: string })?.name ?? '');
      const samples = await this.samples.import(trx, registry, doc.sample_data, entityOrder);
      report.summary.records = samples.inserted;
      report.skipped.records = samples.skipped;
      const later = Object.fromEntries(
        LATER_KINDS.filter((k) => !this.kinds.has(k) && Array.isArray(doc[k]) && (doc[k] as unknown[]).length > 0).map(
          (k) => [k, (doc[k] as unknown[]).length],
        ),
      );
      if (Object.keys(later).length > 0) report.not_imported = later;
      if (samples.errors.length > 0) report.errors = samples.errors;
      return report;
    });
  }
}
