import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { permissions } from '../../access/permissions.ts';
import { onCustomerRegistered } from '../../campaigns/on-customer-registered.ts';
import { referralMessages, referralStatuses } from '../../campaigns/referrals.ts';
import { createCustomer } from '../../customers/create-customer.ts';
import {
  listCustomFieldDefinitions,
  putCustomFieldDefinition,
} from '../../customers/custom-field-definitions.ts';
import {
  CreateCustomerSchema,
  CustomerSchema,
  CustomFieldInputSchema,
  CustomFieldKey,
  CustomFieldSchema,
  IdentifierInputSchema,
  IdentifierKindSchema,
  MergeRecordSchema,
  ProfilePatchSchema,
  ResolvedCustomerSchema,
} from '../../customers/customer-schemas.ts';
import { getCustomer, lookupCustomer } from '../../customers/find-customer.ts';
import { addIdentifier, removeIdentifier } from '../../customers/identifier-changes.ts';
import { listCustomers } from '../../customers/list-customers.ts';
import { mergeCustomers } from '../../customers/merge-customers.ts';
import { updateCustomer } from '../../customers/update-customer.ts';
import type { Handlers } from '../../handlers.ts';
import { refreshCustomerSegments } from '../../segments/on-purchase-changed.ts';
import type { AppDeps } from '../app.ts';
import { Limit, problemResponses, Uuid } from '../schemas.ts';

const tags = ['customers'];
const ById = Type.Object({ id: Uuid });

const RegisteredCustomer = Type.Object({
  ...CustomerSchema.properties,
  referral: Type.Optional(
    Type.Object(
      {
        outcome: Type.Enum([...referralStatuses], {
          description:
            'accepted (also on a retry with the same code), unknown_code, self_referral, ' +
            'referral_loop (the code’s owner was referred by this customer), ' +
            'already_referred (the customer has a referrer: the first one stays)',
        }),
        referrerId: Type.Optional(Uuid),
        message: Type.Object({ ru: Type.String(), en: Type.String() }),
      },
      { description: 'What became of referralCode; present only when one was sent' },
    ),
  ),
});

/** Settings and the clock, read per request. */
const contextOf = (config: AppDeps['config']) => () => ({
  defaultCountry: config.defaultCountry,
  now: new Date(),
});

/** Creating, changing and merging profiles. */
const profileRoutes: FastifyPluginAsyncTypebox<AppDeps & { handlers: Handlers }> = async (
  app,
  { db, config, handlers },
) => {
  const context = contextOf(config);
  app.post(
    '/v1/customers',
    {
      config: { roles: permissions.customersWrite },
      schema: {
        tags,
        summary: 'Create a customer with identifiers',
        description:
          'A repeat of a create (every identifier held by one customer with the same profile) answers that customer with 200 instead of 409 identifier_taken.',
        body: CreateCustomerSchema,
        response: { 200: RegisteredCustomer, 201: RegisteredCustomer, ...problemResponses },
      },
    },
    async (request, reply) => {
      const { referralCode, ...input } = request.body;
      const { customer, created } = await createCustomer(db, request.actor, input, context());
      // Registration campaigns and the referral are keyed by operation ids, so a retried create
      // (answered with the existing customer) completes them without giving anything twice.
      const { referral } = await onCustomerRegistered(db, {
        customerId: customer.id,
        ...(referralCode ? { referralCode } : {}),
        now: Date.now(),
      });
      // Profile rules judge a new customer at once, not at the next day's recompute.
      if (created) await refreshCustomerSegments(db, customer.id, new Date());
      const answer = referral
        ? {
            ...customer,
            referral: {
              outcome: referral.status,
              ...(referral.status === 'accepted' ? { referrerId: referral.referrerId } : {}),
              message: referralMessages[referral.status],
            },
          }
        : customer;
      return reply.status(created ? 201 : 200).send(answer);
    },
  );
  app.patch(
    '/v1/customers/:id',
    {
      config: { roles: permissions.customersWrite },
      schema: {
        tags,
        description:
          'Fields absent stay; null clears one. consents and customFields merge key by key. Segments that read the profile are judged again at once. Audited.',
        summary: 'Change part of a profile; null clears a field',
        params: ById,
        body: ProfilePatchSchema,
        response: { 200: CustomerSchema, ...problemResponses },
      },
    },
    async (request) => {
      const customer = await updateCustomer(
        db,
        request.actor,
        request.params.id,
        request.body,
        context(),
      );
      // Profile rules (city, age, consents…) judge the new profile at once, not at the next recompute.
      await refreshCustomerSegments(db, customer.id, new Date());
      return customer;
    },
  );
  app.post(
    '/v1/customers/:id/merge',
    {
      config: { roles: permissions.customersMerge },
      schema: {
        tags,
        description:
          "The two profiles combine; the merged one's identifiers, points and history move to this one, and its id then answers this customer (with resolvedFrom). Refused: merge_into_itself (400), customer_already_merged (409). Cannot be undone. Audited.",
        summary: 'Merge another profile of the same person into this one',
        params: ById,
        body: Type.Object({ mergedId: Uuid }, { additionalProperties: false }),
        response: {
          200: Type.Object({ customer: CustomerSchema, merge: MergeRecordSchema }),
          ...problemResponses,
        },
      },
    },
    async (request) =>
      mergeCustomers(
        db,
        request.actor,
        { survivorId: request.params.id, mergedId: request.body.mergedId },
        { ...context(), hooks: handlers.merge },
      ),
  );
};

