import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useRuleset } from '../api/queries';

/** The ruleset's stacking groups, each with its mode in words ("best — the best for the customer"). */
export function StackingGroupSelect({
  value,
  onChange,
  id,
}: {
  value?: string;
  onChange?: (value: string) => void;
  id?: string;
}) {
  const { t } = useTranslation();
  const ruleset = useRuleset();
  return (
    <Select
      id={id}
      value={value}
      onChange={onChange}
      loading={ruleset.isPending}
      style={{ maxWidth: 420 }}
      options={(ruleset.data?.settings.stackingGroups ?? []).map((group) => ({
        value: group.id,
        label: `${group.id} — ${t(`stackingModes.${group.mode}`)}`,
      }))}
    />
  );
}
