import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Form, InputNumber } from 'antd';
import { useTranslation } from 'react-i18next';
import { ProductPicker } from '../forms/product-fields';

/**
 * A sample cart's lines in a form (`lines`: product, unit price in roubles, quantity), added and
 * removed by the operator; `required` when the form is sent by a button rather than priced as the
 * lines fill in.
 */
export function CartLines({ required }: { required: boolean }) {
  const { t } = useTranslation();
  const rules = required ? [{ required: true, message: t('form.required') }] : [];
  return (
    <Form.List name="lines">
      {(rows, { add, remove }) => (
        <>
          {rows.map((row) => (
            <Flex key={row.key} gap={8} align="start" wrap>
              <Form.Item
                name={[row.name, 'sku']}
                label={row.name === 0 ? t('why.product') : undefined}
                rules={rules}
                style={{ width: 380 }}
              >
                <ProductPicker />
              </Form.Item>
              <Form.Item
                name={[row.name, 'price']}
                label={row.name === 0 ? t('why.price') : undefined}
                rules={rules}
              >
                <InputNumber min={0} precision={2} suffix="₽" style={{ width: 140 }} />
              </Form.Item>
              <Form.Item
                name={[row.name, 'quantity']}
                label={row.name === 0 ? t('why.quantity') : undefined}
                rules={rules}
              >
                <InputNumber min={1} precision={0} style={{ width: 100 }} />
              </Form.Item>
              {rows.length > 1 && (
                <Button
                  icon={<DeleteOutlined />}
                  aria-label={t('form.remove')}
                  onClick={() => remove(row.name)}
                  style={{ marginTop: row.name === 0 ? 30 : 0 }}
                />
              )}
            </Flex>
          ))}
          <Button icon={<PlusOutlined />} onClick={() => add({ quantity: 1 })}>
            {t('why.addLine')}
          </Button>
        </>
      )}
    </Form.List>
  );
}
