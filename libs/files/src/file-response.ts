import { contentDisposition } from './content-disposition';
import { dispositionOf } from './mime';

/** What the response headers are built from: a `_files` row. */
export interface ServedFile {
  id: string;
  filename: string;
  mime_type: string;
}

/** Content is immutable, so the id is a strong validator (08 §10.5). */
export function etagOf(id: string): string {
  return `"${id}"`;
}

/**
 * The headers of every 200/206/HEAD answer of 08 §10.5 except the lengths:
 * the stored type exactly as stored, a disposition that downloads active
 * content, no sniffing, a sandbox for anything that still renders.
 */
export function servedFileHeaders(file: ServedFile): Record<string, string> {
  return {
    'content-type': file.mime_type,
    'content-disposition': contentDisposition(dispositionOf(file.mime_type), file.filename),
    'x-content-type-options': 'nosniff',
    'content-security-policy': "sandbox; default-src 'none'",
    'cache-control': 'private, max-age=0, must-revalidate',
    etag: etagOf(file.id),
    'accept-ranges': 'bytes',
  };
}

/** `If-None-Match` (RFC 9110 §13.1.2): `*` or any listed tag, compared weakly. */
export function noneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t.replace(/^W\//, '') === etag;
  });
}

/** `If-Range` (RFC 9110 §13.1.5): the range applies only if the tag matches strongly (a date never does here). */
export function ifRangeHolds(header: string | undefined, etag: string): boolean {
  return header === undefined || header.trim() === etag;
}
