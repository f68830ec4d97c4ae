import { Select, type SelectProps } from 'antd';
import { useStores } from '../api/queries';

/** A select of the programme's stores by name (names are data: never machine-translated). */
export function StoreSelect(props: Omit<SelectProps<string | string[]>, 'options' | 'loading'>) {
  const stores = useStores();
  return (
    <Select
      {...props}
      loading={stores.isPending}
      options={(stores.data ?? []).map((store) => ({
        value: store.id,
        label: <span translate="no">{store.name}</span>,
      }))}
    />
  );
}
