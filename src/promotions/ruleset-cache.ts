import { compileRuleset, type Ruleset } from '../engine/ruleset/compile-ruleset.ts';
import type { Db } from '../store/database.ts';
import { latestRulesetVersion, loadRulesetVersion } from './ruleset-versions.ts';

/**
 * The compiled active ruleset of this node. Compiling happens once per version, never per cart;
 * a new version replaces the old one in a single assignment, so a calculation in flight keeps the
 * ruleset it started with. Changes made on this node are seen at once (`refresh`); changes made on
 * another node are noticed by a version check at most every `checkEveryMs`.
 */
export class RulesetCache {
  private compiled: Ruleset | undefined;
  private checkedAt = 0;
  private loading: Promise<Ruleset> | undefined;

  constructor(
    private readonly db: Db,
    private readonly checkEveryMs = 1_000,
    private readonly clock: () => number = Date.now,
  ) {}

  async current(): Promise<Ruleset> {
    if (this.compiled && this.clock() - this.checkedAt < this.checkEveryMs) return this.compiled;
    // Concurrent callers that find the cache stale share one load.
    return this.loading ?? this.refresh();
  }

  /**
   * Loads the newest version, after any load in flight (which may have read the version before
   * a change this node just committed).
   */
  refresh(): Promise<Ruleset> {
    const next = (this.loading ?? Promise.resolve()).catch(() => undefined).then(() => this.load());
    this.loading = next;
    const clear = () => {
      if (this.loading === next) this.loading = undefined;
    };
    next.then(clear, clear);
    return next;
  }

  private async load(): Promise<Ruleset> {
    const version = await latestRulesetVersion(this.db);
    this.checkedAt = this.clock();
    if (this.compiled && this.compiled.version === String(version)) return this.compiled;
    const snapshot = await loadRulesetVersion(this.db, version);
    if (!snapshot) throw new Error(`ruleset version ${version} vanished`);
    this.compiled = compileRuleset(
      snapshot.promotions,
      String(snapshot.version),
      snapshot.settings,
    );
    return this.compiled;
  }
}
