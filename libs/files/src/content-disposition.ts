const NOT_SAFE_IN_QUOTES = /[^\x20-\x7e]|["\\]/gu;
/** RFC 8187 attr-char is ALPHA / DIGIT / "!#$&+-.^_`|~"; encodeURIComponent leaves these extra ones. */
const NOT_ATTR_CHAR = /['()*]/g;

/**
 * `Content-Disposition` of a served file (08 §10.5, RFC 6266): a quoted
 * ASCII fallback in which quotes, backslashes, control and non-ASCII
 * characters become `_`, and the exact name as UTF-8 in `filename*`.
 * Nothing in the name can end the header or add a parameter.
 */
export function contentDisposition(type: 'inline' | 'attachment', filename: string): string {
  const fallback = filename.replace(NOT_SAFE_IN_QUOTES, '_');
  const encoded = encodeURIComponent(filename).replace(
    NOT_ATTR_CHAR,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${type}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
