import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { permissions } from '../../access/permissions.ts';
import { listCategories, maxCategoriesPerCall, putCategories } from '../../catalogue/categories.ts';
import { asOneItem } from '../../catalogue/one-item.ts';
import { completeProduct } from '../../catalogue/product.ts';
import { countProductsByCategory } from '../../catalogue/product-counts.ts';
import type { CatalogueCaches } from '../../catalogue/product-facts-cache.ts';
import { listProducts } from '../../catalogue/product-list.ts';
import { getProduct, maxProductsPerCall, upsertProducts } from '../../catalogue/products.ts';
import { countProductsInScope } from '../../catalogue/scope-count.ts';
import { MAX_UNIT_PRICE_MINOR } from '../../engine/money/bounds.ts';
import { ProductSelectorSchema } from '../../engine/selector/product-selector.ts';
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
  { additionalProperties: false, 'x-perk-component': 'Category' },
);
const ParentId = Type.Optional(
  Type.Unsafe<string | null>({
    ...NullableId,
    description: 'The parent category; absent or null: a root category',
  }),
);
const CategoryInput = Type.Object(
  { id: Id, name: Name, parentId: ParentId },
  { additionalProperties: false, 'x-perk-component': 'CategoryInput' },
);
const toCategory = (c: { id: string; name: string; parentId?: string | null | undefined }) => ({
  id: c.id,
  name: c.name,
  parentId: c.parentId ?? null,
});

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
        maximum: MAX_UNIT_PRICE_MINOR,
        description: 'Lowest price a discount may bring one unit to, in kopecks; null: none',
      }),
    ),
    noDiscount: Type.Optional(Type.Boolean()),
    noPointsPayment: Type.Optional(Type.Boolean()),
    noAccrual: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, 'x-perk-component': 'Product' },
);
const StoredProduct = Type.Object(
  {
    ...Product.properties,
    categoryId: NullableId,
    brand: NullableName,
    attributes: Attributes,
    tags: Type.Array(Type.String()),
    minPriceMinor: Type.Union([Type.Integer(), Type.Null()]),
    noDiscount: Type.Boolean(),
    noPointsPayment: Type.Boolean(),
    noAccrual: Type.Boolean(),
  },
  { 'x-perk-component': 'StoredProduct' },
);

const ProductFields = Type.Omit(Product, ['sku'], { additionalProperties: false });

const UpsertSummary = Type.Object(
  {
    received: Type.Integer(),
    created: Type.Integer(),
    updated: Type.Integer(),
    unchanged: Type.Integer(),
  },
  { 'x-perk-component': 'UpsertSummary' },
);

export const catalogueRoutes: FastifyPluginAsyncTypebox<
  AppDeps & { catalogue: CatalogueCaches }
