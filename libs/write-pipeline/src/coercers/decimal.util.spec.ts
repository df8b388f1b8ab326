import { canonicalDecimal, integerDigitsAfterRounding, parseDecimal } from './decimal.util';

describe('parseDecimal', () => {
  it.each<[string, { negative: boolean; digits: string; point: number } | undefined]>([
    ['0', { negative: false, digits: '', point: 0 }],
    ['-0.000', { negative: false, digits: '', point: 0 }],
    ['12.50', { negative: false, digits: '125', point: 2 }],
    ['-0.0012', { negative: true, digits: '12', point: -2 }],
    ['1.5e3', { negative: false, digits: '15', point: 4 }],
    ['15e-1', { negative: false, digits: '15', point: 1 }],
    ['.5', { negative: false, digits: '5', point: 0 }],
    ['5.', { negative: false, digits: '5', point: 1 }],
    ['+007', { negative: false, digits: '7', point: 1 }],
    ['1e+21', { negative: false, digits: '1', point: 22 }],
    ['', undefined],
    ['.', undefined],
    ['e5', undefined],
    ['1e', undefined],
    ['1e1001', undefined],
    ['1.2.3', undefined],
    ['NaN', undefined],
    [' 1', undefined],
  ])('%p', (text, parts) => {
    expect(parseDecimal(text)).toEqual(parts);
  });
});

describe('integerDigitsAfterRounding', () => {
  it.each<[string, number, number]>([
    ['0', 2, 0],
    ['0.004', 2, 0],
    ['0.005', 2, 0],
    ['9.994', 2, 1],
    ['9.995', 2, 2],
    ['-9.995', 2, 2],
    ['99.5', 0, 3],
    ['123.45', 1, 3],
    ['1e16', 2, 17],
  ])('%s at scale %i → %i', (text, scale, digits) => {
    expect(integerDigitsAfterRounding(parseDecimal(text)!, scale)).toBe(digits);
  });
});

describe('canonicalDecimal', () => {
  it('is equal for equal values', () => {
    const canon = (t: string) => canonicalDecimal(parseDecimal(t)!);
    expect(canon('1.50')).toBe(canon('1.5'));
    expect(canon('15e-1')).toBe(canon('1.5'));
    expect(canon('0')).toBe(canon('-0.00'));
    expect(canon('1.5')).not.toBe(canon('-1.5'));
    expect(canon('150')).not.toBe(canon('15'));
  });
});
