import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Form } from 'antd';
import { useTranslation } from 'react-i18next';
import { ProductPicker } from '../forms/product-fields';
import { UnitNumber } from '../forms/unit-number';

/**
 * A sample cart's lines in a form (`lines`: product, unit price in kopecks shown as roubles, quantity), added and
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
                name={[row.name, 'unitPriceMinor']}
                label={row.name === 0 ? t('why.price') : undefined}
                rules={rules}
              >
                <UnitNumber unit="money-minor" schema={{ minimum: 0 }} width={140} />
              </Form.Item>
              <Form.Item
                name={[row.name, 'quantity']}
                label={row.name === 0 ? t('why.quantity') : undefined}
                rules={rules}
              >
                <UnitNumber schema={{ minimum: 1 }} width={100} />
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
