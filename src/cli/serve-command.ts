import type { Command } from 'commander';
import { buildApp } from '../api/app.ts';
import { consoleBuilt, consoleMissing } from '../api/console-static.ts';
import { runCampaignJobs } from '../campaigns/run-campaign-jobs.ts';
import { deleteExpiredCalculations } from '../carts/calculation-log-retention.ts';
import { readConfig } from '../config.ts';
import { describeDemo } from '../demo/describe-demo.ts';
import { seedDemoIfEmpty } from '../demo/seed-demo.ts';
import { expireGiftCards } from '../gift-cards/expire-gift-cards.ts';
import { demoOperatorLogin } from '../operators/demo-operator.ts';
import { startPointsScheduler } from '../points/points-scheduler.ts';
import { recomputeSegments } from '../segments/recompute-segments.ts';
import { describeTarget } from '../store/database.ts';
import { storageTarget } from '../store/open-configured.ts';
import { runPeriodEnd } from '../tiers/run-period-end.ts';
import { openServerDatabase } from './server-ownership.ts';

export function registerServeCommand(program: Command): void {
  program
    .command('start')
    .description('Start the HTTP server (PORT, HOST); migrations are applied first')
    .option('--demo', 'on an empty embedded database, create a demo chain and print its keys once')
    .action(async (options: { demo?: boolean }) => {
      const config = readConfig();
      // Holds an embedded database for the server's lifetime; perk commands go through it.
      const owned = await openServerDatabase(config);
      if (!owned) return;
      const { db } = owned;
      const demo =
        options.demo && !config.databaseUrl
          ? await seedDemoIfEmpty(db, config.defaultCountry)
          : null;
      const app = await buildApp({ db, config, localSecret: owned.localSecret });
      // Activations and expiries are booked at their own instants whenever this runs; every node
      // may run it, the accounts it works on are locked with SKIP LOCKED.
      const scheduler = startPointsScheduler(db, {
        everyMs: 60_000,
        clock: Date.now,
        onError: (error) => app.log.error({ err: error }, 'points scheduler run failed'),
      });
      // Tier downgrades at period end and segment windows that moved with the date (ages,
      // birthdays, "in the last N days", RFM): both idempotent and safe on several nodes.
      // Expired calculations go too, even with the log switched off since they were written.
      // Expired gift cards' balances are written off, dated at their expiry, so an hour's delay
      // changes no report by date.
      const periodEnd = setInterval(() => {
        deleteExpiredCalculations(db, new Date(), config.calculationLog.retentionDays).catch(
          (error: unknown) => app.log.error({ err: error }, 'calculation log retention failed'),
        );
        recomputeSegments(db, new Date()).catch((error: unknown) =>
          app.log.error({ err: error }, 'segment recompute failed'),
        );
        runPeriodEnd(db, Date.now()).catch((error: unknown) =>
          app.log.error({ err: error }, 'tier period-end run failed'),
        );
        expireGiftCards(db, new Date()).catch((error: unknown) =>
          app.log.error({ err: error }, 'gift card expiry failed'),
        );
      }, 3_600_000);
      // Birthday bonuses and abandoned-cart events: idempotent, safe on several nodes.
      const campaignJobs = setInterval(() => {
        runCampaignJobs(db, Date.now()).catch((error: unknown) =>
          app.log.error({ err: error }, 'campaign jobs failed'),
        );
      }, 300_000);
      const shutdown = async () => {
        clearInterval(campaignJobs);
        clearInterval(periodEnd);
        await scheduler.stop();
        await app.close();
        await owned.close();
        process.exit(0);
      };
      process.once('SIGINT', shutdown);
      process.once('SIGTERM', shutdown);
      await app.listen({ port: config.port, host: config.host });
      await owned.announce(app.server.address());
      const shown = config.host === '0.0.0.0' ? 'localhost' : config.host;
      console.log(`Perk is running on ${describeTarget(storageTarget(config))}`);
      console.log(`API docs: http://${shown}:${config.port}/docs`);
      if (demo) {
        for (const line of describeDemo(demo, `http://${shown}:${config.port}`)) console.log(line);
      }
      const consoleUrl = `http://${shown}:${config.port}/`;
      const login = options.demo ? await demoOperatorLogin(db, config.operators, consoleUrl) : null;
      if (!consoleBuilt()) console.log(consoleMissing);
      console.log(
        login ?? `Console: ${consoleUrl} (log in with an operator's e-mail and password)`,
      );
    });
}
