import { Form, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useRuleset } from '../../api/queries';

/**
 * What the chosen stacking group does with its promotions, in words, and where it stands among
 * the ruleset's groups (a group the settings do not list comes after them, cumulative).
 */
export function StackingModeText() {
  const { t } = useTranslation();
  const groupId: string | undefined = Form.useWatch(['stacking', 'groupId']);
  const ruleset = useRuleset();
  const groups = ruleset.data?.settings.stackingGroups;
  if (!groups || !groupId) return null;
  const place = groups.findIndex((group) => group.id === groupId);
  const group = groups[place];
  return (
    <Typography.Paragraph type="secondary" data-testid="stacking-mode">
      {group
        ? t('promotionForm.groupPlace', { place: place + 1, total: groups.length })
        : t('promotionForm.groupUnlisted')}{' '}
      {t(`promotionForm.modes.${group?.mode ?? 'cumulative'}`)}
    </Typography.Paragraph>
  );
}
