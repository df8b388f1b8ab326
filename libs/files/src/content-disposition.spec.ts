import { contentDisposition } from './content-disposition';

describe('contentDisposition (08 §10.5, RFC 6266)', () => {
  it.each<[string, 'inline' | 'attachment', string, string]>([
    ['plain ASCII', 'inline', 'hello.txt', `inline; filename="hello.txt"; filename*=UTF-8''hello.txt`],
    [
      'spaces and non-ASCII',
      'attachment',
      'résumé 2024.pdf',
      `attachment; filename="r_sum_ 2024.pdf"; filename*=UTF-8''r%C3%A9sum%C3%A9%202024.pdf`,
    ],
    ['CJK', 'inline', '日本.txt', `inline; filename="__.txt"; filename*=UTF-8''%E6%97%A5%E6%9C%AC.txt`],
    [
      'an astral character is one character in the fallback',
      'inline',
      '😀.png',
      `inline; filename="_.png"; filename*=UTF-8''%F0%9F%98%80.png`,
    ],
    [
      "RFC 8187 non-attr-chars ' ( ) * are percent-encoded",
      'inline',
      "it's (draft)*.txt",
      `inline; filename="it's (draft)*.txt"; filename*=UTF-8''it%27s%20%28draft%29%2A.txt`,
    ],
    [
      'quotes, backslashes and line breaks cannot escape the parameter',
      'inline',
      'a"b\\c\r\nSet-Cookie: x=1;.txt',
      `inline; filename="a_b_c__Set-Cookie: x=1;.txt"; filename*=UTF-8''a%22b%5Cc%0D%0ASet-Cookie%3A%20x%3D1%3B.txt`,
    ],
    ['percent signs', 'inline', '100%.txt', `inline; filename="100%.txt"; filename*=UTF-8''100%25.txt`],
  ])('%s', (_label, type, name, expected) => {
    expect(contentDisposition(type, name)).toBe(expected);
  });

  it('never contains CR, LF or other control characters', () => {
    let all = '';
    for (let c = 0; c < 0x20; c++) all += String.fromCharCode(c);
    expect(contentDisposition('inline', `${all}\u007f.txt`)).not.toMatch(/[\u0000-\u001f\u007f]/);
  });
});