/** Listing, searching, lookup by identifier, and reading one profile. */
const findRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, { db, config }) => {
  const context = contextOf(config);
  app.get(
    '/v1/customers',
    {
      config: { roles: permissions.customersRead },
      schema: {
        tags,
        description:
          'q finds an exact identifier (a phone in any usual form, a card, an e-mail, an external id) or names whose words start with the words typed ("смирн", "Анна Смирн", "Смирнова Анна"). Ordered by creation; pass nextAfter back as after.',
        summary: 'List or search customers, oldest first, by keyset pages',
        querystring: Type.Object(
          {
            limit: Limit,
            after: Type.Optional(
              Type.Integer({
                minimum: 0,
                maximum: Number.MAX_SAFE_INTEGER,
                description: 'Previous nextAfter',
              }),
            ),
            q: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            items: Type.Array(CustomerSchema),
            nextAfter: Type.Union([Type.Integer(), Type.Null()]),
          }),
          ...problemResponses,
        },
      },
    },
    async (request) => listCustomers(db, request.query, context()),
  );
  app.get(
    '/v1/customers/lookup',
    {
      config: { roles: permissions.customersRead },
      schema: {
        tags,
        description:
          'Give exactly one of card, phone, email or external (system:id). A phone is read in any usual form (+7 916 …, 8 916 …); 404 customer_not_found when no one holds it.',
        summary: 'Find a customer by exactly one identifier, written in any form',
        querystring: Type.Object(
          {
            card: Type.Optional(Type.String({ maxLength: 200 })),
            phone: Type.Optional(Type.String({ maxLength: 200 })),
            email: Type.Optional(Type.String({ maxLength: 200 })),
            external: Type.Optional(Type.String({ maxLength: 300, description: 'system:id' })),
          },
          { additionalProperties: false },
        ),
        response: { 200: CustomerSchema, ...problemResponses },
      },
    },
    async (request) => lookupCustomer(db, request.query, context()),
  );
  app.get(
    '/v1/customers/:id',
    {
      config: { roles: permissions.customersRead },
      schema: {
        tags,
        description:
          'The profile with its identifiers. An id merged into another customer answers that customer, with the id asked for in resolvedFrom.',
        summary: 'Get a customer; a merged-away id answers the survivor with resolvedFrom',
        params: ById,
        response: { 200: ResolvedCustomerSchema, ...problemResponses },
      },
    },
    async (request) => {
      const { customer, resolvedFrom } = await getCustomer(db, request.params.id);
      return resolvedFrom ? { ...customer, resolvedFrom } : customer;
    },
  );
};

/** Adding and removing identifiers of a profile. */
const identifierRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, { db, config }) => {
  const context = contextOf(config);
  app.post(
    '/v1/customers/:id/identifiers',
    {
      config: { roles: permissions.customersWrite },
      schema: {
        tags,
        description:
          'An identifier held by another customer is 409 identifier_taken. Phones and e-mails are stored normalised.',
        summary: 'Add an identifier (200 when the customer already has it)',
        params: ById,
        body: IdentifierInputSchema,
        response: { 200: CustomerSchema, 201: CustomerSchema, ...problemResponses },
      },
    },
    async (request, reply) => {
      const { customer, added } = await addIdentifier(
        db,
        request.actor,
        request.params.id,
        request.body,
        context(),
      );
      return reply.status(added ? 201 : 200).send(customer);
    },
  );
  app.delete(
    '/v1/customers/:id/identifiers/:kind/:value',
    {
      config: { roles: permissions.customersWrite },
      schema: {
        tags,
        description:
          'The identifier is free for another customer afterwards; 404 when the customer does not hold it. Audited.',
        summary: 'Remove an identifier; external ids name their system in ?system=',
        params: Type.Object({ id: Uuid, kind: IdentifierKindSchema, value: Type.String() }),
        querystring: Type.Object(
          { system: Type.Optional(Type.String({ maxLength: 64 })) },
          { additionalProperties: false },
        ),
        response: { 200: CustomerSchema, ...problemResponses },
      },
    },
    async (request) => {
      const { id, kind, value } = request.params;
      const identifier = { kind, value, system: request.query.system };
      return removeIdentifier(db, request.actor, id, identifier, context());
    },
  );
};

/** The retailer's own profile fields. */
const customFieldRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, { db }) => {
  app.put(
    '/v1/customer-fields/:key',
    {
      config: { roles: permissions.settingsWrite },
      schema: {
        tags,
        description:
          "A field of the retailer's own (e.g. favouriteShop) that profiles may then carry in customFields and segment rules may read. Its titles may change at will; its type only while no customer holds a value (409 custom_field_in_use).",
        summary: 'Define a custom profile field or rename it',
        params: Type.Object({ key: CustomFieldKey }),
        body: CustomFieldInputSchema,
        response: { 200: CustomFieldSchema, 201: CustomFieldSchema, ...problemResponses },
      },
    },
    async (request, reply) => {
      const { definition, created } = await putCustomFieldDefinition(
        db,
        request.actor,
        request.params.key,
        request.body,
      );
      return reply.status(created ? 201 : 200).send(definition);
    },
  );
  app.get(
    '/v1/customer-fields',
    {
      config: { roles: permissions.read },
      schema: {
        tags,
        description: 'Every custom field with its type and ru/en titles.',
        summary: 'List the custom profile fields',
        response: { 200: Type.Object({ items: Type.Array(CustomFieldSchema) }) },
      },
    },
    async () => ({ items: await listCustomFieldDefinitions(db) }),
  );
};

/** Customers, their identifiers, merges and custom field definitions. */
export const customerRoutes: FastifyPluginAsyncTypebox<AppDeps & { handlers: Handlers }> = async (
  app,
  deps,
) => {
  await app.register(profileRoutes, deps);
  await app.register(findRoutes, deps);
  await app.register(identifierRoutes, deps);
  await app.register(customFieldRoutes, deps);
};
