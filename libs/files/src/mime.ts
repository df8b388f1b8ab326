export const DEFAULT_MIME_TYPE = 'application/octet-stream';

const MIME_TYPE = /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/;

/**
 * The stored type of an upload (08 §10.4): the part's `Content-Type`
 * lower-cased and without parameters if it is a plain `type/subtype`, else
 * `application/octet-stream`.
 */
export function mimeTypeOf(contentType: string | undefined | null): string {
  const bare = (contentType ?? '').split(';')[0].trim().toLowerCase();
  return MIME_TYPE.test(bare) ? bare : DEFAULT_MIME_TYPE;
}

/** Types a browser would execute or render as a document (08 §10.5): always downloaded. */
const ACTIVE_TYPES = new Set([
  'text/html',
  'application/xhtml+xml',
  'image/svg+xml',
  'text/xml',
  'application/xml',
  'text/javascript',
  'application/javascript',
]);

export function dispositionOf(mimeType: string): 'inline' | 'attachment' {
  const bare = mimeType.split(';')[0].trim().toLowerCase();
  return ACTIVE_TYPES.has(bare) || bare.endsWith('+xml') ? 'attachment' : 'inline';
}
