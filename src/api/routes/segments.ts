import { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { permissions } from '../../access/permissions.ts';
import { segmentMembersCsv } from '../../segments/export-members.ts';
import { replaceSegment } from '../../segments/replace-segment.ts';
import { ruleConditions } from '../../segments/rule-conditions.ts';
import { SegmentRuleSchema } from '../../segments/rule-schema.ts';
import {
  createSegment,
  explainCustomerSegments,
  explainMembership,
  getSegment,
  listMembers,
  listSegments,
  previewSegment,
} from '../../segments/segments.ts';
import { maxListedRejections, uploadStaticList } from '../../segments/static-list.ts';
import type { AppDeps } from '../app.ts';
import { acceptCsvBodies, CsvBody, csvUpload } from '../csv-body.ts';
import { Id, Limit, problemResponses, Uuid } from '../schemas.ts';
import { serviceValidatesBody } from '../validator.ts';

const CreateBody = Type.Object({
  id: Id,
  name: Type.String({ minLength: 1, maxLength: 200 }),
  rule: Type.Optional(SegmentRuleSchema),
});

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) =>
  Type.Union([t, Type.Null()]);
const Instant = Type.String({ format: 'date-time' });

// Answers, for fast serialisation and the OpenAPI document; each matches what its service returns.
const SegmentView = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    kind: Type.Enum(['rule', 'static']),
    rule: Nullable(SegmentRuleSchema),
    memberCount: Type.Integer(),
    computedAt: Nullable(Instant),
    createdAt: Instant,
  },
  { 'x-perk-component': 'Segment' },
);
const Preview = Type.Object({
  size: Type.Integer({ description: 'Customers the rule holds now' }),
  customers: Type.Integer({ description: 'Customers evaluated' }),
});
const MembersPage = Type.Object({
  items: Type.Array(Type.Object({ customerId: Type.String(), since: Instant })),
  next: Type.Union([Type.String(), Type.Null()], { description: 'Pass back as `after`' }),
});
const Explanation = Type.Object({
  segmentId: Type.String(),
  customerId: Type.String(),
  today: Type.Optional(
    Type.String({ description: "The programme's date the rule was evaluated on; rules only" }),
  ),
  member: Type.Boolean({ description: 'By the rule evaluated now' }),
  materialised: Type.Boolean({ description: 'In the stored membership the cart reads' }),
  reasons: Type.Array(
    Type.Object({
      path: Type.String({ description: 'JSON pointer of the leaf in the rule' }),
      kind: Type.String(),
      held: Type.Boolean(),
      en: Type.String(),
      ru: Type.String(),
    }),
  ),
});
const Text = Type.Object({ ru: Type.String(), en: Type.String() });
const ConditionView = Type.Object(
  {
    kind: Type.String({ description: 'The `kind` of a leaf of a segment rule' }),
    name: Text,
    description: Text,
    schema: Type.Record(Type.String(), Type.Unknown(), {
      description:
        'JSON Schema of `{kind, ...fields}` with the form: title, examples and x-perk-label, ' +
        'x-perk-hint, x-perk-unit, x-perk-options ({ru, en})',
    }),
    example: Type.Record(Type.String(), Type.Unknown()),
  },
  { 'x-perk-component': 'SegmentCondition' },
);
const UploadReport = Type.Object({
  rows: Type.Integer(),
  accepted: Type.Integer(),
  rejected: Type.Integer(),
  members: Type.Integer({ description: 'Members of the list after the upload' }),
  problems: Type.Array(
    Type.Object({ line: Type.Integer(), code: Type.String(), message: Type.String() }),
    { description: `Rejected rows, the first ${maxListedRejections}` },
  ),
});

/**
 * Segments: create (rule or static list), preview a rule's size, members, explain, CSV upload and
 * export.
 */
