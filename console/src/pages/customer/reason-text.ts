import { useTranslation } from 'react-i18next';
import { useTierProgram } from '../../api/programme';
import { languageOf } from '../../i18n';
import { useCampaigns } from '../campaigns/campaign-queries';

/**
 * A points reason as people read it: Perk's own bonuses are recorded as `campaign:<id>` and
 * `tier:<id>`, shown by the campaign's or tier's name; a reason an operator typed stays as typed.
 */
export function useReasonText(): (reason: string | null | undefined) => string {
  const { i18n } = useTranslation();
  const language = languageOf(i18n);
  const campaigns = useCampaigns();
  const tiers = useTierProgram();
  return (reason) => {
    if (!reason) return '';
    const [kind, id] = reason.split(/:(.*)/s);
    if (kind === 'campaign' && id) {
      const found = campaigns.data?.find((campaign) => campaign.id === id);
      if (found) return found.definition.name;
    }
    if (kind === 'tier' && id) {
      const found = tiers.data?.program.tiers.find((tier) => tier.id === id);
      if (found) return typeof found.name === 'string' ? found.name : found.name[language];
    }
    return reason;
  };
}
