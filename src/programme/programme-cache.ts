import type { CampaignDefinition } from '../campaigns/campaign-schema.ts';
import { activeCampaigns } from '../campaigns/campaigns.ts';
import type { ProgramSettings } from '../ledger/program-settings.ts';
import { readProgramSettings } from '../points/program-settings-store.ts';
import { loadRuleSegments, type RuleSegment } from '../segments/memberships.ts';
import { dependsOnPurchases } from '../segments/purchase-dependence.ts';
import type { Db } from '../store/database.ts';
import type { TierProgram } from '../tiers/tier-program.ts';
import { getTierProgram } from '../tiers/tier-program-store.ts';

/** Campaign kinds a purchase (or its return) moves. */
export const purchaseCampaignKinds = ['purchase_count', 'first_purchase', 'referral'] as const;

/**
 * What every cart and commit reads as configuration, at one `config_version` (migration 0017):
 * the points settings, the tier programme, the active purchase-driven campaigns and the rule
 * segments.
 */
export interface Programme {
  version: number;
  settings: ProgramSettings;
  /** Null while no tier programme is defined. */
  tiers: TierProgram | null;
  purchaseCampaigns: readonly CampaignDefinition[];
  ruleSegments: readonly RuleSegment[];
  /** The rule segments a purchase or return can move a customer in or out of. */
  purchaseSegments: readonly RuleSegment[];
}

/**
 * The programme of this node, read once per version, as the ruleset is compiled once per
 * version. A request reads only the version number (`current`, or `at` with a number it read
 * along with other data) and gets the cached programme while it is the same. A change made on
 * any node moves the number (triggers), so it is seen by the next request everywhere;
 * {@link invalidate} is the one way to drop the cache otherwise (a pushed change).
 */
export class ProgrammeCache {
  private cached: Programme | undefined;
  private loading: Promise<Programme> | undefined;

  constructor(private readonly db: Db) {}

  /** The programme as of now: one read of the version number. */
  async current(): Promise<Programme> {
    return this.at(await readConfigVersion(this.db));
  }

  /** The programme at `version` or newer (versions only grow), loading it when not cached. */
  async at(version: number): Promise<Programme> {
    for (;;) {
      const cached = this.cached;
      if (cached && cached.version >= version) return cached;
      // Concurrent callers that find the cache stale share one load.
      const loading = this.loading ?? this.load();
      const loaded = await loading;
      if (loaded.version >= version) return loaded;
    }
  }

  /**
   * The programme last read on this node, without a read when there is one: for a step that
   * follows a pricing which just checked the version (the points preview after a calculation).
   */
  async known(): Promise<Programme> {
    return this.cached ?? this.current();
  }

  /** Forgets the cached programme, so the next request loads it again. */
  invalidate(): void {
    this.cached = undefined;
  }

  private load(): Promise<Programme> {
    const next = loadProgramme(this.db).then((programme) => {
      if (!this.cached || programme.version >= this.cached.version) this.cached = programme;
      return programme;
    });
    this.loading = next;
    const clear = () => {
      if (this.loading === next) this.loading = undefined;
    };
    next.then(clear, clear);
    return next;
  }
}

/** The current `config_version`. */
export async function readConfigVersion(db: Db): Promise<number> {
  const row = await db.selectFrom('config_version').select('version').executeTakeFirstOrThrow();
  return Number(row.version);
}

// The version is read first: a change landing during the load makes the next request load again.
async function loadProgramme(db: Db): Promise<Programme> {
  const version = await readConfigVersion(db);
  const [settings, tiers, purchaseCampaigns, ruleSegments] = await Promise.all([
    readProgramSettings(db),
    getTierProgram(db),
    activeCampaigns(db, purchaseCampaignKinds),
    loadRuleSegments(db),
  ]);
  return {
    version,
    settings,
    tiers: tiers?.program ?? null,
    purchaseCampaigns,
    ruleSegments,
    purchaseSegments: ruleSegments.filter((segment) => dependsOnPurchases(segment.rule)),
  };
}
