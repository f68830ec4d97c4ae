import { pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import pg from 'pg';
import { readConfig } from '../src/config.ts';
import { listCustomers } from '../src/customers/list-customers.ts';
import { type Db, openDatabase } from '../src/store/database.ts';
import { migrateToLatest } from '../src/store/migrate.ts';

const CUSTOMERS = 1_000_000;
const QUERIES = 300;

const context = { defaultCountry: 'RU' };

const maleNames = [
  'Александр',
  'Алексей',
  'Андрей',
  'Артём',
  'Владимир',
  'Дмитрий',
  'Евгений',
  'Иван',
  'Игорь',
  'Кирилл',
  'Максим',
  'Михаил',
  'Николай',
  'Павел',
  'Роман',
  'Сергей',
  'Юрий',
  'Олег',
  'Виктор',
  'Денис',
];
// Patronymic stems of the male names, in the same order: + "ич" for men, + "на" for women.
const patronymics = [
  'Александров',
  'Алексеев',
  'Андреев',
  'Артёмов',
  'Владимиров',
  'Дмитриев',
  'Евгеньев',
  'Иванов',
  'Игорев',
  'Кириллов',
  'Максимов',
  'Михайлов',
  'Николаев',
  'Павлов',
  'Романов',
  'Сергеев',
  'Юрьев',
  'Олегов',
  'Викторов',
  'Денисов',
];
const femaleNames = [
  'Анна',
  'Анастасия',
  'Валентина',
  'Галина',
  'Дарья',
  'Екатерина',
  'Елена',
  'Ирина',
  'Ксения',
  'Мария',
  'Наталья',
  'Ольга',
  'Полина',
  'Светлана',
  'Татьяна',
  'Юлия',
  'Людмила',
  'Вера',
  'Алина',
  'Марина',
];
// Male forms; the female form adds "а". Real surnames are long-tailed; 120 stems at equal share
// (about 4 200 customers per surname and gender) are a harsher case for a prefix than the tail.
const surnameStems = `Иванов Смирнов Кузнецов Попов Васильев Петров Соколов Михайлов Новиков Фёдоров
Морозов Волков Алексеев Лебедев Семёнов Егоров Павлов Козлов Степанов Николаев Орлов Андреев Макаров
Никитин Захаров Зайцев Соловьёв Борисов Яковлев Григорьев Романов Воробьёв Сергеев Кузьмин Фролов
Александров Дмитриев Королёв Гусев Киселёв Ильин Максимов Поляков Сорокин Виноградов Ковалёв Белов
Медведев Антонов Тарасов Жуков Баранов Филиппов Комаров Давыдов Беляев Герасимов Богданов Осипов
Сидоров Матвеев Титов Марков Миронов Крылов Куликов Карпов Власов Мельников Денисов Гаврилов Тихонов
Казаков Афанасьев Данилов Савельев Тимофеев Фомин Чернов Абрамов Мартынов Ефимов Федотов Щербаков
Назаров Калинин Исаев Чернышёв Быков Маслов Родионов Коновалов Лазарев Воронин Климов Филатов
Пономарёв Голубев Кудрявцев Прохоров Наумов Потапов Журавлёв Овчинников Трофимов Леонов Соболев
Ермаков Колесников Гончаров Емельянов Никифоров Грачёв Котов Гришин Ефремов Архипов Громов Кириллов
Малышев Панов Моисеев`.split(/\s+/);

const seconds = (start: number) => (performance.now() - start) / 1000;
const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
const pick = <T>(items: readonly T[], i: number): T => items[i % items.length] as T;

/**
 * 1 000 000 customers on PostgreSQL (a database it creates and drops), each with a phone, a card
 * and an e-mail, searched through `listCustomers` as `GET /v1/customers?q=` does. Baselines in the
 * same run: a `select 1` round-trip and a primary-key lookup of a customer row.
 */
export async function runCustomerSearchBench(): Promise<string> {
  const url = readConfig().databaseUrl ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `perk_bench_search_${Date.now()}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  try {
    const target = new URL(url);
    target.pathname = `/${name}`;
    const db = openDatabase({ kind: 'postgres', url: target.toString(), poolSize: 2 });
    try {
      return await measure(db);
    } finally {
      await db.destroy();
    }
  } finally {
    await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
    await admin.end();
  }
}

/** Writes the customers and their identifiers in SQL, from `generate_series`. */
export async function generate(db: Db) {
  // Customer i: phone +7 912 i (7 digits), card 2000 i (8 digits), e-mail c<i>@example.ru.
  // Independent hashes of i pick the parts, so every first name meets every surname.
  await sql`INSERT INTO customers (id, first_name, middle_name, last_name, gender)
    SELECT gen_random_uuid(),
      (CASE WHEN i % 2 = 0 THEN ${maleNames}::text[] ELSE ${femaleNames}::text[] END)[1 + mod(hashint4(i)::bigint + 2147483648, ${maleNames.length})],
      (${patronymics}::text[])[1 + mod(hashint4(i + 1000000000)::bigint + 2147483648, ${patronymics.length})] || CASE WHEN i % 2 = 0 THEN 'ич' ELSE 'на' END,
      (${surnameStems}::text[])[1 + mod(hashint4(-i)::bigint + 2147483648, ${surnameStems.length})] || CASE WHEN i % 2 = 0 THEN '' ELSE 'а' END,
      CASE WHEN i % 2 = 0 THEN 'male' ELSE 'female' END
    FROM generate_series(1, ${CUSTOMERS}) AS i`.execute(db);
  await sql`INSERT INTO customer_identifiers (kind, value, customer_id)
    SELECT k.kind, CASE k.kind
        WHEN 'phone' THEN '+7912' || lpad(c.number::text, 7, '0')
        WHEN 'card' THEN '2000' || lpad(c.number::text, 8, '0')
        ELSE 'c' || c.number || '@example.ru' END, c.id
    FROM customers c CROSS JOIN (VALUES ('phone'), ('card'), ('email')) AS k (kind)`.execute(db);
  await sql`ANALYZE`.execute(db);
}

async function time(count: number, run: (i: number) => Promise<unknown>) {
  const latencies: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    await run(i);
    latencies.push(performance.now() - start);
  }
  latencies.sort((a, b) => a - b);
  return { p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99) };
}

async function measure(db: Db): Promise<string> {
  await migrateToLatest(db);
  const start = performance.now();
  await generate(db);
  const generateSeconds = seconds(start);
  const ids = (
    await sql<{
      id: string;
    }>`SELECT id FROM customers TABLESAMPLE SYSTEM (1) LIMIT ${QUERIES}`.execute(db)
  ).rows.map((r) => r.id);
  // Spread over the whole range, so the cache holds no more than it would in service.
  const number = (i: number) => 1 + ((i * 3331 + 17) % CUSTOMERS);
  const digits = (n: number, width: number) => String(n).padStart(width, '0');
  const search = async (q: string, expect?: number) => {
    const found = await listCustomers(db, { limit: 20, q }, context);
    if (expect !== undefined && found.items[0]?.number !== expect)
      throw new Error(`"${q}" found ${found.items.map((c) => c.number)}, not ${expect}`);
    if (expect === undefined && found.items.length === 0) throw new Error(`"${q}" found nobody`);
  };
  const rows: [string, { p50: number; p99: number }, number | null][] = [];
  const targets = { exact: 20, name: 100 };
  rows.push(['baseline: `select 1`', await time(QUERIES, () => sql`select 1`.execute(db)), null]);
  rows.push([
    'baseline: customer by primary key',
    await time(QUERIES, (i) =>
      db
        .selectFrom('customers')
        .selectAll()
        .where('id', '=', pick(ids, i))
        .executeTakeFirstOrThrow(),
    ),
    null,
  ]);
  rows.push([
    'phone typed as `8 (912) 123-45-67`',
    await time(QUERIES, (i) => {
      const d = digits(number(i), 7);
      return search(`8 (912) ${d.slice(0, 3)}-${d.slice(3, 5)}-${d.slice(5)}`, number(i));
    }),
    targets.exact,
  ]);
  rows.push([
    'card typed as `2000 0012 3456`',
    await time(QUERIES, (i) => {
      const d = digits(number(i), 8);
      return search(`2000 ${d.slice(0, 4)} ${d.slice(4)}`, number(i));
    }),
    targets.exact,
  ]);
  rows.push([
    'e-mail',
    await time(QUERIES, (i) => search(`C${number(i)}@Example.ru`, number(i))),
    targets.exact,
  ]);
  rows.push([
    'surname prefix, 4-6 letters (`кузн`)',
    await time(QUERIES, (i) =>
      search(
        pick(surnameStems, i * 13)
          .slice(0, 4 + (i % 3))
          .toLowerCase(),
      ),
    ),
    targets.name,
  ]);
  rows.push([
    '"Surname First" (`Смирнова Анна`)',
    await time(QUERIES, (i) =>
      search(`${pick(surnameStems, i * 13)}а ${pick(femaleNames, i * 3)}`),
    ),
    targets.name,
  ]);
  rows.push([
    '"First Surname-prefix" (`Иван Кузн`)',
    await time(QUERIES, (i) =>
      search(`${pick(maleNames, i * 3)} ${pick(surnameStems, i * 13).slice(0, 4)}`),
    ),
    targets.name,
  ]);
  rows.push([
    'first name alone (`Ольга`, about 25 000 matches)',
    await time(QUERIES, (i) => search(pick(femaleNames, i))),
    targets.name,
  ]);
  const table = rows.map(
    ([label, t, target]) =>
      `| ${label} | ${t.p50.toFixed(2)} | ${t.p99.toFixed(2)} | ${target === null ? '' : `≤ ${target} ms: ${t.p99 <= target ? 'met' : 'NOT met'}`} |`,
  );
  return [
    '## Customer search',
    '',
    `${CUSTOMERS.toLocaleString('en')} customers on PostgreSQL with a phone, a card and an e-mail each (generated in ${generateSeconds.toFixed(0)} s), searched through \`listCustomers\` (page of 20, identifiers loaded) as \`GET /v1/customers?q=\` does, ${QUERIES} queries each, one connection.`,
    '',
    '| query | p50 ms | p99 ms | target p99 |',
    '|---|---:|---:|---|',
    ...table,
    '',
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href)
  console.log(await runCustomerSearchBench());
