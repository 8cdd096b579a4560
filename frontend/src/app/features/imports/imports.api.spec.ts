import { fileNameOf } from './imports.api';

describe('fileNameOf', () => {
  it('reads the UTF-8 file name of a Content-Disposition header', () => {
    expect(fileNameOf("attachment; filename*=UTF-8''%E6%82%A3%E8%80%85-errors.csv")).toBe('患者-errors.csv');
  });

  it('reads a plain file name', () => {
    expect(fileNameOf('attachment; filename="his-errors.csv"')).toBe('his-errors.csv');
  });

  it('gives up on a missing or broken header', () => {
    expect(fileNameOf(null)).toBeNull();
    expect(fileNameOf("attachment; filename*=UTF-8''%E6%82")).toBeNull();
    expect(fileNameOf('inline')).toBeNull();
  });
});
