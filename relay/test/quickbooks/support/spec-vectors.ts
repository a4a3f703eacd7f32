/** The webhook test vectors of shared/specs/quickbooks-online.md §10, byte for byte. */

export const SPEC_VERIFIER_TOKEN = 'f1a2b3c4-d5e6-4789-8abc-def012345678';

export const LEGACY_VECTOR = {
  body: '{"eventNotifications":[{"realmId":"9130355555555555","dataChangeEvent":{"entities":[{"name":"Invoice","id":"1042","operation":"Create","lastUpdated":"2026-09-01T14:03:12.000Z"},{"name":"Payment","id":"1043","operation":"Create","lastUpdated":"2026-09-01T14:05:40.000Z"}]}}]}',
  signature: 'hy/qBxmI2sXVg26ikorS/2t0JvVJPb3QlRQQfi8fukI=',
};

export const CLOUD_EVENTS_VECTOR = {
  body: '[{"specversion":"1.0","id":"7a0e6f4c-2b9d-4c61-9a55-3f1f0c2d9e10","source":"intuit.qbo","type":"qbo.invoice.created.v1","datacontenttype":"application/json","time":"2026-09-01T14:03:12.000Z","intuitentityid":"1042","intuitaccountid":"9130355555555555","data":{}}]',
  signature: 'TcDbmXx6ziY44zBL6bHKeoS5VYNxp3B1mcCC1PBSPjg=',
};
