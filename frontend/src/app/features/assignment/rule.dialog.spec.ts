import { parseIcdPrefixes } from './rule.dialog';

describe('parseIcdPrefixes', () => {
  it('splits on commas (also Chinese ones), spaces and semicolons, upper-cases and drops repeats', () => {
    expect(parseIcdPrefixes('i21, I25.1，e11；I21  j18')).toEqual(['I21', 'I25.1', 'E11', 'J18']);
    expect(parseIcdPrefixes('  ')).toEqual([]);
  });
});
