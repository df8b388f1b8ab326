import { DEFAULT_MIME_TYPE, dispositionOf, mimeTypeOf } from './mime';

describe('mimeTypeOf (08 §10.4)', () => {
  it.each<[string | undefined, string]>([
    ['text/plain', 'text/plain'],
    ['Text/Plain', 'text/plain'],
    ['text/plain; charset=utf-8', 'text/plain'],
    ['  image/png  ', 'image/png'],
    [
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    ],
    ['application/ld+json', 'application/ld+json'],
    ['application/x-a!#$&^_.+-', 'application/x-a!#$&^_.+-'],
    [undefined, DEFAULT_MIME_TYPE],
    ['', DEFAULT_MIME_TYPE],
    ['text', DEFAULT_MIME_TYPE],
    ['text/', DEFAULT_MIME_TYPE],
    ['/plain', DEFAULT_MIME_TYPE],
    ['text/plain/extra', DEFAULT_MIME_TYPE],
    ['text/pl ain', DEFAULT_MIME_TYPE],
    ['text/plain\r\nX-Evil: 1', DEFAULT_MIME_TYPE],
    ['text/"html"', DEFAULT_MIME_TYPE],
    ['tëxt/plain', DEFAULT_MIME_TYPE],
  ])('%j → %s', (raw, expected) => {
    expect(mimeTypeOf(raw)).toBe(expected);
  });
});

describe('dispositionOf (08 §10.5)', () => {
  it.each([
    'text/html',
    'application/xhtml+xml',
    'image/svg+xml',
    'text/xml',
    'application/xml',
    'text/javascript',
    'application/javascript',
    'application/atom+xml',
    'application/rss+xml',
    'application/vnd.custom+xml',
    'TEXT/HTML',
  ])('%s is an attachment', (type) => {
    expect(dispositionOf(type)).toBe('attachment');
  });

  it.each(['text/plain', 'image/png', 'application/pdf', 'application/json', 'application/octet-stream', 'video/mp4'])(
    '%s is inline',
    (type) => {
      expect(dispositionOf(type)).toBe('inline');
    },
  );
});
