import type { Metadata } from '@grpc/grpc-js';
import { todayInVietnam } from '@thuocdo/kit';
import { objectivesV1 } from '@thuocdo/proto';
import { insecure, unary } from '@thuocdo/service';
import { agencyId, officialId, stableUuid, unitId } from './demo-province';

const { ObjectiveLevel: Level, Commitment, KeyResultKind: Kind, Direction, SourceKind } = objectivesV1;

interface DemoKeyResult {
  title: string;
  kind: objectivesV1.KeyResultKind;
  unit: string;
  start: number;
  target: number;
  direction?: objectivesV1.Direction;
  weight?: number;
  /** Values reported, oldest first, with confidence and comment; spread over the weeks before today. */
  checkIns: [number, number, string][];
}

interface DemoObjective {
  key: string;
  level: objectivesV1.ObjectiveLevel;
  node: string;
  owner: string;
  title: string;
  parent?: string;
  aspirational?: boolean;
  source?: objectivesV1.ObjectiveSource;
  keyResults?: DemoKeyResult[];
}

/** The demo's objectives of the year, from the province down to two officials (by the names of demo-province.ts). */
const OBJECTIVES: DemoObjective[] = [
  {
    key: 'tinh-cds',
    level: Level.OBJECTIVE_LEVEL_TENANT,
    node: '',
    owner: 'Trần Quốc Hưng',
    title: 'Chuyển đổi số toàn diện hoạt động của các cơ quan nhà nước tỉnh',
    source: {
      kind: SourceKind.SOURCE_KIND_RESOLUTION,
      number: '57-NQ/TW',
      date: '2024-12-22',
      title: 'Đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia',
    },
  },
  {
    key: 'tinh-phuc-vu',
    level: Level.OBJECTIVE_LEVEL_TENANT,
    node: '',
    owner: 'Trần Quốc Hưng',
    title: 'Người dân và doanh nghiệp hài lòng với dịch vụ hành chính công',
    aspirational: true,
    keyResults: [
      {
        title: 'Chỉ số hài lòng của người dân (SIPAS)',
        kind: Kind.KEY_RESULT_KIND_PERCENT,
        unit: '%',
        start: 82,
        target: 92,
        checkIns: [
          [85, 0.6, 'Kết quả khảo sát quý I'],
          [87, 0.6, 'Kết quả khảo sát quý II'],
        ],
      },
    ],
  },
  {
    key: 'snv-so-hoa',
    level: Level.OBJECTIVE_LEVEL_AGENCY,
    node: 'SNV',
    owner: 'Phan Thị Thanh Hương',
    title: 'Hoàn thành số hoá hồ sơ cán bộ, công chức toàn tỉnh',
    parent: 'tinh-cds',
    source: { kind: SourceKind.SOURCE_KIND_PLAN, number: '', date: '', title: 'Kế hoạch chuyển đổi số của Sở Nội vụ năm nay' },
    keyResults: [
      {
        title: 'Tỷ lệ hồ sơ cán bộ được số hoá',
        kind: Kind.KEY_RESULT_KIND_PERCENT,
        unit: '%',
        start: 20,
        target: 100,
        weight: 2,
        checkIns: [
          [45, 0.7, 'Xong khối sở, ngành'],
          [70, 0.8, 'Xong 30 xã, phường'],
        ],
      },
      {
        title: 'Số ngày xử lý hồ sơ tuyển dụng',
        kind: Kind.KEY_RESULT_KIND_NUMBER,
        unit: 'ngày',
        start: 30,
        target: 15,
        direction: Direction.DIRECTION_DECREASING,
        checkIns: [[24, 0.6, 'Áp dụng quy trình điện tử']],
      },
    ],
  },
  {
    key: 'stc-giai-ngan',
    level: Level.OBJECTIVE_LEVEL_AGENCY,
    node: 'STC',
    owner: 'Đặng Văn Khoa',
    title: 'Giải ngân vốn đầu tư công đúng tiến độ',
    parent: 'tinh-cds',
    keyResults: [
      {
        title: 'Tỷ lệ giải ngân kế hoạch vốn được giao',
        kind: Kind.KEY_RESULT_KIND_PERCENT,
        unit: '%',
        start: 0,
        target: 95,
        checkIns: [
          [30, 0.7, ''],
          [58, 0.7, 'Chậm ở hai dự án giao thông'],
        ],
      },
    ],
  },
  {
    key: 'skhcn-nen-tang',
    level: Level.OBJECTIVE_LEVEL_AGENCY,
    node: 'SKHCN',
    owner: 'Lý Gia Huy',
    title: 'Vận hành nền tảng dữ liệu dùng chung của tỉnh',
    parent: 'tinh-cds',
    keyResults: [
      { title: 'Nền tảng đưa vào vận hành chính thức', kind: Kind.KEY_RESULT_KIND_MILESTONE, unit: '', start: 0, target: 1, checkIns: [] },
      {
        title: 'Số cơ sở dữ liệu chuyên ngành kết nối',
        kind: Kind.KEY_RESULT_KIND_NUMBER,
        unit: 'cơ sở dữ liệu',
        start: 0,
        target: 12,
        checkIns: [
          [5, 0.8, ''],
          [8, 0.8, 'Đã kết nối dữ liệu đất đai'],
        ],
      },
    ],
  },
  {
    key: 'tcbm-vtvl',
    level: Level.OBJECTIVE_LEVEL_UNIT,
    node: 'SNV/TCBM',
    owner: 'Phạm Quốc Bảo',
    title: 'Chuẩn hoá danh mục vị trí việc làm của các cơ quan',
    parent: 'snv-so-hoa',
    keyResults: [
      {
        title: 'Số cơ quan có danh mục vị trí việc làm được phê duyệt',
        kind: Kind.KEY_RESULT_KIND_NUMBER,
        unit: 'cơ quan',
        start: 0,
        target: 51,
        checkIns: [
          [20, 0.7, ''],
          [34, 0.8, 'Còn 17 xã, phường'],
        ],
      },
    ],
  },
  {
    key: 'ha-tham-dinh',
    level: Level.OBJECTIVE_LEVEL_INDIVIDUAL,
    node: 'Võ Thị Thu Hà',
    owner: 'Võ Thị Thu Hà',
    title: 'Thẩm định đề án vị trí việc làm đúng hạn',
    parent: 'tcbm-vtvl',
    keyResults: [
      {
        title: 'Số đề án thẩm định xong',
        kind: Kind.KEY_RESULT_KIND_NUMBER,
        unit: 'đề án',
        start: 0,
        target: 20,
        checkIns: [
          [9, 0.8, ''],
          [14, 0.9, ''],
        ],
      },
    ],
  },
  {
    key: 'lan-luu-tru',
    level: Level.OBJECTIVE_LEVEL_INDIVIDUAL,
    node: 'Nguyễn Thị Lan',
    owner: 'Nguyễn Thị Lan',
    title: 'Số hoá hồ sơ lưu trữ của Văn phòng Sở',
    parent: 'snv-so-hoa',
    keyResults: [
      {
        title: 'Số hồ sơ lưu trữ được số hoá',
        kind: Kind.KEY_RESULT_KIND_NUMBER,
        unit: 'hồ sơ',
        start: 0,
        target: 1200,
        checkIns: [
          [400, 0.7, ''],
          [750, 0.7, 'Thiếu máy quét trong tháng 9'],
        ],
      },
    ],
  },
];

