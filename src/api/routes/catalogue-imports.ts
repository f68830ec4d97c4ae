import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { permissions } from '../../access/permissions.ts';
import { directCatalogue } from '../../catalogue/catalogue-writer.ts';
import { faultColumns } from '../../catalogue/fault-columns.ts';
import { importCategories } from '../../catalogue/import-categories.ts';
import { importProducts } from '../../catalogue/import-products.ts';
import type { ImportReport } from '../../catalogue/import-report.ts';
import type { CatalogueCaches } from '../../catalogue/product-facts-cache.ts';
import { CsvSyntaxError } from '../../csv/csv-syntax-error.ts';
import { invalid } from '../../errors.ts';
import type { AppDeps } from '../app.ts';
import { acceptCsvBodies, CsvBody, csvUpload } from '../csv-body.ts';
import { problemResponses } from '../schemas.ts';
import { serviceValidatesBody } from '../validator.ts';

/** At most this many refused lines are listed in the answer (all are counted). */
export const maxListedRejections = 1_000;

const CatalogueImportReport = Type.Object(
  {
    format: Type.Object({
      encoding: Type.Enum(['utf8', 'win1251']),
      bom: Type.Boolean(),
      delimiter: Type.Enum([',', ';']),
    }),
    rows: Type.Integer({ description: 'Data rows read (the header and blank lines aside)' }),
    accepted: Type.Integer({ description: 'Rows stored: created + updated + unchanged' }),
    created: Type.Integer(),
    updated: Type.Integer(),
    unchanged: Type.Integer({ description: 'Rows equal to what was stored: a re-upload' }),
    rejected: Type.Integer({ description: 'Rows refused' }),
    problems: Type.Array(
      Type.Object({
        line: Type.Integer({ description: 'Line of the file; the header is line 1' }),
        code: Type.String({
          description:
            'field_count, invalid_value, unknown_category, repeated_sku (products); unknown_parent, duplicate_category, category_cycle (categories)',
        }),
        message: Type.String({ description: 'Every fault of the row, by its column' }),
        columns: Type.Array(Type.String(), {
          description:
            'The header columns the faults are in, in order (empty when the row as a whole is at fault: field_count, a repeated SKU)',
        }),
      }),
      { description: `Refused rows by line, the first ${maxListedRejections}` },
    ),
  },
  { 'x-perk-component': 'CatalogueImportReport' },
);

const fileRules =
  'Send the file as the body with Content-Type: text/csv: a header row, comma- or semicolon-delimited, UTF-8 (with or without BOM) or Windows-1251 (named by charset, or detected). A header that is wrong is 400 bad_header and a file that is not CSV 400 invalid_csv with its line. Refused rows are counted and listed by line with a code; they do not stop the upload. Sending the same file again changes nothing (rows count as unchanged). Takes the file `perk import` takes, read by the same code.';

/** A report as the API answers it: counts, and the first refused rows without their values. */
function reportView(report: ImportReport) {
  return {
    format: report.format,
    rows: report.rows,
    accepted: report.accepted,
    created: report.created,
    updated: report.updated,
    unchanged: report.unchanged,
    rejected: report.rejected.length,
    problems: report.rejected.slice(0, maxListedRejections).map(({ line, code, reason }) => ({
      line,
      code,
      message: reason,
      columns: faultColumns(reason, report.header),
    })),
  };
}

/** A file that stops being CSV part-way is the caller's fault: 400 `invalid_csv` at its line. */
async function readingCsv(importing: Promise<ImportReport>): Promise<ImportReport> {
  try {
    return await importing;
  } catch (error) {
    if (!(error instanceof CsvSyntaxError)) throw error;
    throw invalid('invalid_csv', `line ${error.line}: ${error.message}`, '/body', {
      line: error.line,
    });
  }
}

/**
 * The catalogue's CSV files uploaded through the API (the console's import): the same importers
 * as `perk import categories|products`, writing straight to the database as the caller.
 */
export const catalogueImportRoutes: FastifyPluginAsyncTypebox<
  AppDeps & { catalogue: CatalogueCaches }
> = async (app, { db, catalogue }) => {
  acceptCsvBodies(app);
  app.post(
    '/v1/imports/categories',
    {
      config: { roles: permissions.catalogueWrite },
      validatorCompiler: serviceValidatesBody,
      schema: {
        tags: ['catalogue'],
        summary: 'Import categories from a CSV file: id,name,parent_id',
        description: `Columns id, name, parent_id (empty: a top category; the parent may be in the file, in any order, or stored already). Rows with a bad id, an unknown parent, a cycle or a repeated id are refused; the others are stored together in one transaction. ${fileRules}`,
        body: CsvBody,
        response: { 200: CatalogueImportReport, ...problemResponses },
      },
    },
    async (request) => {
      const file = csvUpload(request);
      const writer = directCatalogue(db, request.actor, () => catalogue.forgetAll());
      const importing = importCategories(writer, file.stream(), { encoding: file.encoding });
      return reportView(await readingCsv(importing));
    },
  );
  app.post(
    '/v1/imports/products',
    {
      config: { roles: permissions.catalogueWrite },
      validatorCompiler: serviceValidatesBody,
      schema: {
        tags: ['catalogue'],
        summary: 'Import products from a CSV file, streaming, 1 000 rows a transaction',
        description: `Columns (any order; only sku and name required): sku, name, category_id, brand, min_price_minor (whole kopecks), no_discount, no_points_payment, no_accrual (true/false, 1/0, yes/no), tags (separated by |), attr:<name>[:number|:boolean]. An empty cell is "not set", so a row replaces its product whole. A row naming an unknown category is refused; a SKU repeated in the file is taken from its first row. Good rows are stored in chunks of 1 000, each all or nothing: a file that turns out not to be CSV part-way keeps the chunks before that line. ${fileRules}`,
        body: CsvBody,
        response: { 200: CatalogueImportReport, ...problemResponses },
      },
    },
    async (request) => {
      const file = csvUpload(request);
      const writer = directCatalogue(db, request.actor, () => catalogue.forgetAll());
      const importing = importProducts(writer, file.stream(), { encoding: file.encoding });
      return reportView(await readingCsv(importing));
    },
  );
};