export const segmentRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, { db, config }) => {
  const now = () => new Date();
  // A static list arrives as a CSV file: up to 100 000 rows and more.
  acceptCsvBodies(app);

  app.post(
    '/v1/segments',
    {
      config: { roles: permissions.segmentsWrite },
      validatorCompiler: serviceValidatesBody,
      schema: {
        tags: ['segments'],
        description:
          'With a rule, members are computed at once and kept up to date as purchases and profiles change. Without one, an empty static list to fill with POST …/members.csv. Every problem of the rule is answered at once, by its pointer.',
        summary: 'Create a rule segment or an empty static list',
        body: CreateBody,
        response: { 201: SegmentView, ...problemResponses },
      },
    },
    async (request, reply) => {
      const body = (request.body ?? {}) as { id?: unknown; name?: unknown; rule?: unknown };
      const input = { id: String(body.id ?? ''), name: String(body.name ?? ''), rule: body.rule };
      return reply.status(201).send(await createSegment(db, request.actor, input, now()));
    },
  );
  app.put(
    '/v1/segments/:id',
    {
      config: { roles: permissions.segmentsWrite },
      validatorCompiler: serviceValidatesBody,
      schema: {
        tags: ['segments'],
        description: "A rule segment's members are recomputed before the answer. Audited.",
        summary: 'Rename a segment or change its rule; members are recomputed before the answer',
        params: Type.Object({ id: Id }),
        body: Type.Object({
          name: Type.String({ minLength: 1, maxLength: 200 }),
          rule: Type.Optional(SegmentRuleSchema),
        }),
        response: { 200: SegmentView, ...problemResponses },
      },
    },
    async (request) => {
      const body = (request.body ?? {}) as { name: string; rule?: unknown };
      return replaceSegment(db, request.actor, request.params.id, body, now());
    },
  );
  app.post(
    '/v1/segments/preview',
    {
      config: { roles: permissions.segmentsWrite },
      validatorCompiler: serviceValidatesBody,
      schema: {
        tags: ['segments'],
        description:
          'Evaluates the rule over every customer now and saves nothing: to see the size of a segment before creating it.',
        summary: 'How many customers a rule holds now, without saving it',
        body: Type.Object({ rule: SegmentRuleSchema }),
        response: { 200: Preview, ...problemResponses },
      },
    },
    async (request) =>
      previewSegment(db, { rule: (request.body as { rule?: unknown } | undefined)?.rule }, now()),
  );
  app.get(
    '/v1/segment-conditions',
    {
      config: { roles: permissions.read },
      schema: {
        tags: ['segments'],
        description:
          'Each leaf a segment rule may hold (combined with {kind: and|or, rules} and {kind: not, rule}), with the schema a rule builder draws its form from and an example a preview accepts.',
        summary: 'The conditions of segment rules, with ru/en names and their forms',
        response: { 200: Type.Object({ items: Type.Array(ConditionView) }) },
      },
    },
    async () => ({ items: ruleConditions }),
  );
  app.get(
    '/v1/segments',
    {
      config: { roles: permissions.read },
      schema: {
        tags: ['segments'],
        description: 'Every segment with its kind, rule and member count.',
        summary: 'List segments with member counts',
        response: { 200: Type.Object({ items: Type.Array(SegmentView) }), ...problemResponses },
      },
    },
    async () => ({
      items: await listSegments(db),
    }),
  );
  app.get(
    '/v1/segments/:id',
    {
      config: { roles: permissions.read },
      schema: {
        tags: ['segments'],
        description: '404 segment_not_found for an unknown id.',
        summary: 'One segment',
        params: Type.Object({ id: Id }),
        response: { 200: SegmentView, ...problemResponses },
      },
    },
    async (request) => getSegment(db, request.params.id),
  );
  app.get(
    '/v1/segments/:id/members',
    {
      config: { roles: permissions.customersRead },
      schema: {
        tags: ['segments'],
        description: 'Ordered by customer id; pass next back as after.',
        summary: 'Members by customer id; pass `next` back as `after`',
        params: Type.Object({ id: Id }),
        querystring: Type.Object(
          { after: Type.Optional(Uuid), limit: Limit },
          { additionalProperties: false },
        ),
        response: { 200: MembersPage, ...problemResponses },
      },
    },
    async (request) => listMembers(db, request.params.id, request.query),
  );
  app.get(
    '/v1/segments/:id/explain/:customerId',
    {
      config: { roles: permissions.customersRead },
      schema: {
        tags: ['segments'],
        description:
          'Evaluates the rule for this customer now, leaf by leaf, with a ru/en reason for each, and says whether the stored membership (what a cart reads) agrees.',
        summary: 'Why a customer is or is not in a segment',
        params: Type.Object({ id: Id, customerId: Uuid }),
        response: { 200: Explanation, ...problemResponses },
      },
    },
    async (request) => explainMembership(db, request.params.id, request.params.customerId, now()),
  );
  app.get(
    '/v1/customers/:id/segments',
    {
      config: { roles: permissions.customersRead },
      schema: {
        tags: ['segments'],
        description:
          "Every segment with the customer's explanation, as `GET /v1/segments/{id}/explain/{customerId}` gives it one at a time: what a customer's page shows.",
        summary: 'Every segment judged for a customer, with why',
        params: Type.Object({ id: Uuid }),
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                segment: Type.Object({
                  id: Type.String(),
                  name: Type.String(),
                  kind: Type.Enum(['rule', 'static']),
                }),
                explanation: Explanation,
              }),
            ),
          }),
          ...problemResponses,
        },
      },
    },
    async (request) => ({
      items: await explainCustomerSegments(db, request.params.id, now()),
    }),
  );
  app.get(
    '/v1/segments/:id/members.csv',
    {
      config: { roles: permissions.customersRead },
      schema: {
        tags: ['segments'],
        summary:
          'Export the members as CSV (streamed): `kind,value` then `id,<customer id>` a line',
        description:
          'In customer id order; customer ids only, no phones or e-mails. The file uploads back as it is (POST …/members.csv), e.g. to freeze a rule segment into a static list.',
        params: Type.Object({ id: Id }),
        response: {
          200: {
            description: 'The members, one a line after the header',
            content: { 'text/csv': { schema: Type.String() } },
          },
          ...problemResponses,
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const lines = await segmentMembersCsv(db, id);
      return (
        reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${id}-members.csv"`)
          // A stream goes out as it is; the 200 schema only documents the CSV it carries.
          .send(Readable.from(lines) as unknown as string)
      );
    },
  );
  app.post(
    '/v1/segments/:id/members.csv',
    {
      config: { roles: permissions.segmentsWrite },
      // The file is read by the CSV reader, whatever its bytes; the body schema documents it.
      validatorCompiler: serviceValidatesBody,
      schema: {
        tags: ['segments'],
        description:
          'Send the file as the body with Content-Type: text/csv, e.g. `phone,+79161234567` and `card,2000000000017` a line each. mode=replace (default) makes the list exactly the file; mode=add adds to it. Rows naming no known customer are counted and the first of them listed; they do not stop the upload.',
        summary:
          'Upload a static list: text/csv lines `kind,value` (id, card, phone, email); comma or semicolon, charset utf-8 or windows-1251 (detected when absent)',
        params: Type.Object({ id: Id }),
        body: CsvBody,
        querystring: Type.Object(
          { mode: Type.Optional(Type.Union([Type.Literal('replace'), Type.Literal('add')])) },
          { additionalProperties: false },
        ),
        response: { 200: UploadReport, ...problemResponses },
      },
    },
    async (request) => {
      const { bytes, encoding } = csvUpload(request);
      const replace = request.query.mode !== 'add';
      return uploadStaticList(db, request.actor, request.params.id, bytes, {
        replace,
        defaultCountry: config.defaultCountry,
        encoding,
      });
    },
  );
};
