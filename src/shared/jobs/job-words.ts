import type { JobFieldName } from '../events/model';

/** The words for a job's fields and urgency that the console's pages and the core's job history both write. */

export const JOB_FIELD_NAMES: Record<JobFieldName, string> = {
  customerName: 'Customer',
  phone: 'Phone',
  address: 'Address',
  preferredTime: 'Time',
  description: 'Job',
  price: 'Price',
  urgency: 'Urgency',
  notes: 'Notes from the call',
};

export const URGENCY_NAMES = { emergency: 'Emergency', soon: 'Soon', routine: 'Routine' } as const;
