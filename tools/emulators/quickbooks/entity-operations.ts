import type { Company, EntityName, StoredEntity } from './company';
import { nameLists } from './company';
import { customerBody } from './customers';
import { fault } from './faults';
import { deleteInvoice, invoiceBody, voidInvoice } from './invoices';
import { itemBody } from './items';
import type { JsonObject } from './json';
import { applyPayment, deletePayment, paymentBody, voidPayment } from './payments';

/**
 * QuickBooks Online emulator: the write operations every entity shares (spec §3, §5.4) —
 * create, full update (omitted fields cleared), sparse update, delete and void — with the
 * SyncToken check (5010) and QBO's "missing means 400/610" rule. Used by the REST routes and batch.
 */

export interface WriteOptions {
  allowDuplicateDocNumber: boolean;
}

export const writableEntities: ReadonlySet<EntityName> = new Set(['Customer', 'Item', 'Invoice', 'Payment']);

/** GET /{entity}/{id}: deleted and (per the spec's trap 2) inactive records answer 400/610. */
export function readEntity(company: Company, name: EntityName, id: string): JsonObject {
  const entity = company.live(name, id);
  if (nameLists.has(name) && entity.body.Active === false) throw fault.objectNotFound();
  return company.render(entity);
}

export function createEntity(company: Company, name: EntityName, input: JsonObject, options: WriteOptions): JsonObject {
  if (input.Id !== undefined) return updateEntity(company, name, input, options);
  switch (name) {
    case 'Customer':
      return company.render(company.insert(name, customerBody(company, input)));
    case 'Item':
      return company.render(company.insert(name, itemBody(company, input)));
    case 'Invoice':
      return company.render(company.insert(name, invoiceBody(company, input, options)));
    case 'Payment': {
      const { body, applications } = paymentBody(company, input);
      const payment = company.insert(name, body);
      applyPayment(company, payment, applications);
      return company.render(payment);
    }
    default:
      throw fault.unsupportedOperation(`Create ${name}`);
  }
}

function current(company: Company, name: EntityName, input: JsonObject): StoredEntity {
  if (input.Id === undefined || input.Id === null || input.Id === '') throw fault.requiredParam('Id', 'Id');
  const entity = company.live(name, String(input.Id));
  if (input.SyncToken === undefined || input.SyncToken === null) throw fault.requiredParam('SyncToken', 'SyncToken');
  if (String(input.SyncToken) !== String(entity.syncToken)) throw fault.staleObject();
  return entity;
}

export function updateEntity(company: Company, name: EntityName, input: JsonObject, options: WriteOptions): JsonObject {
  if (!writableEntities.has(name)) throw fault.unsupportedOperation(`Update ${name}`);
  const entity = current(company, name, input);
  // Sparse keeps what the request leaves out; a full update clears it (§5.4).
  const merged: JsonObject = input.sparse === true || input.sparse === 'true' ? { ...entity.body, ...input } : input;
  switch (name) {
    case 'Customer': {
      const wasActive = entity.body.Active !== false;
      const body = customerBody(company, merged, entity);
      company.replace(entity, body, wasActive && body.Active === false ? 'Delete' : 'Update');
      break;
    }
    case 'Item':
      company.replace(entity, itemBody(company, merged, entity));
      break;
    case 'Invoice':
      company.replace(entity, invoiceBody(company, merged, options, entity));
      break;
    case 'Payment': {
      const { body, applications } = paymentBody(company, merged, entity);
      company.replace(entity, body);
      applyPayment(company, entity, applications);
      break;
    }
    default:
      throw fault.unsupportedOperation(`Update ${name}`);
  }
  return company.render(entity);
}

export function deleteEntity(company: Company, name: EntityName, input: JsonObject): JsonObject {
  if (name !== 'Invoice' && name !== 'Payment') throw fault.unsupportedOperation(`Delete ${name}`);
  const entity = current(company, name, input);
  if (name === 'Invoice') deleteInvoice(company, entity);
  else deletePayment(company, entity);
  return { status: 'Deleted', domain: 'QBO', Id: entity.id };
}

export function voidEntity(company: Company, name: EntityName, input: JsonObject): JsonObject {
  if (name !== 'Invoice' && name !== 'Payment') throw fault.unsupportedOperation(`Void ${name}`);
  const entity = current(company, name, input);
  if (name === 'Invoice') voidInvoice(company, entity);
  else voidPayment(company, entity);
  return company.render(entity);
}
