import { quantity } from './words';

describe('quantity', () => {
  it('writes the noun in the singular for one only', () => {
    expect(quantity(1, 'service')).toBe('1 service');
    expect(quantity(0, 'finding')).toBe('0 findings');
    expect(quantity(2, 'file')).toBe('2 files');
  });
});
