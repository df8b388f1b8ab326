/** Longest stored filename in UTF-8 bytes (08 §10.4, §10.8). */
export const MAX_FILENAME_BYTES = 255;
/** A tail after the last dot longer than this is not treated as an extension to keep. */
const MAX_EXTENSION_BYTES = 32;

const CONTROL_OR_QUOTE = /[\u0000-\u001f\u007f"]/g;
const EDGE_SPACES_AND_DOTS = /^[ .]+|[ .]+$/g;

/**
 * The display name of an upload (08 §10.4): Unicode NFC; only the part after
 * the last `/` or `\`; no control characters (U+0000–U+001F, U+007F) and no
 * `"`; spaces and dots trimmed at both ends; at most 255 UTF-8 bytes, cut on
 * a character boundary, keeping the extension when possible; `file` if
 * nothing is left. The name is for display only: storage keys never use it.
 */
export function sanitizeFilename(raw: string | undefined | null): string {
  let name = (raw ?? '').normalize('NFC');
  name = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
  name = name.replace(CONTROL_OR_QUOTE, '').replace(EDGE_SPACES_AND_DOTS, '');
  if (utf8Length(name) > MAX_FILENAME_BYTES) {
    name = truncateKeepingExtension(name).replace(EDGE_SPACES_AND_DOTS, '');
  }
  return name || 'file';
}

function truncateKeepingExtension(name: string): string {
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 ? name.slice(dot) : '';
  const extensionBytes = utf8Length(extension);
  if (extension && extensionBytes <= MAX_EXTENSION_BYTES) {
    return truncateUtf8(name.slice(0, dot), MAX_FILENAME_BYTES - extensionBytes) + extension;
  }
  return truncateUtf8(name, MAX_FILENAME_BYTES);
}

/** The longest prefix of `text` within `maxBytes` UTF-8 bytes, never splitting a code point. */
export function truncateUtf8(text: string, maxBytes: number): string {
  let bytes = 0;
  let end = 0;
  for (const char of text) {
    const size = utf8Length(char);
    if (bytes + size > maxBytes) break;
    bytes += size;
    end += char.length;
  }
  return text.slice(0, end);
}

export function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
