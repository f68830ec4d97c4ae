import type { Channel } from '../store/schema.ts';

/** The demo chain, generated deterministically so every fresh start shows the same data. */

export const demoStores: {
  id: string;
  name: string;
  region: string;
  timeZone: string;
  channel: Channel;
}[] = [
  {
    id: 'msk-tverskaya',
    name: 'Тверская, 12',
    region: 'Москва',
    timeZone: 'Europe/Moscow',
    channel: 'pos',
  },
  {
    id: 'msk-arbat',
    name: 'Арбат, 30',
    region: 'Москва',
    timeZone: 'Europe/Moscow',
    channel: 'pos',
  },
  {
    id: 'vvo-svetlanskaya',
    name: 'Светланская, 9',
    region: 'Владивосток',
    timeZone: 'Asia/Vladivostok',
    channel: 'pos',
  },
  {
    id: 'web',
    name: 'Интернет-магазин',
    region: 'Россия',
    timeZone: 'Europe/Moscow',
    channel: 'web',
  },
  {
    id: 'app',
    name: 'Мобильное приложение',
    region: 'Россия',
    timeZone: 'Europe/Moscow',
    channel: 'app',
  },
];

export const demoCategories: { id: string; name: string; parentId: string | null }[] = [
  { id: 'food', name: 'Продукты', parentId: null },
  { id: 'dairy', name: 'Молочные продукты', parentId: 'food' },
  { id: 'cheese', name: 'Сыры', parentId: 'dairy' },
  { id: 'milk', name: 'Молоко', parentId: 'dairy' },
  { id: 'bakery', name: 'Хлеб и выпечка', parentId: 'food' },
  { id: 'oils', name: 'Масла', parentId: 'food' },
  { id: 'drinks', name: 'Напитки', parentId: null },
  { id: 'coffee', name: 'Кофе', parentId: 'drinks' },
  { id: 'tea', name: 'Чай', parentId: 'drinks' },
  { id: 'alcohol', name: 'Алкоголь', parentId: 'drinks' },
  { id: 'wine', name: 'Вино', parentId: 'alcohol' },
  { id: 'beer', name: 'Пиво', parentId: 'alcohol' },
  { id: 'household', name: 'Бытовая химия', parentId: null },
  { id: 'cosmetics', name: 'Косметика', parentId: null },
  { id: 'skincare', name: 'Уход за кожей', parentId: 'cosmetics' },
];

const productKinds: {
  categoryId: string;
  names: string[];
  brands: string[];
  minPriceMinor?: number;
  noDiscount?: boolean;
}[] = [
  {
    categoryId: 'cheese',
    names: ['Российский', 'Гауда', 'Маасдам', 'Пармезан'],
    brands: ['Сырная долина', 'Alpen'],
  },
  {
    categoryId: 'milk',
    names: ['Молоко 2,5%', 'Молоко 3,2%', 'Кефир 1%', 'Ряженка'],
    brands: ['Простоквашино', 'Домик в деревне'],
  },
  {
    categoryId: 'bakery',
    names: ['Батон нарезной', 'Бородинский', 'Круассан'],
    brands: ['Хлебный дом', 'Коломенский'],
  },
  {
    categoryId: 'oils',
    names: ['Подсолнечное масло', 'Оливковое масло', 'Сливочное масло'],
    brands: ['Золотая семечка', 'Borges'],
  },
  {
    categoryId: 'coffee',
    names: ['Кофе в зёрнах', 'Кофе молотый', 'Кофе растворимый'],
    brands: ['Lavazza', 'Jardin', 'Egoiste'],
  },
  {
    categoryId: 'tea',
    names: ['Чай чёрный', 'Чай зелёный', 'Чай травяной'],
    brands: ['Greenfield', 'Ahmad'],
  },
  {
    categoryId: 'wine',
    names: ['Вино красное сухое', 'Вино белое сухое'],
    brands: ['Фанагория', 'Абрау-Дюрсо'],
    minPriceMinor: 29_900,
  },
  {
    categoryId: 'beer',
    names: ['Пиво светлое', 'Пиво тёмное'],
    brands: ['Жигули', 'Балтика'],
    minPriceMinor: 5_500,
  },
  {
    categoryId: 'household',
    names: ['Средство для посуды', 'Стиральный порошок', 'Чистящее средство'],
    brands: ['Fairy', 'Ariel'],
  },
  {
    categoryId: 'skincare',
    names: ['Крем для рук', 'Крем для лица', 'Гель для душа'],
    brands: ['Nivea', 'Чистая линия'],
  },
];

const sizes = ['S', 'M', 'L', 'XL'];

export function demoProducts() {
  const products = [];
  for (const kind of productKinds) {
    for (const [n, name] of kind.names.entries()) {
      for (const [b, brand] of kind.brands.entries()) {
        for (const size of sizes) {
          products.push({
            sku: `${kind.categoryId}-${n + 1}${b + 1}-${size}`.toUpperCase(),
            name: `${name} ${brand}, ${size}`,
            categoryId: kind.categoryId,
            brand,
            attributes: { size },
            tags: size === 'XL' ? ['family-pack'] : [],
            minPriceMinor: kind.minPriceMinor ?? null,
            noDiscount: kind.noDiscount ?? false,
            noPointsPayment: kind.categoryId === 'wine' || kind.categoryId === 'beer',
            noAccrual: kind.categoryId === 'wine' || kind.categoryId === 'beer',
          });
        }
      }
    }
  }
  return products;
}

const firstNames = [
  'Анна',
  'Мария',
  'Елена',
  'Ольга',
  'Ирина',
  'Иван',
  'Алексей',
  'Дмитрий',
  'Сергей',
  'Павел',
];
const lastNames = [
  'Иванов',
  'Смирнов',
  'Кузнецов',
  'Попов',
  'Соколов',
  'Лебедев',
  'Козлов',
  'Новиков',
];
const cities = ['Москва', 'Владивосток', 'Санкт-Петербург', 'Казань'];

/** `count` customers with a phone, a card and, for most, an e-mail. */
export function demoCustomers(count: number) {
  const customers = [];
  for (let i = 0; i < count; i++) {
    const firstName = firstNames[i % firstNames.length] as string;
    const female = i % firstNames.length < 5;
    const lastName = (lastNames[(i * 7) % lastNames.length] as string) + (female ? 'а' : '');
    const identifiers: { kind: 'phone' | 'card' | 'email'; value: string }[] = [
      // The first is the customer the README and the console's test find by 8 (912) 345-67-89.
      {
        kind: 'phone',
        value: i === 0 ? '+79123456789' : `+7912${String(1_000_000 + i * 37).padStart(7, '0')}`,
      },
      { kind: 'card', value: `2000${String(i + 1).padStart(8, '0')}` },
    ];
    if (i % 4 !== 0) identifiers.push({ kind: 'email', value: `customer${i + 1}@example.com` });
    customers.push({
      firstName,
      lastName,
      gender: female ? ('female' as const) : ('male' as const),
      birthDate: `${1960 + (i % 45)}-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`,
      city: cities[i % cities.length] as string,
      consents: { sms: i % 3 !== 0, email: i % 2 === 0, push: false },
      identifiers,
    });
  }
  return customers;
}
