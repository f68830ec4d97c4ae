import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { Button, Flex } from 'antd';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** Where a list paged by keyset stands: the server pages forward only, so the way back is kept. */
export interface KeysetPaging<Cursor> {
  /** The cursor of the page shown; undefined: the first page. */
  after: Cursor | undefined;
  /** Cursors of the pages before the one shown. */
  before: (Cursor | undefined)[];
  back(): void;
  forward(next: Cursor): void;
  /** Back to the first page (a new search). */
  restart(): void;
}

export function useKeysetPaging<Cursor>(): KeysetPaging<Cursor> {
  const [before, setBefore] = useState<(Cursor | undefined)[]>([]);
  const [after, setAfter] = useState<Cursor | undefined>(undefined);
  // The same function every render, so an effect may restart the paging.
  const restart = useCallback(() => {
    setBefore([]);
    setAfter(undefined);
  }, []);
  return {
    after,
    before,
    back() {
      setAfter(before[before.length - 1]);
      setBefore(before.slice(0, -1));
    },
    forward(next) {
      setBefore([...before, after]);
      setAfter(next);
    },
    restart,
  };
}

/** Previous and Next under a keyset-paged table; `nextAfter` null on the last page. */
export function KeysetPager<Cursor>({
  paging,
  nextAfter,
}: {
  paging: KeysetPaging<Cursor>;
  nextAfter: Cursor | null;
}) {
  const { t } = useTranslation();
  return (
    <Flex justify="flex-end" gap={8} style={{ marginTop: 16 }}>
      <Button
        icon={<LeftOutlined />}
        disabled={paging.before.length === 0}
        onClick={() => paging.back()}
      >
        {t('paging.previous')}
      </Button>
      <Button
        disabled={nextAfter === null}
        onClick={() => {
          if (nextAfter !== null) paging.forward(nextAfter);
        }}
      >
        {t('paging.next')} <RightOutlined />
      </Button>
    </Flex>
  );
}
