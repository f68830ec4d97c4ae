import { DownloadOutlined } from '@ant-design/icons';
import { Button, Flex, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { type RefusedLine, refusedLineText } from './refused-line';

/**
 * The refused lines of an upload: each line's reason in the operator's language (the server's
 * words only for a code the console does not know yet), and the same lines as a CSV file with
 * the server's details, made in the browser from the report.
 */
export function RefusedLines({
  lines,
  reasons,
  fileName,
  testId,
}: {
  lines: readonly RefusedLine[];
  /** Where the reason texts are, by code: e.g. `catalogue.import.rowProblems`. */
  reasons: string;
  fileName: string;
  testId: string;
}) {
  const { t } = useTranslation();
  return (
    <Flex vertical gap={8} align="flex-start" style={{ width: '100%' }}>
      <Button
        icon={<DownloadOutlined />}
        href={`data:text/csv;charset=utf-8,${encodeURIComponent(refusedLinesCsv(lines))}`}
        download={fileName}
        data-testid={`${testId}-download`}
      >
        {t('refusedLines.download')}
      </Button>
      <Table
        size="small"
        rowKey="line"
        dataSource={lines}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        data-testid={testId}
        style={{ width: '100%' }}
        columns={[
          { title: t('refusedLines.line'), dataIndex: 'line', key: 'line', width: 90 },
          {
            title: t('refusedLines.why'),
            key: 'why',
            render: (_value, refused) => refusedLineText(refused, reasons, t),
          },
        ]}
      />
    </Flex>
  );
}

/**
 * `line,code,message` with a BOM, so that a spreadsheet reads the file as UTF-8 (a message may
 * quote a Cyrillic value).
 */
function refusedLinesCsv(lines: readonly RefusedLine[]): string {
  const rows = [
    ['line', 'code', 'message'],
    ...lines.map(({ line, code, message }) => [String(line), code, message]),
  ];
  return `\uFEFF${rows.map((fields) => `${fields.map(csvField).join(',')}\r\n`).join('')}`;
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
