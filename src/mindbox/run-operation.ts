import { changeStatus } from './change-status.ts';
import {
  balanceHistory,
  checkCustomer,
  customerPoints,
  registerCustomer,
} from './customer-operations.ts';
import type { MindboxCall, MindboxDeps } from './mindbox-deps.ts';
import type { OperationKind } from './operation-table.ts';
import { calculateOrder, createOrder } from './order-operations.ts';

type Json = Record<string, unknown>;
type Operation = (deps: MindboxDeps, call: MindboxCall) => Promise<Json>;

/** Each kind of operation and the Perk use case it runs. */
const operations: Record<OperationKind, Operation> = {
  CalculateAuthorizedOrder: (deps, call) => calculateOrder(deps, call, false),
  CalculateUnauthorizedOrder: (deps, call) => calculateOrder(deps, call, true),
  // A manager's recalculation in the shop's back office prices as the customer's own would.
  ManualCalculateOrder: (deps, call) => calculateOrder(deps, call, false),
  CreateAuthorizedOrder: (deps, call) =>
    createOrder(deps, call, { anonymous: false, offline: false }),
  CreateUnauthorizedOrder: (deps, call) =>
    createOrder(deps, call, { anonymous: true, offline: false }),
  SaveOfflineOrder: (deps, call) => createOrder(deps, call, { anonymous: false, offline: true }),
  ChangeStatus: changeStatus,
  GetCustomerPoints: customerPoints,
  GetCustomerBalanceHistory: balanceHistory,
  RegisterCustomer: registerCustomer,
  CheckCustomer: checkCustomer,
  // Perk keeps no shop carts: the call is accepted so the module's cart tracking does not fail.
  EditCart: async () => ({ status: 'Success' }),
};

/** Runs one Mindbox operation; its answer is the body Mindbox would send with HTTP 200. */
export function runOperation(
  kind: OperationKind,
  deps: MindboxDeps,
  call: MindboxCall,
): Promise<Json> {
  return operations[kind](deps, call);
}
