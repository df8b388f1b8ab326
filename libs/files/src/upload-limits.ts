/** Multipart limits of an upload besides the file size (08 §10.4). */
export const UPLOAD_LIMITS = {
  /** One file part per request. */
  files: 1,
  /** Parts of any kind. */
  parts: 10,
  /** Bytes of one text part. */
  fieldSize: 1024,
} as const;
