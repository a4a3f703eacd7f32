/**
 * QuickBooks Online emulator: the validation and system faults of spec §7.2, thrown by the entity
 * rules and turned into the PascalCase `Fault` envelope (HTTP 400 unless said otherwise).
 * Codes and Messages are Intuit's; Details follow the observed texts where the spec quotes them.
 */

export type FaultType = 'ValidationFault' | 'SystemFault' | 'AuthenticationFault' | 'AuthorizationFault' | 'SERVICE';

export class QboFault extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly detail: string,
    readonly element = '',
    readonly type: FaultType = 'ValidationFault',
    readonly status = 400,
  ) {
    super(message);
  }
}

const inactiveDetail =
  "Object Not Found : Something you're trying to use has been made inactive. Check the fields with accounts, customers, items, vendors or employees.";

export const fault = {
  objectNotFound: (detail = inactiveDetail) => new QboFault('610', 'Object Not Found', detail),
  deletedTransaction: () => new QboFault('610', 'Object Not Found', 'Object Not Found : Another user has deleted this transaction.'),
  invalidReference: (id: string, element = '') =>
    new QboFault('2500', 'Invalid Reference Id', `Invalid Reference Id : Names element id ${id} not found`, element),
  categoryItemOnLine: (id: string) =>
    new QboFault('2500', 'Invalid Reference Id', `Invalid Reference Id : Item ${id} is set up as a category and cannot be used on a transaction line.`, 'Line.SalesItemLineDetail.ItemRef'),
  unsupportedProperty: (property: string, entity: string) =>
    new QboFault(
      '2010',
      'Request has invalid or unsupported property',
      `Property Name:Unrecognized field "${property}" (class com.intuit.schema.finance.v3.${entity}), not marked as ignorable specified is unsupported or invalid`,
    ),
  malformedBody: (why: string) => new QboFault('2010', 'Request has invalid or unsupported property', `Property Name:${why} specified is unsupported or invalid`),
  requiredParam: (name: string, element = '') =>
    new QboFault('2020', 'Required param missing, need to supply the required value for the API', `Required parameter ${name} is missing in the request`, element),
  stringTooLong: (element: string, max: number, length: number) =>
    new QboFault('2050', 'String length is either shorter or longer than supported by specification', `String length specified does not match the supported length. Min:0 Max:${max} supported. Supplied length:${length}`, element),
  invalidEnumeration: (element: string, value: string) =>
    new QboFault('2170', 'Invalid Enumeration', `Invalid Enumeration : ${value}`, element),
  queryParse: (detail: string) => new QboFault('4000', 'Error parsing query', `QueryParserError: ${detail}`),
  queryInvalid: (detail: string) => new QboFault('4001', 'Invalid query', `QueryValidationError: ${detail}`),
  notQueryable: (property: string) => new QboFault('4001', 'Invalid query', `QueryValidationError: property '${property}' is not queryable`),
  staleObject: () =>
    new QboFault(
      '5010',
      'Stale Object Error',
      'Stale Object Error : You and QuickBooks Emulator were working on this at the same time. QuickBooks Emulator finished before you did, so your work was not saved.',
    ),
  business: (detail: string, element = '') =>
    new QboFault('6000', 'A business validation error has occurred while processing your request', `Business Validation Error: ${detail}`, element),
  amountMismatch: (supplied: string) =>
    new QboFault('6070', 'Amount is not equal to UnitPrice * Qty', `Amount is not equal to UnitPrice * Qty. Supplied value:${supplied}`, 'Line.Amount'),
  duplicateDocNumber: (docNumber: string) =>
    new QboFault('6140', 'Duplicate Document Number Error', `Duplicate Document Number Error : You must specify a different number. This number has already been used. DocNumber=${docNumber}`),
  duplicateName: () =>
    new QboFault('6240', 'Duplicate Name Exists Error', 'The name supplied already exists. : Another customer, vendor or employee is already using this name. Please use a different name.'),
  unsupportedOperation: (detail: string) => new QboFault('500', 'Unsupported Operation', `Operation ${detail} is not supported.`),
  systemError: () =>
    new QboFault('10000', 'An application error has occurred while processing your request', 'System Failure Error: An unexpected error occurred while accessing or saving your data. Please wait a few minutes and try again. If the problem persists, contact customer support.', '', 'SystemFault', 500),
};
