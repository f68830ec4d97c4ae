import { buildApp } from '../api/app.ts';
import { consoleBuilt, consoleMissing } from '../api/console-static.ts';
import { readConfig } from '../config.ts';
import { describeDemo } from '../demo/describe-demo.ts';
import { seedDemoIfEmpty } from '../demo/seed-demo.ts';
import { composeJobs } from '../jobs/compose-jobs.ts';
import { startJobScheduler } from '../jobs/job-scheduler.ts';
import { demoOperatorLogin } from '../operators/demo-operator.ts';
import { describeTarget } from '../store/database.ts';
import { storageTarget } from '../store/open-configured.ts';
import { delivererOptions, startWebhookDeliverer } from '../webhooks/webhook-deliverer.ts';
import { coordinateNodes } from './node-coordination.ts';
import { openServerDatabase } from './server-ownership.ts';

/**
 * `perk start`: opens (and for an embedded database holds) the database, applies migrations,
 * seeds the demo when asked on an empty embedded one, starts the scheduled jobs and listens.
 */
export async function serve(options: { demo?: boolean }): Promise<void> {
  const config = readConfig();
  // Holds an embedded database for the server's lifetime; perk commands go through it.
  const owned = await openServerDatabase(config);
  if (!owned) return;
  const { db } = owned;
  const demo =
    options.demo && !config.databaseUrl ? await seedDemoIfEmpty(db, config.defaultCountry) : null;
  const jobs = composeJobs(config);
  // Errors of the listening connection before the app (and its log) exist go to standard error.
  let warn = (error: unknown) => console.error(error);
  const nodes = await coordinateNodes(config, (error) => warn(error));
  const app = await buildApp({
    db,
    config,
    localSecret: owned.localSecret,
    jobs,
    changes: nodes.changes,
    limiters: nodes.limiters,
  });
  warn = (error) => app.log.warn({ err: error }, 'the change feed lost its connection');
  // Every scheduled job, from one list that the API's `POST /v1/jobs/{name}/run` shares; the
  // database decides which node runs each due run, so any number of nodes may run this loop.
  const scheduler = startJobScheduler(db, jobs, {
    pollMs: 10_000,
    clock: Date.now,
    onRun: (run) => app.log.debug({ job: run.job, counts: run.counts }, 'scheduled job ran'),
    onError: (error, job) => app.log.error({ err: error, job: job?.name }, 'scheduled job failed'),
  });
  // Outbox events to webhooks: claimed through the database, so every node may run it.
  const deliverer = startWebhookDeliverer(db, {
    ...delivererOptions(config.webhooks),
    onError: (error) => app.log.error({ err: error }, 'webhook delivery pass failed'),
  });
  const shutdown = async () => {
    await deliverer.stop();
    await scheduler.stop();
    await app.close();
    await nodes.close();
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
  if (config.metrics.port !== undefined)
    console.log(`Metrics: http://${shown}:${config.metrics.port}/metrics`);
  if (demo) {
    for (const line of describeDemo(demo, `http://${shown}:${config.port}`)) console.log(line);
  }
  const consoleUrl = `http://${shown}:${config.port}/`;
  const login = options.demo ? await demoOperatorLogin(db, config.operators, consoleUrl) : null;
  if (!consoleBuilt()) console.log(consoleMissing);
  console.log(login ?? `Console: ${consoleUrl} (log in with an operator's e-mail and password)`);
}
