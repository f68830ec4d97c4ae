import { type TSchema, Type } from 'typebox';

// The customer API's request and answer shapes. They live beside the service types they mirror
// (`ProfilePatch`, `Customer`, `IdentifierInput`) so the two change together.

const nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Text = Type.String({ maxLength: 100 });
const Uuid = Type.String({ format: 'uuid' });

export const IdentifierKindSchema = Type.Union([
  Type.Literal('card'),
  Type.Literal('phone'),
  Type.Literal('email'),
  Type.Literal('external'),
]);
const Gender = Type.Union([Type.Literal('male'), Type.Literal('female')]);
const CustomFieldValue = Type.Union([Type.String(), Type.Number(), Type.Boolean()]);
const CustomFieldType = Type.Union([
  Type.Literal('string'),
  Type.Literal('integer'),
  Type.Literal('boolean'),
  Type.Literal('date'),
]);

export const IdentifierInputSchema = Type.Object(
  {
    kind: IdentifierKindSchema,
    value: Type.String({ minLength: 1, maxLength: 200, description: 'Any written form' }),
    system: Type.Optional(
      Type.String({ maxLength: 64, description: 'External ids only: the system, e.g. shopify' }),
    ),
  },
  { additionalProperties: false, 'x-perk-component': 'IdentifierInput' },
);

export const profilePatchFields = {
  firstName: Type.Optional(nullable(Text)),
  lastName: Type.Optional(nullable(Text)),
  middleName: Type.Optional(nullable(Text)),
  gender: Type.Optional(nullable(Gender)),
  birthDate: Type.Optional(nullable(Type.String({ maxLength: 10, description: 'YYYY-MM-DD' }))),
  city: Type.Optional(nullable(Text)),
  consents: Type.Optional(
    nullable(
      Type.Object(
        {
          sms: Type.Optional(nullable(Type.Boolean())),
          email: Type.Optional(nullable(Type.Boolean())),
          push: Type.Optional(nullable(Type.Boolean())),
        },
        { additionalProperties: false },
      ),
    ),
  ),
  specialCategories: Type.Optional(
    nullable(Type.Array(Type.String({ maxLength: 50 }), { maxItems: 50 })),
  ),
  customFields: Type.Optional(nullable(Type.Record(Type.String(), nullable(CustomFieldValue)))),
};

/** PATCH body: absent stays, `null` clears; consents and customFields merge key by key. */
export const ProfilePatchSchema = Type.Object(profilePatchFields, {
  additionalProperties: false,
  'x-perk-component': 'ProfilePatch',
});

export const CreateCustomerSchema = Type.Object(
  {
    identifiers: Type.Array(IdentifierInputSchema, { minItems: 1, maxItems: 20 }),
    referralCode: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 32,
        description: "A friend's referral code the customer registers with",
      }),
    ),
    ...profilePatchFields,
  },
  { additionalProperties: false, 'x-perk-component': 'CreateCustomer' },
);

export const CustomerSchema = Type.Object(
  {
    id: Uuid,
    number: Type.Integer({ description: 'Creation order; the paging cursor' }),
    firstName: nullable(Type.String()),
    lastName: nullable(Type.String()),
    middleName: nullable(Type.String()),
    gender: nullable(Gender),
    birthDate: nullable(Type.String()),
    city: nullable(Type.String()),
    consents: Type.Object({
      sms: Type.Optional(Type.Boolean()),
      email: Type.Optional(Type.Boolean()),
      push: Type.Optional(Type.Boolean()),
    }),
    specialCategories: Type.Array(Type.String()),
    customFields: Type.Record(Type.String(), CustomFieldValue),
    identifiers: Type.Array(
      Type.Object({
        kind: IdentifierKindSchema,
        value: Type.String(),
        system: Type.Optional(Type.String()),
      }),
    ),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { 'x-perk-component': 'Customer' },
);

export const ResolvedCustomerSchema = Type.Object(
  {
    ...CustomerSchema.properties,
    resolvedFrom: Type.Optional(
      Type.String({ description: 'The id asked for, when it was merged into this customer' }),
    ),
  },
  { 'x-perk-component': 'ResolvedCustomer' },
);

export const MergeRecordSchema = Type.Object(
  {
    id: Type.Integer(),
    survivorId: Uuid,
    mergedId: Uuid,
    moved: Type.Record(Type.String(), Type.Unknown()),
    actor: Type.String(),
    mergedAt: Type.String({ format: 'date-time' }),
  },
  { 'x-perk-component': 'MergeRecord' },
);

export const CustomFieldKey = Type.String({ pattern: '^[a-z][a-zA-Z0-9_]{0,63}$' });

export const CustomFieldInputSchema = Type.Object(
  {
    type: CustomFieldType,
    titleRu: Type.String({ minLength: 1, maxLength: 200 }),
    titleEn: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);

export const CustomFieldSchema = Type.Object(
  {
    key: Type.String(),
    ...CustomFieldInputSchema.properties,
  },
  { 'x-perk-component': 'CustomField' },
);
