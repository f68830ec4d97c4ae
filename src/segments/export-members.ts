import type { Db } from '../store/database.ts';
import { getSegment } from './segments.ts';

const PAGE = 10_000;
/** The upload's own header: an exported list uploads back as it is. */
const HEADER = 'kind,value\n';

/**
 * A segment's members as the CSV a static list is uploaded from: `id,<customer id>` a line, in
 * customer id order, read page by page on the (segment_id, customer_id) key, so a large segment
 * streams in constant memory. Customer ids only: the file carries no phones or e-mails.
 * 404 `segment_not_found` before the first line.
 */
export async function segmentMembersCsv(db: Db, id: string): Promise<AsyncGenerator<string>> {
  await getSegment(db, id);
  return lines(db, id);
}

async function* lines(db: Db, id: string): AsyncGenerator<string> {
  yield HEADER;
  let after: string | null = null;
  for (;;) {
    const rows: { customer_id: string }[] = await db
      .selectFrom('segment_members')
      .select('customer_id')
      .where('segment_id', '=', id)
      .$if(after !== null, (q) => q.where('customer_id', '>', after as string))
      .orderBy('customer_id')
      .limit(PAGE)
      .execute();
    if (rows.length === 0) return;
    yield rows.map((row) => `id,${row.customer_id}\n`).join('');
    if (rows.length < PAGE) return;
    after = (rows.at(-1) as { customer_id: string }).customer_id;
  }
}
