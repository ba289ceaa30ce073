// Answers of the gateway the catalog's component tests share.

/** A work item as the gateway answers it, published unless said otherwise. */
export const workItem = (over: Record<string, unknown> = {}) => ({
  id: 'w-b03',
  tenant_id: 't',
  code: 'B.03',
  name: 'Báo cáo tháng',
  product_unit: 'báo cáo',
  standard_minutes: 240,
  create_time: '2026-01-05T02:00:00Z',
  group: 'WORK_ITEM_GROUP_B',
  sector: 'Tổng hợp',
  product: 'Báo cáo định kỳ',
  complexity_group: 'N3',
  difficulty: { min_hundredths: 80, max_hundredths: 150 },
  urgency: { min_hundredths: 100, max_hundredths: 120 },
  position_categories: ['POSITION_CATEGORY_SPECIALIST'],
  agency_id: '',
  status: 'WORK_ITEM_STATUS_PUBLISHED',
  revision: 2,
  effective_from: '2026-03-01',
  effective_to: '',
  published_revision: 2,
  created: { by: 'kha', time: '2026-01-05T02:00:00Z' },
  submitted: { by: 'kha', time: '2026-02-20T02:00:00Z' },
  approved: { by: 'admin', time: '2026-02-25T02:00:00Z' },
  retired: null,
  return_reason: '',
  version: 7,
  update_time: '2026-02-25T02:00:00Z',
  ...over,
});

export const whoAmI = (grants: { role: string; node_kind?: string; node_id?: string }[] = []) => ({
  tenant_id: 't',
  client_id: '',
  official: null,
  memberships: [],
  role_grants: grants.map((g, i) => ({
    id: `g${i}`,
    node_kind: 'ORG_NODE_KIND_TENANT',
    node_id: '',
    valid_from: '2026-01-01',
    valid_to: '',
    ...g,
  })),
  names: [],
});
