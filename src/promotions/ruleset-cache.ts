import { compileRuleset, type Ruleset } from '../engine/ruleset/compile-ruleset.ts';
import type { Db } from '../store/database.ts';
import { latestRulesetVersion, loadRulesetVersion, rulesetVersionAt } from './ruleset-versions.ts';

/**
 * The compiled active ruleset of this node. Compiling happens once per version, never per cart;
 * a new version replaces the old one in a single assignment, so a calculation in flight keeps the
 * ruleset it started with. Changes made on this node are seen at once (`refresh`); changes made on
 * another node are heard through the change feed, which calls `refresh` too, and are noticed
 * anyway by a version check at most every `checkEveryMs` (a fallback when the feed hears them).
 */
const pastVersionsKept = 8;

export class RulesetCache {
  private compiled: Ruleset | undefined;
  private checkedAt = 0;
  private loading: Promise<Ruleset> | undefined;
  private readonly past = new Map<number, Ruleset>();

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

  /**
   * The ruleset that was in force at `at`, for checks uploaded late by an offline till. The few
   * most recent past versions stay compiled, since an upload replays many checks of one day.
   */
  async asOf(at: Date): Promise<Ruleset> {
    const [current, version] = await Promise.all([this.current(), rulesetVersionAt(this.db, at)]);
    if (current.version === String(version)) return current;
    const hit = this.past.get(version);
    if (hit) return hit;
    const snapshot = await loadRulesetVersion(this.db, version);
    if (!snapshot) throw new Error(`ruleset version ${version} vanished`);
    const compiled = compileRuleset(
      snapshot.promotions,
      String(snapshot.version),
      snapshot.settings,
    );
    if (this.past.size >= pastVersionsKept)
      this.past.delete(this.past.keys().next().value as number);
    this.past.set(version, compiled);
    return compiled;
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
