import { Card, Flex, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { can, useSession } from '../../session';
import { CatalogueImport } from './CatalogueImport';
import { CategoryTree } from './CategoryTree';
import { ProductsTable } from './ProductsTable';

/**
 * The catalogue: the category tree with product counts, the products of the chosen category,
 * and, for those who may change the catalogue, the CSV import of categories and products.
 */
export default function CataloguePage() {
  const { t } = useTranslation();
  const session = useSession();
  const [categoryId, setCategoryId] = useState<string | null>(null);
  return (
    <>
      <Typography.Title level={2} style={{ marginTop: 0 }}>
        {t('catalogue.title')}
      </Typography.Title>
      <Flex gap={16} align="flex-start" wrap style={{ marginBottom: 16 }}>
        <Card title={t('catalogue.categories')} style={{ width: 340 }}>
          <CategoryTree selected={categoryId} onSelect={setCategoryId} />
        </Card>
        <Card style={{ flex: 1, minWidth: 560 }}>
          <ProductsTable key={categoryId ?? ''} categoryId={categoryId} />
        </Card>
      </Flex>
      {can(session.data, 'catalogue.write') && <CatalogueImport />}
    </>
  );
}