const nodeOf = (o: DemoObjective) => {
  if (o.level === Level.OBJECTIVE_LEVEL_AGENCY) return agencyId(o.node);
  if (o.level === Level.OBJECTIVE_LEVEL_UNIT) return unitId(...(o.node.split('/') as [string, string]));
  if (o.level === Level.OBJECTIVE_LEVEL_INDIVIDUAL) return officialId(o.node);
  return '';
};

/** `n` weeks before today, not before the year began. */
const weeksAgo = (today: string, n: number) => {
  const d = new Date(Date.parse(`${today}T00:00:00Z`) - n * 7 * 86_400_000).toISOString().slice(0, 10);
  return d < `${today.slice(0, 4)}-01-01` ? `${today.slice(0, 4)}-01-01` : d;
};

/**
 * The demo's objectives and key results of this year, with their check-ins: created when
 * missing (recognised by title within the year), the check-ins of a key result not yet reported
 * sent with request ids derived from it, so that a second run changes nothing. Answers how many
 * objectives there are.
 */
export async function seedObjectives(catalogAddress: string, md: () => Metadata, log: (m: string) => void = () => {}): Promise<number> {
  const client = new objectivesV1.ObjectiveServiceClient(catalogAddress, insecure());
  const today = todayInVietnam();
  const period = { year: Number(today.slice(0, 4)), quarter: 0 };
  try {
    const existing = new Map<string, objectivesV1.Objective>();
    let pageToken = '';
    do {
      const page = await unary<objectivesV1.ListObjectivesResponse>((cb) =>
        client.listObjectives(objectivesV1.ListObjectivesRequest.fromPartial({ period, all: true, pageSize: 1000, pageToken }), md(), cb),
      );
      for (const o of page.objectives) existing.set(o.title, o);
      pageToken = page.nextPageToken;
    } while (pageToken);
    const ids = new Map<string, string>();
    let checkIns = 0;
    for (const o of OBJECTIVES) {
      let objective = existing.get(o.title);
      if (!objective) {
        ({ objective } = await unary<objectivesV1.CreateObjectiveResponse>((cb) =>
          client.createObjective(
            objectivesV1.CreateObjectiveRequest.fromPartial({
              fields: {
                level: o.level,
                nodeId: nodeOf(o),
                ownerOfficialId: officialId(o.owner),
                title: o.title,
                parentId: o.parent ? ids.get(o.parent) : '',
                source: o.source,
                commitment: o.aspirational ? Commitment.COMMITMENT_ASPIRATIONAL : Commitment.COMMITMENT_COMMITTED,
                period,
              },
            }),
            md(),
            cb,
          ),
        ));
      }
      ids.set(o.key, objective!.id);
      const { keyResults } = await unary<objectivesV1.GetObjectiveResponse>((cb) => client.getObjective({ id: objective!.id }, md(), cb));
      for (const kr of o.keyResults ?? []) {
        let keyResult = keyResults.find((k) => k.title === kr.title);
        if (!keyResult)
          ({ keyResult } = await unary<objectivesV1.CreateKeyResultResponse>((cb) =>
            client.createKeyResult(
              objectivesV1.CreateKeyResultRequest.fromPartial({
                objectiveId: objective!.id,
                fields: {
                  title: kr.title,
                  kind: kr.kind,
                  measureUnit: kr.unit,
                  start: kr.start,
                  target: kr.target,
                  direction: kr.direction ?? Direction.DIRECTION_INCREASING,
                  weight: kr.weight ?? 1,
                },
              }),
              md(),
              cb,
            ),
          ));
        // Reported already (an earlier run): its dates were relative to that day.
        if (keyResult!.lastCheckInDate) continue;
        for (const [i, [value, confidence, comment]] of kr.checkIns.entries()) {
          await unary((cb) =>
            client.checkInKeyResult(
              {
                keyResultId: keyResult!.id,
                value,
                confidence,
                comment,
                checkInDate: weeksAgo(today, (kr.checkIns.length - i) * 4),
                requestId: stableUuid(`okr-check-in:${period.year}:${kr.title}:${i}`),
              },
              md(),
              cb,
            ),
          );
          checkIns++;
        }
      }
    }
    log(`objectives of ${period.year}: ${OBJECTIVES.length} objectives, their key results and ${checkIns} check-ins in place`);
    return OBJECTIVES.length;
  } finally {
    client.close();
  }
}
