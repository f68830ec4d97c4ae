import { useQuery } from '@tanstack/react-query';
import { Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/context';
import { dataOf } from '../api/problem';
import { count } from '../format';
import type { Language } from '../i18n';
import type { ProductScope } from './product-fields';
import { hasOtherCriteria, isEverything } from './scope-criteria';

/**
 * How many catalogue products a scope reaches, live as it is chosen: counted by the server
 * exactly, by every criterion and exclusion the scope has (POST /v1/catalogue/scope-count).
 */
export function ScopeReach({
  scope,
  language,
}: {
  scope: ProductScope | undefined;
  language: Language;
}) {
  const { t } = useTranslation();
  const { client } = useApi();
  const reach = useQuery({
    queryKey: ['catalogue', 'scope-count', scope],
    enabled: !isEverything(scope),
    // The count chosen before stays while the next is counted, rather than blinking away.
    placeholderData: (previous) => previous,
    queryFn: async () =>
      dataOf(
        await client.POST('/v1/catalogue/scope-count', {
          // The form holds a scope the API gave or the operator built from the catalogue.
          body: { scope: scope as never },
        }),
      ),
  });
  if (!reach.data) return null;
  const reached = reach.data.products;
  return (
    <Flex vertical>
      <Typography.Text type={reached === 0 ? 'warning' : 'secondary'} data-testid="scope-reach">
        {t('scope.reach', { count: reached, shown: count(reached, language) })}
      </Typography.Text>
      {hasOtherCriteria(scope) && (
        <Typography.Text type="secondary">{t('scope.otherCriteria')}</Typography.Text>
      )}
    </Flex>
  );
}
