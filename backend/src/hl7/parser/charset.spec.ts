import iconv from 'iconv-lite';
import { decodeBytes, encodeText, GB18030, resolveCharset, UTF8 } from './charset';

describe('charsets', () => {
  it.each([
    ['UNICODE UTF-8', 'UNICODE UTF-8'],
    ['unicode utf-8', 'UNICODE UTF-8'],
    ['UTF-8', 'UNICODE UTF-8'],
    ['', 'UNICODE UTF-8'],
    ['8859/1', '8859/1'],
    ['ISO-8859-1', '8859/1'],
    ['8859/5', '8859/5'],
    ['GB 18030-2000', 'GB 18030-2000'],
    ['GB18030', 'GB 18030-2000'],
    ['gbk', 'GBK'],
    ['GB2312', 'GB2312'],
    ['BIG-5', 'BIG-5'],
    ['ASCII', 'ASCII'],
  ])('resolves %j to %s', (name, canonical) => {
    expect(resolveCharset(name)?.name).toBe(canonical);
  });

  it.each(['UNICODE UTF-16', 'CNS 11643-1992', 'ISO IR87', 'EBCDIC'])('does not claim to decode %s', (name) => {
    expect(resolveCharset(name)).toBeUndefined();
  });

  it('decodes GB 18030 like iconv-lite does, including 4-byte sequences', () => {
    const text = '张三 欧阳娜娜 𠀀 😀 €';
    const bytes = iconv.encode(text, 'gb18030');
    expect(decodeBytes(bytes, GB18030)).toEqual({ text, invalidAt: -1 });
    expect(encodeText(text, GB18030).equals(bytes)).toBe(true);
  });

  it('reports where bytes are invalid', () => {
    expect(decodeBytes(Buffer.from([0x41, 0xff, 0x42]), GB18030).invalidAt).toBe(1);
    expect(decodeBytes(Buffer.from([0x41, 0xc3, 0x42]), UTF8).invalidAt).toBe(1);
    expect(decodeBytes(Buffer.from('A\uFFFDB'), UTF8).invalidAt).toBe(-1); // a real U+FFFD is not an error
  });
});
