import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { Readable } from 'node:stream';

export type FileFormat = 'csv' | 'xlsx';
export const ENCODINGS = ['utf-8', 'gb18030'] as const;
export type Encoding = (typeof ENCODINGS)[number];

export class ImportFileError extends Error {
  override name = 'ImportFileError';
}

export interface FileRow {
  /** 1-based row number in the file, the header being row 1. */
  rowNumber: number;
  values: Record<string, string>;
}

/** .xlsx files are ZIP archives ("PK\x03\x04"); anything else is treated as delimited text. */
export function detectFormat(buf: Buffer, fileName: string): FileFormat {
  if (buf.length >= 4 && buf[0] === 0x50 && buf[1] === 0x4b && buf[2] === 0x03 && buf[3] === 0x04) return 'xlsx';
  if (/\.xlsx?$/i.test(fileName)) throw new ImportFileError('The file is named like an Excel workbook but is not a valid .xlsx file');
  return 'csv';
}

/** UTF-8 when the bytes are valid UTF-8 (with or without BOM); otherwise GB18030 (which covers GBK/GB2312). */
export function detectEncoding(buf: Buffer): Encoding {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(buf);
    return 'utf-8';
  } catch {
    return 'gb18030';
  }
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object') {
    if ('text' in v && typeof v.text === 'string') return v.text;
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    return '';
  }
  return String(v);
}

/**
 * The file in 64 KiB pieces: a stream fed the whole buffer as one chunk decodes and parses all of
 * it at once (a transform cannot hold back the records of one chunk), holding every row in memory.
 */
function* slices(buf: Buffer, size = 65_536): Generator<Buffer> {
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
}

/**
 * Streams the rows of a CSV (decoded from the given encoding) or of the first worksheet of an .xlsx
 * file as { column header → text } records. The header row is required; blank rows are skipped.
 */
export async function* readRows(buf: Buffer, format: FileFormat, encoding: Encoding): AsyncGenerator<FileRow | { header: string[] }> {
  if (format === 'csv') {
    const parser = Readable.from(slices(buf))
      .pipe(iconv.decodeStream(encoding))
      .pipe(parse({ bom: true, relax_column_count: true, skip_empty_lines: true, trim: true, relax_quotes: true }));
    let header: string[] | undefined;
    let rowNumber = 0;
    try {
      for await (const record of parser as AsyncIterable<string[]>) {
        rowNumber++;
        if (!header) {
          header = record.map((h) => h.replace(/^\uFEFF/, '').trim());
          yield { header };
          continue;
        }
        const values: Record<string, string> = {};
        header.forEach((h, i) => (values[h] = record[i] ?? ''));
        yield { rowNumber, values };
      }
    } catch (e) {
      throw new ImportFileError(`The CSV file cannot be read at line ${rowNumber + 1}: ${(e as Error).message}`);
    }
    if (!header) throw new ImportFileError('The file is empty');
    return;
  }

  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([buf]), {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    worksheets: 'emit',
  });
  let header: string[] | undefined;
  try {
    for await (const sheet of reader) {
      for await (const row of sheet as unknown as AsyncIterable<ExcelJS.Row>) {
        const cells = (row.values as ExcelJS.CellValue[]).slice(1).map((v) => cellText(v).trim());
        if (!header) {
          header = cells;
          yield { header };
          continue;
        }
        if (cells.every((c) => c === '')) continue;
        const values: Record<string, string> = {};
        header.forEach((h, i) => (values[h] = cells[i] ?? ''));
        yield { rowNumber: row.number, values };
      }
      break; // first worksheet only
    }
  } catch (e) {
    if (e instanceof ImportFileError) throw e;
    throw new ImportFileError(`The .xlsx file is damaged or not an Excel workbook (${(e as Error).message})`);
  }
  if (!header) throw new ImportFileError('The workbook has no rows');
}
