import { catalogV1 } from '@thuocdo/proto';
import { fieldOf } from '@thuocdo/testing/src/domain-fixtures';
import { decodeRequest } from './json-codec';

describe('REST requests from query strings', () => {
  const EXPORT = 'thuocdo.catalog.v1.ExportWorkItemsRequest';

  it('reads fields of a nested message by their path, as grpc-gateway does', () => {
    const r = decodeRequest(EXPORT, {
      query: { 'filter.code_prefix': 'C.', 'filter.groups': ['WORK_ITEM_GROUP_C', 'WORK_ITEM_GROUP_D'], 'filter.query': 'tham dinh' },
      path: {},
    }) as unknown as catalogV1.ExportWorkItemsRequest;
    expect(r.filter).toMatchObject({
      codePrefix: 'C.',
      query: 'tham dinh',
      groups: [catalogV1.WorkItemGroup.WORK_ITEM_GROUP_C, catalogV1.WorkItemGroup.WORK_ITEM_GROUP_D],
      pageSize: 0,
    });
  });

  it('names an unknown path, a path through a field that is not a message, and a message given whole in the query', () => {
    expect(fieldOf(() => decodeRequest(EXPORT, { query: { 'filter.nope': 'x' }, path: {} }))).toBe('filter.nope');
    expect(fieldOf(() => decodeRequest(EXPORT, { query: { 'nope.query': 'x' }, path: {} }))).toBe('nope.query');
    expect(fieldOf(() => decodeRequest('thuocdo.catalog.v1.ListWorkItemsRequest', { query: { 'query.x': 'y' }, path: {} }))).toBe(
      'query.x',
    );
    expect(fieldOf(() => decodeRequest(EXPORT, { query: { filter: 'x' }, path: {} }))).toBe('filter');
  });
});
