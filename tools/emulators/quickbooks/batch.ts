import type { Company, EntityName } from './company';
import type { WriteOptions } from './entity-operations';
import { createEntity, deleteEntity, updateEntity, writableEntities } from './entity-operations';
import { QboFault, fault } from './faults';
import type { JsonObject } from './json';
import { isJsonObject } from './json';
import type { QuickBooksLimits } from './limits';

/**
 * QuickBooks Online emulator: `POST /batch` (spec §8). At most 30 items; each runs on its own and
 * fails on its own (a `Fault` beside its `bId`), nothing is transactional, and no item can refer to
 * another's result. Operations: create, update, delete, and `Query`.
 */

export function runBatch(company: Company, body: unknown, limits: QuickBooksLimits, options: WriteOptions, query: (statement: string) => JsonObject): JsonObject[] {
  const items = isJsonObject(body) ? body.BatchItemRequest : undefined;
  if (!Array.isArray(items) || items.length === 0) throw fault.requiredParam('BatchItemRequest', 'BatchItemRequest');
  if (items.length > limits.batchMaxItems) {
    throw fault.business(`The batch contains ${items.length} items; at most ${limits.batchMaxItems} are allowed in one batch request.`, 'BatchItemRequest');
  }
  return items.map((item): JsonObject => {
    const bId = isJsonObject(item) && typeof item.bId === 'string' ? item.bId : '';
    try {
      if (!isJsonObject(item) || bId === '') throw fault.requiredParam('bId', 'bId');
      if (bId.length > limits.batchItemIdMaxLength) throw fault.stringTooLong('bId', limits.batchItemIdMaxLength, bId.length);
      if (typeof item.Query === 'string') return { bId, QueryResponse: query(item.Query) };
      const name = [...writableEntities].find((n) => isJsonObject(item[n]));
      const entity = name ? item[name] : undefined;
      if (!name || !isJsonObject(entity)) throw fault.requiredParam('entity', 'BatchItemRequest');
      const operation = typeof item.operation === 'string' ? item.operation : 'create';
      return { bId, [name]: run(company, name, operation, entity, options) };
    } catch (e) {
      const f = e instanceof QboFault ? e : fault.systemError();
      return { bId, Fault: { Error: [{ Message: f.message, Detail: f.detail, code: f.code, element: f.element }], type: f.type } };
    }
  });
}

function run(company: Company, name: EntityName, operation: string, entity: JsonObject, options: WriteOptions): JsonObject {
  switch (operation) {
    case 'create':
      return createEntity(company, name, entity, options);
    case 'update':
      return updateEntity(company, name, entity, options);
    case 'delete':
      return deleteEntity(company, name, entity);
    default:
      throw fault.invalidEnumeration('operation', operation);
  }
}
