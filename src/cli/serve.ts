import { buildApp } from '../api/app.ts';
import { consoleBuilt, consoleMissing } from '../api/console-static.ts';
import { Readiness } from '../api/readiness.ts';
import { readConfig } from '../config.ts';
import { describeDemo } from '../demo/describe-demo.ts';
import { demoWanted, seedDemo } from '../demo/seed-demo.ts';
import { startStreamPublisher } from '../event-stream/stream-publisher.ts';
import { composeJobs } from '../jobs/compose-jobs.ts';
import { startJobScheduler } from '../jobs/job-scheduler.ts';
import { demoOperatorLogin } from '../operators/demo-operator.ts';
import { defaultSimulationWorker, startSimulationWorker } from '../simulator/simulation-worker.ts';
import { describeTarget } from '../store/database.ts';
import { storageTarget } from '../store/open-configured.ts';
import { beginFill, endFill } from '../store/unfinished-fill.ts';
import { http2ApnsPusher } from '../wallet/apns-pusher.ts';
import { startGoogleObjectUpdater } from '../wallet/google-object-updater.ts';
import { httpGoogleWalletClient } from '../wallet/google-wallet-client.ts';
import { startWalletUpdater, walletUpdaterOptions } from '../wallet/wallet-updater.ts';
import { defaultBacktestWorker, startBacktestWorker } from '../watch/backtest-worker.ts';
import { delivererOptions, startWebhookDeliverer } from '../webhooks/webhook-deliverer.ts';
import { coordinateNodes } from './node-coordination.ts';
import { openServerDatabase } from './server-ownership.ts';

/**
 * `perk start`: opens (and for an embedded database holds) the database, applies migrations,
 * listens, seeds the demo when asked on an empty embedded one, then starts the scheduled jobs.
 * The demo is written after `listen`, so a first start answers `/health` in about the time of a
 * restart; `/ready` answers 503 until the demo is there, and the keys and the console's login are
 * printed when it is.
 */
export async function serve(options: { demo?: boolean }): Promise<void> {
  const config = readConfig();
  // Holds an embedded database for the server's lifetime; perk commands go through it.
  const owned = await openServerDatabase(config);
  if (!owned) return;
  const { db } = owned;
  const withDemo = Boolean(options.demo && !config.databaseUrl && (await demoWanted(db)));
  const jobs = composeJobs(config);
  // Errors of the listening connection before the app (and its log) exist go to standard error.
  let warn = (error: unknown) => console.error(error);
  const nodes = await coordinateNodes(config, (error) => warn(error));
  const demoWork = 'writing the demo programme';
  const readiness = new Readiness(withDemo ? demoWork : null);
  const app = await buildApp({
    db,
    config,
    localSecret: owned.localSecret,
    jobs,
    readiness,
    changes: nodes.changes,
    limiters: nodes.limiters,
  });
  warn = (error) => app.log.warn({ err: error }, 'the change feed lost its connection');
  const background: { stop(): Promise<void> }[] = [];
  const shutdown = async (code = 0) => {
    for (const loop of background) await loop.stop();
    await app.close();
    await nodes.close();
    await owned.close();
    process.exit(code);
  };
  process.once('SIGINT', () => shutdown());
  process.once('SIGTERM', () => shutdown());
  await app.listen({ port: config.port, host: config.host });
  await owned.announce(app.server.address());
  const shown = config.host === '0.0.0.0' ? 'localhost' : config.host;
  console.log(`Perk is running on ${describeTarget(storageTarget(config))}`);
  console.log(`API docs: http://${shown}:${config.port}/docs`);
  if (config.metrics.port !== undefined)
    console.log(`Metrics: http://${shown}:${config.metrics.port}/metrics`);
  if (withDemo) {
    console.log('Writing the demo programme (a few seconds; /ready answers 503 until it is done)…');
    const demo = await readiness
      .during(
        demoWork,
        fillOnce(config.dataDir, () => seedDemo(db, config.defaultCountry)),
      )
      .catch(async (error: unknown) => {
        app.log.error({ err: error }, 'the demo could not be written');
        await shutdown(1);
        throw error;
      });
    for (const line of describeDemo(demo, `http://${shown}:${config.port}`)) console.log(line);
  }
  // Started after the demo, whose seeding runs the due jobs itself. Every scheduled job comes from
  // one list that the API's `POST /v1/jobs/{name}/run` shares; the database decides which node
  // runs each due run, so any number of nodes may run this loop.
  background.push(
    startJobScheduler(db, jobs, {
      pollMs: 10_000,
      clock: Date.now,
      onRun: (run) => app.log.debug({ job: run.job, counts: run.counts }, 'scheduled job ran'),
      onError: (error, job) =>
        app.log.error({ err: error, job: job?.name }, 'scheduled job failed'),
    }),
  );
  // Backtests asked for through the API: each run claimed through the database by one node.
  background.push(
    startBacktestWorker(db, {
      ...defaultBacktestWorker,
      pollMs: 2_000,
      onError: (error) => app.log.error({ err: error }, 'backtest pass failed'),
    }),
  );
  // Programme simulations asked for through the API: likewise one node per run.
  background.push(
    startSimulationWorker(db, {
      ...defaultSimulationWorker,
      reader: storageTarget(config).kind === 'postgres' ? 'cursor' : 'ranges',
      pollMs: 2_000,
      onError: (error) => app.log.error({ err: error }, 'simulation pass failed'),
    }),
  );
  // Outbox events to webhooks: claimed through the database, so every node may run it.
  background.push(
    startWebhookDeliverer(db, {
      ...delivererOptions(config.webhooks),
      toStream: config.eventStream !== undefined,
      onError: (error) => app.log.error({ err: error }, 'webhook delivery pass failed'),
    }),
  );
  if (config.eventStream) {
    background.push(
      startStreamPublisher(db, config.eventStream, (error) =>
        app.log.error({ err: error }, 'publishing events to NATS failed'),
      ),
    );
  }
  // Balance and tier changes onto Apple Wallet passes, and pushes to the devices holding them:
  // claimed through the database too, so every node may run it.
  if (config.wallet.apple)
    background.push(
      startWalletUpdater(db, http2ApnsPusher(config.wallet.apple), {
        ...walletUpdaterOptions(config.wallet),
        onError: (error) => app.log.error({ err: error }, 'wallet update pass failed'),
        onFailures: (counts) =>
          app.log.warn({ counts }, 'Apple Wallet pushes failed; tried again in a minute'),
      }),
    );
  // And onto saved Google Wallet objects, through Google's API.
  if (config.wallet.google)
    background.push(
      startGoogleObjectUpdater(
        db,
        httpGoogleWalletClient(config.wallet.google),
        config.wallet.google,
        {
          ...walletUpdaterOptions(config.wallet),
          onError: (error) => app.log.error({ err: error }, 'Google Wallet update pass failed'),
          onFailures: (counts) =>
            app.log.warn({ counts }, 'Google Wallet updates failed; tried again in a minute'),
        },
      ),
    );
  const consoleUrl = `http://${shown}:${config.port}/`;
  const login = options.demo ? await demoOperatorLogin(db, config.operators, consoleUrl) : null;
  if (!consoleBuilt()) console.log(consoleMissing);
  console.log(login ?? `Console: ${consoleUrl} (log in with an operator's e-mail and password)`);
}

/** The demo is written whole or, at the next start, not at all (store/unfinished-fill.ts). */
async function fillOnce<T>(dataDir: string, fill: () => Promise<T>): Promise<T> {
  await beginFill(dataDir);
  const filled = await fill();
  await endFill(dataDir);
  return filled;
}