> = async (app, { db, catalogue }) => {
  // A committed write drops what this node keeps of the catalogue, so its next cart sees it.
  const forgetting = async <T>(write: Promise<T>): Promise<T> => {
    const result = await write;
    catalogue.forgetAll();
    return result;
  };
  app.put(
    '/v1/categories',
    {
      config: { roles: permissions.catalogueWrite },
      schema: {
        tags: ['catalogue'],
        description:
          'All or nothing. A parent may be in the same batch or already stored; parentId absent or null makes a root. Answers how many were created, updated or unchanged.',
        summary: 'Create or replace categories; parents may come in the same batch, in any order',
        body: Type.Object(
          { categories: Type.Array(CategoryInput, { maxItems: maxCategoriesPerCall }) },
          { additionalProperties: false },
        ),
        response: { 200: UpsertSummary, ...problemResponses },
      },
    },
    async (request) =>
      forgetting(putCategories(db, request.actor, request.body.categories.map(toCategory))),
  );
  app.post(
    '/v1/categories',
    {
      config: { roles: permissions.catalogueWrite },
      schema: {
        tags: ['catalogue'],
        summary: 'Create one category',
        description:
          'An id stored with another name or parent is 409 category_exists (PUT /v1/categories/{id} replaces it); the same category again answers 200.',
        body: CategoryInput,
        response: { 200: Category, 201: Category, ...problemResponses },
      },
    },
    async (request, reply) => {
      const category = toCategory(request.body);
      const summary = await asOneItem('/categories', () =>
        forgetting(putCategories(db, request.actor, [category], { createOnly: true })),
      );
      return reply.status(summary.created > 0 ? 201 : 200).send(category);
    },
  );
  app.put(
    '/v1/categories/:id',
    {
      config: { roles: permissions.catalogueWrite },
      schema: {
        tags: ['catalogue'],
        description:
          'Answers 201 when the category is new, 200 when it replaced or matched a stored one. Its parent must exist.',
        summary: 'Create or replace one category',
        params: Type.Object({ id: Id }),
        body: Type.Omit(CategoryInput, ['id'], { additionalProperties: false }),
        response: { 200: Category, 201: Category, ...problemResponses },
      },
    },
    async (request, reply) => {
      const category = toCategory({ ...request.body, id: request.params.id });
      const summary = await asOneItem('/categories', () =>
        forgetting(putCategories(db, request.actor, [category])),
      );
      return reply.status(summary.created > 0 ? 201 : 200).send(category);
    },
  );
  app.get(
    '/v1/categories',
    {
      config: { roles: permissions.read },
      schema: {
        tags: ['catalogue'],
        description: 'Every category with its parent; build the tree on the client.',
        summary: 'List all categories (a flat list; each names its parent)',
        response: { 200: Type.Object({ items: Type.Array(Category) }) },
      },
    },
    async () => ({ items: await listCategories(db) }),
  );
  app.get(
    '/v1/categories/product-counts',
    {
      config: { roles: permissions.read },
      schema: {
        tags: ['catalogue'],
        summary: 'How many products each category holds',
        description:
          'Every category with its own products and those of its subcategories too (what GET /v1/products?categoryId lists), the total and the products in no category.',
        response: {
          200: Type.Object(
            {
              items: Type.Array(
                Type.Object({
                  categoryId: Id,
                  products: Type.Integer({ description: 'Filed in the category itself' }),
                  withSubcategories: Type.Integer({
                    description: 'In the category and every category below it',
                  }),
                }),
              ),
              total: Type.Integer(),
              uncategorised: Type.Integer({ description: 'Products in no category' }),
            },
            { 'x-perk-component': 'CategoryProductCounts' },
          ),
        },
      },
    },
    async () => countProductsByCategory(db),
  );
  app.post(
    '/v1/catalogue/scope-count',
    {
      config: { roles: permissions.read },
      schema: {
        tags: ['catalogue'],
        summary: 'How many catalogue products a product selector reaches today',
        description:
          'Exactly, by every criterion a selector has (SKUs, categories with their subcategories, brands, tags, attributes) and its exclusions, as a promotion applies it to cart lines. Price criteria are left out: the catalogue holds no prices, carts bring them. Reads nothing but the catalogue; saves nothing.',
        body: Type.Object({ scope: ProductSelectorSchema }, { additionalProperties: false }),
        response: {
          200: Type.Object(
            { products: Type.Integer({ minimum: 0 }) },
            { 'x-perk-component': 'ScopeProductCount' },
          ),
          ...problemResponses,
        },
      },
    },
    async (request) => ({ products: await countProductsInScope(db, request.body.scope) }),
  );
  app.put(
    '/v1/products',
    {
      config: { roles: permissions.catalogueWrite },
      schema: {
        tags: ['catalogue'],
        description:
          'All or nothing: one bad product refuses the batch, with every fault named by its pointer. Fields left out take their empty values (no brand, no tags, no minimum price). Answers how many were created, updated or unchanged.',
        summary: `Create or replace up to ${maxProductsPerCall} products, all or nothing`,
        body: Type.Object(
          { products: Type.Array(Product, { maxItems: maxProductsPerCall }) },
          { additionalProperties: false },
        ),
        response: { 200: UpsertSummary, ...problemResponses },
      },
    },
    async (request) => forgetting(upsertProducts(db, request.actor, request.body.products)),
  );
  app.post(
    '/v1/products',
    {
      config: { roles: permissions.catalogueWrite },
      schema: {
        tags: ['catalogue'],
        summary: 'Create one product',
        description:
          'A SKU stored as another product is 409 product_exists (PUT /v1/products/{sku} replaces it); the same product again answers 200.',
        body: Product,
        response: { 200: StoredProduct, 201: StoredProduct, ...problemResponses },
      },
    },
    async (request, reply) => {
      const summary = await asOneItem('/products', () =>
        forgetting(upsertProducts(db, request.actor, [request.body], { createOnly: true })),
      );
      return reply.status(summary.created > 0 ? 201 : 200).send(completeProduct(request.body));
    },
  );
  app.put(
    '/v1/products/:sku',
    {
      config: { roles: permissions.catalogueWrite },
      schema: {
        tags: ['catalogue'],
        description:
          'Answers 201 when the product is new, 200 when it replaced or matched a stored one. The category must exist.',
        summary: 'Create or replace one product (omitted fields take their empty values)',
        params: Type.Object({ sku: Id }),
        body: ProductFields,
        response: { 200: StoredProduct, 201: StoredProduct, ...problemResponses },
      },
    },
    async (request, reply) => {
      const product = { ...request.body, sku: request.params.sku };
      const summary = await asOneItem('/products', () =>
        forgetting(upsertProducts(db, request.actor, [product])),
      );
      return reply.status(summary.created > 0 ? 201 : 200).send(completeProduct(product));
    },
  );
  app.get(
    '/v1/products',
    {
      config: { roles: permissions.read },
      schema: {
        tags: ['catalogue'],
        description:
          'Ordered by SKU; pass nextAfter back as after. Filter by category (with its subcategories), brand or a part of the name or SKU.',
        summary: 'List products by SKU, a page at a time',
        querystring: Type.Object(
          {
            after: Type.Optional(Type.String({ description: 'nextAfter of the previous page' })),
            limit: Limit,
            categoryId: Type.Optional(Type.String({ description: 'Includes subcategories' })),
            brand: Type.Optional(Type.String()),
            q: Type.Optional(
              Type.String({ minLength: 1, description: 'Part of the name or of the SKU' }),
            ),
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
        description: 'The product as promotions see it; 404 product_not_found for an unknown SKU.',
        summary: 'Get a product',
        params: Type.Object({ sku: Id }),
        response: { 200: StoredProduct, ...problemResponses },
      },
    },
    async (request) => getProduct(db, request.params.sku),
  );
};
