import { createContext, useContext } from 'react';
import type { PerkApi } from './client';

export const ApiContext = createContext<PerkApi | null>(null);

/** The API the console was started with (main.tsx). */
export function useApi(): PerkApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi outside ApiContext');
  return api;
}
