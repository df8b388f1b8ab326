import { MAX_FILENAME_BYTES, sanitizeFilename, truncateUtf8 } from './filename';

describe('sanitizeFilename (08 §10.4)', () => {
  it.each<[string, string | undefined | null, string]>([
    ['a plain name', 'hello.txt', 'hello.txt'],
    ['undefined', undefined, 'file'],
    ['null', null, 'file'],
    ['empty', '', 'file'],
    ['a Unix path', 'a/b/c.txt', 'c.txt'],
    ['a Windows path', 'C:\\Users\\x\\report.pdf', 'report.pdf'],
    ['mixed separators, last one wins', 'a\\b/c\\d.txt', 'd.txt'],
    ['path traversal', '../../../etc/passwd', 'passwd'],
    ['a trailing separator', 'dir/', 'file'],
    ['only dots', '..', 'file'],
    ['dots and spaces around', ' . .name.txt. . ', 'name.txt'],
    ['inner spaces and dots kept', 'my  file..v2.txt', 'my  file..v2.txt'],
    ['control characters', 'a\u0000b\u001fc\u007fd.txt', 'abcd.txt'],
    ['CR/LF', 'evil\r\nSet-Cookie: x=1.txt', 'evilSet-Cookie: x=1.txt'],
    ['double quotes', 'say "hi".txt', 'say hi.txt'],
    ['tab is a control character', 'a\tb.txt', 'ab.txt'],
    ['NFD is normalised to NFC', 'Cafe\u0301.txt', 'Caf\u00e9.txt'],
    ['non-ASCII kept', '日本語.pdf', '日本語.pdf'],
    ['emoji kept', '📄 notes.md', '📄 notes.md'],
    ['C1 controls and other marks kept (only C0 and DEL are removed)', 'a\u0085b.txt', 'a\u0085b.txt'],
    ['a name that is only controls', '\u0001\u0002', 'file'],
    ['a quote-only name', '"""', 'file'],
  ])('%s', (_label, raw, expected) => {
    expect(sanitizeFilename(raw)).toBe(expected);
  });

  it('truncates to 255 UTF-8 bytes keeping the extension', () => {
    const name = sanitizeFilename(`${'a'.repeat(300)}.txt`);
    expect(name).toBe(`${'a'.repeat(251)}.txt`);
    expect(Buffer.byteLength(name)).toBe(MAX_FILENAME_BYTES);
  });

  it('never splits a multi-byte character', () => {
    const name = sanitizeFilename(`${'é'.repeat(200)}.pdf`); // 2 bytes each
    expect(name).toBe(`${'é'.repeat(125)}.pdf`);
    expect(Buffer.byteLength(name)).toBe(254);
    const emoji = sanitizeFilename('😀'.repeat(100)); // 4 bytes each, no extension
    expect(emoji).toBe('😀'.repeat(63));
    expect(emoji).not.toContain('\ufffd');
  });

  it('cuts an over-long "extension" like the rest of the name', () => {
    const name = sanitizeFilename(`a.${'b'.repeat(300)}`);
    expect(Buffer.byteLength(name)).toBe(MAX_FILENAME_BYTES);
    expect(name.startsWith('a.bbb')).toBe(true);
  });

  it('trims dots and spaces left at the cut', () => {
    const name = sanitizeFilename(`${'a'.repeat(254)} .${'b'.repeat(40)}`);
    expect(name).toBe('a'.repeat(254));
  });

  it('a name of exactly 255 bytes is kept whole', () => {
    const exact = `${'x'.repeat(251)}.txt`;
    expect(sanitizeFilename(exact)).toBe(exact);
  });
});

describe('truncateUtf8', () => {
  it.each<[string, number, string]>([
    ['abc', 2, 'ab'],
    ['aé', 2, 'a'],
    ['aé', 3, 'aé'],
    ['😀x', 3, ''],
    ['😀x', 4, '😀'],
    ['', 5, ''],
  ])('%j to %d bytes → %j', (text, max, expected) => {
    expect(truncateUtf8(text, max)).toBe(expected);
  });
});
