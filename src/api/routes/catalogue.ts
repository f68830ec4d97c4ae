import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { permissions } from '../../access/permissions.ts';
import { listCategories, maxCategoriesPerCall, putCategories } from '../../catalogue/categories.ts';
import { listProducts } from '../../catalogue/product-list.ts';
import { getProduct, maxProductsPerCall, upsertProducts } from '../../catalogue/products.ts';
import type { AppDeps } from '../app.ts';
import { Id, Limit, problemResponses } from '../schemas.ts';

// `type: [x, 'null']` instead of a union, so a wrong value yields one problem, not one per branch.
const NullableId = Type.Unsafe<string | null>({ ...Id, type: ['string', 'null'] });
const NullableName = Type.Unsafe<string | null>({
  type: ['string', 'null'],
  minLength: 1,
  maxLength: 200,
});
const Name = Type.String({ minLength: 1, maxLength: 200 });

const Attributes = Type.Record(
  Type.String(),
  Type.Union([Type.String(), Type.Number(), Type.Boolean()]),
  { description: 'Attribute name → text, number or true/false' },
);

const Category = Type.Object(
  { id: Id, name: Name, parentId: NullableId },
  { additionalProperties: false },
);

const Product = Type.Object(
  {
    sku: Id,
    name: Name,
    categoryId: Type.Optional(NullableId),
    brand: Type.Optional(NullableName),
    attributes: Type.Optional(Attributes),
    tags: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 100 }),
    ),
    minPriceMinor: Type.Optional(
      Type.Unsafe<number | null>({
        type: ['integer', 'null'],
        minimum: 0,
        maximum: Number.MAX_SAFE_INTEGER,
        description: 'Lowest price a discount may bring one unit to, in kopecks; null: none',
      }),
    ),
    noDiscount: Type.Optional(Type.Boolean()),
    noPointsPayment: Type.Optional(Type.Boolean()),
    noAccrual: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
const StoredProduct = Type.Object({
  ...Product.properties,
  categoryId: NullableId,
  brand: NullableName,
  attributes: Attributes,
  tags: Type.Array(Type.String()),
  minPriceMinor: Type.Union([Type.Integer(), Type.Null()]),
  noDiscount: Type.Boolean(),
  noPointsPayment: Type.Boolean(),
  noAccrual: Type.Boolean(),
});

const UpsertSummary = Type.Object({
  received: Type.Integer(),
  created: Type.Integer(),
  updated: Type.Integer(),
  unchanged: Type.Integer(),
});

export const catalogueRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, { db }) => {
  app.put(
    '/v1/categories',
    {
      config: { roles: permissions.catalogueWrite },
      schema: {
        tags: ['catalogue'],
        summary: 'Create or replace categories; parents may come in the same batch, in any order',
        body: Type.Object(
          { categories: Type.Array(Category, { maxItems: maxCategoriesPerCall }) },
          { additionalProperties: false },
        ),
        response: { 200: UpsertSummary, ...problemResponses },
      },
    },
    async (request) => putCategories(db, request.actor, request.body.categories),
  );
  app.get(
    '/v1/categories',
    {
      config: { roles: permissions.read },
      schema: {
        tags: ['catalogue'],
        summary: 'List all categories (a flat list; each names its parent)',
        response: { 200: Type.Object({ items: Type.Array(Category) }) },
      },
    },
    async () => ({ items: await listCategories(db) }),
  );
  app.put(
    '/v1/products',
    {
      config: { roles: permissions.catalogueWrite },
      schema: {
        tags: ['catalogue'],
        summary: `Create or replace up to ${maxProductsPerCall} products, all or nothing`,
        body: Type.Object(
          { products: Type.Array(Product, { maxItems: maxProductsPerCall }) },
          { additionalProperties: false },
        ),
        response: { 200: UpsertSummary, ...problemResponses },
      },
    },
    async (request) => upsertProducts(db, request.actor, request.body.products),
  );
  app.get(
    '/v1/products',
    {
      config: { roles: permissions.read },
      schema: {
        tags: ['catalogue'],
        summary: 'List products by SKU, a page at a time',
        querystring: Type.Object(
          {
            after: Type.Optional(Type.String({ description: 'nextAfter of the previous page' })),
            limit: Limit,
            categoryId: Type.Optional(Type.String({ description: 'Includes subcategories' })),
            brand: Type.Optional(Type.String()),
            q: Type.Optional(Type.String({ minLength: 1, description: 'Part of the name' })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            items: Type.Array(StoredProduct),
            nextAfter: Type.Union([Type.String(), Type.Null()]),
          }),
          ...problemResponses,
        },
      },
    },
    async (request) => listProducts(db, request.query),
  );
  app.get(
    '/v1/products/:sku',
    {
      config: { roles: permissions.read },
      schema: {
        tags: ['catalogue'],
        summary: 'Get a product',
        params: Type.Object({ sku: Id }),
        response: { 200: StoredProduct, ...problemResponses },
      },
    },
    async (request) => getProduct(db, request.params.sku),
  );
};
