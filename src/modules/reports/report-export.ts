import { PassThrough } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';
import { messages } from '../../shared/messages';

export const exportFormats = ['json', 'csv', 'xlsx'] as const;
export type ExportFormat = (typeof exportFormats)[number];

/** Media types of the downloads (declared in the OpenAPI document from here too). */
export const exportMediaTypes = {
  csv: 'text/csv',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

type ColumnKey = keyof typeof messages.reports.columns;

/** Column keys of a dashboard table, in order; headers come from the message catalogue. */
export type TableColumns = readonly ColumnKey[];

const isShare = (key: string) => key.endsWith('Share');

/**
 * Sends a dashboard table as CSV or XLSX with exactly the numbers of the JSON answer:
 * integers as integers, shares as the same fractions (formatted as percentages in XLSX).
 * The XLSX is written by exceljs's streaming WorkbookWriter straight into the response.
 */
export async function sendTable(
  reply: FastifyReply,
  format: Exclude<ExportFormat, 'json'>,
  filename: string,
  columns: TableColumns,
  rows: ReadonlyArray<object>,
): Promise<FastifyReply> {
  const headers = columns.map((key) => messages.reports.columns[key]);
  reply.header('Content-Disposition', `attachment; filename="${filename}.${format}"`);
  if (format === 'csv') {
    const body = stringify(
      (rows as ReadonlyArray<Record<string, unknown>>).map((row) => columns.map((key) => row[key] ?? '')),
      { header: true, columns: headers, bom: true },
    );
    return reply.type(`${exportMediaTypes.csv}; charset=utf-8`).send(body);
  }
  const stream = new PassThrough();
  reply.type(exportMediaTypes.xlsx);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true });
  const sheet = workbook.addWorksheet(filename.slice(0, 31));
  sheet.columns = columns.map((key, index) => ({
    header: headers[index],
    key,
    width: Math.max(12, headers[index]!.length + 2),
    style: isShare(key) ? { numFmt: '0.00%' } : key.endsWith('Idr') ? { numFmt: '#,##0' } : {},
  }));
  const writing = (async () => {
    for (const row of rows as ReadonlyArray<Record<string, unknown>>)
      sheet.addRow(Object.fromEntries(columns.map((key) => [key, row[key] ?? null]))).commit();
    sheet.commit();
    await workbook.commit();
  })();
  writing.catch((error) => stream.destroy(error));
  return reply.send(stream);
}
