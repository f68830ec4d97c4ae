import type { FastifyReply } from 'fastify';
import { type TSchema, Type } from 'typebox';
import type { AnalyticsTable } from '../../analytics/analytics-tables.ts';
import { writeCsv } from '../../csv/csv-writer.ts';

/** Every analytics answer can come as a CSV table instead (`Accept: text/csv` does the same). */
export const CsvChoice = {
  format: Type.Optional(
    Type.Enum(['json', 'csv'], {
      description: 'csv: the answer as a CSV table (UTF-8 with BOM), as `Accept: text/csv` asks',
    }),
  ),
  delimiter: Type.Optional(
    Type.Enum([',', ';'], {
      default: ',',
      description: 'The CSV delimiter; `;` for Excel in a Russian locale',
    }),
  ),
};

/** The 200 answer: the JSON schema given, or its CSV table. */
export function jsonOrCsv(schema: TSchema) {
  return {
    description: 'The figures; as a CSV table with `format=csv` or `Accept: text/csv`',
    content: {
      'application/json': { schema },
      'text/csv': { schema: Type.String({ description: 'A header and a row per record' }) },
    },
  };
}

/** What {@link send} reads of a request. */
interface CsvRequest {
  query: { format?: string | undefined; delimiter?: string | undefined };
  headers: { accept?: string | undefined };
}

/**
 * Sends `answer` as JSON, or as the CSV of its table when the query (`format`) or, without one,
 * the Accept header asks for CSV.
 */
export function send<T>(
  request: CsvRequest,
  reply: FastifyReply,
  name: string,
  answer: T,
  table: (answer: T) => AnalyticsTable,
) {
  const { format, delimiter } = request.query;
  const csv =
    format === undefined ? /\btext\/csv\b/i.test(request.headers.accept ?? '') : format === 'csv';
  if (!csv) return reply.send(answer);
  const { header, records } = table(answer);
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${name}.csv"`)
    .send(writeCsv(header, records, { delimiter: delimiter === ';' ? ';' : ',' }));
}
