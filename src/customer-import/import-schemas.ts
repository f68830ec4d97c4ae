import { Type } from 'typebox';
import { IdentifierInputSchema, profilePatchFields } from '../customers/customer-schemas.ts';
import { MAX_POINTS } from '../engine/money/bounds.ts';
import { maxImportRowsPerCall } from './import-customers.ts';

// The import API's request and answer shapes, beside the types they mirror
// (`CustomerImportRow`, `CustomerImportReport`).

const Day = Type.String({ maxLength: 10, description: 'YYYY-MM-DD' });

const OpeningLotSchema = Type.Object(
  {
    // Bounds are checked with the rest of the row, so a dry run lists them with every conflict.
    points: Type.Integer({ description: `Whole points, 1 to ${MAX_POINTS}` }),
    validUntil: Type.Optional(
      Type.Union([Day, Type.Null()], {
        description:
          'The last day (programme time zone) the points may be spent; null: never expire; absent: the programme’s validity',
      }),
    ),
    activatesOn: Type.Optional({
      ...Day,
      description: 'The first day they are spendable; pending until then. Absent: at once',
    }),
  },
  { additionalProperties: false, 'x-perk-component': 'OpeningLot' },
);

export const CustomerImportRowSchema = Type.Object(
  {
    externalId: Type.String({
      minLength: 1,
      maxLength: 200,
      description: 'The customer’s id in the old system; kept as an external identifier',
    }),
    identifiers: Type.Optional(Type.Array(IdentifierInputSchema, { maxItems: 20 })),
    ...profilePatchFields,
    tierId: Type.Optional(
      Type.String({ minLength: 1, maxLength: 100, description: 'Absent: the entry tier' }),
    ),
    balance: Type.Optional(
      Type.Array(OpeningLotSchema, { maxItems: 100, description: 'Opening balance, lot by lot' }),
    ),
  },
  { additionalProperties: false, 'x-perk-component': 'CustomerImportRow' },
);

export const CustomerImportSchema = Type.Object(
  {
    system: Type.String({
      minLength: 1,
      maxLength: 64,
      description: 'The old system’s name ([a-z0-9_.-]): the system of the external ids',
    }),
    rows: Type.Array(CustomerImportRowSchema, { minItems: 1, maxItems: maxImportRowsPerCall }),
  },
  { additionalProperties: false, 'x-perk-component': 'CustomerImport' },
);

const ImportConflictSchema = Type.Object(
  {
    row: Type.Integer({ description: 'Index of the row in `rows`' }),
    field: Type.String({ description: 'JSON pointer within the row' }),
    code: Type.String(),
    message: Type.String(),
    otherRow: Type.Optional(Type.Integer({ description: 'The earlier row holding the same id' })),
  },
  { 'x-perk-component': 'CustomerImportConflict' },
);

export const CustomerImportReportSchema = Type.Object(
  {
    dryRun: Type.Boolean(),
    rows: Type.Integer(),
    created: Type.Integer({ description: 'Customers created (dry run: that would be)' }),
    alreadyThere: Type.Integer({ description: 'Rows imported before with the same content' }),
    openingPoints: Type.Integer({ description: 'Opening points of the created customers' }),
    conflicts: Type.Array(ImportConflictSchema, { description: 'Empty unless a dry run' }),
  },
  { 'x-perk-component': 'CustomerImportReport' },
);
