import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Checkbox, Flex, Form, TimePicker } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../i18n';

const isoDays = [1, 2, 3, 4, 5, 6, 7];

/** An ISO day of week (1 = Monday) by name in the operator's language: 1 January 2024 was a Monday. */
function weekday(isoDay: number, language: Language): string {
  return new Intl.DateTimeFormat(language, { weekday: 'short', timeZone: 'UTC' }).format(
    Date.UTC(2024, 0, isoDay),
  );
}

/** The weekly schedule: days of the week and time windows, both in each store's local time. */
export function ScheduleFields({ language }: { language: Language }) {
  const { t } = useTranslation();
  return (
    <>
      <Form.Item
        name={['schedule', 'days']}
        label={t('promotionForm.days')}
        extra={t('promotionForm.daysHint')}
      >
        <Checkbox.Group
          options={isoDays.map((day) => ({ value: day, label: weekday(day, language) }))}
        />
      </Form.Item>
      <Form.Item label={t('promotionForm.windows')} extra={t('promotionForm.windowsHint')}>
        <Form.List name={['schedule', 'windows']}>
          {(rows, { add, remove }) => (
            <Flex vertical gap={8} align="start">
              {rows.map((row) => (
                <Flex key={row.key} gap={8} align="start">
                  <Form.Item
                    name={row.name}
                    style={{ marginBottom: 0 }}
                    rules={[{ required: true, message: t('form.required') }]}
                  >
                    <TimePicker.RangePicker
                      format="HH:mm"
                      // A window is [from, to) as entered; one crossing midnight is refused by the
                      // server, with its reason, rather than turned round here.
                      order={false}
                      aria-label={t('promotionForm.window')}
                    />
                  </Form.Item>
                  <Button
                    icon={<DeleteOutlined />}
                    aria-label={t('form.remove')}
                    onClick={() => remove(row.name)}
                  />
                </Flex>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add()}>
                {t('promotionForm.addWindow')}
              </Button>
            </Flex>
          )}
        </Form.List>
      </Form.Item>
    </>
  );
}
