/**
 * The agencies of the province-scale demo, modelled on Khánh Hòa after the 2025 reorganisation:
 * 16 departments (sở, ban, ngành), 10 public service units and 25 UBND of wards, communes and the
 * Trường Sa special zone, each with its units and job positions, and how many officials it has
 * (7,000 in all). province-generator.ts fills the seats with people. The small demo's agencies
 * and units (demo-province.ts) appear here with the same codes and names.
 */
import type { AgencySpec, ConcurrentSource, PositionCategory, PositionSpec, UnitSpec } from './province-generator';
import type { Community } from './vietnamese-names';

// ---------------------------------------------------------------------------------------------
// Job positions.

const head = (key: string, title: string, female = 0.3): PositionSpec => ({
  key,
  title,
  category: 'LEADERSHIP',
  leadership: true,
  seats: 1,
  weight: 0,
  female,
  role: 'head',
});

const deputy = (key: string, title: string, seats: number, female = 0.35): PositionSpec => ({
  key,
  title,
  category: 'LEADERSHIP',
  leadership: true,
  seats,
  weight: 0,
  female,
});

const staff = (
  key: string,
  title: string,
  weight: number,
  o: { category?: PositionCategory; female?: number; min?: number; role?: PositionSpec['role'] } = {},
): PositionSpec => ({
  key,
  title,
  category: o.category ?? 'SPECIALIST',
  leadership: false,
  seats: 0,
  weight,
  female: o.female ?? 0.5,
  min: o.min,
  role: o.role,
});

const shared = (key: string, title: string, weight: number, female = 0.6) =>
  staff(key, title, weight, { category: 'SHARED_SPECIALIST', female });
const support = (key: string, title: string, weight: number, female: number) => staff(key, title, weight, { category: 'SUPPORT', female });

/** The agency's HR officer: hr_admin over the agency. */
const hrOfficer = (title = 'Chuyên viên tổ chức cán bộ') =>
  staff('TCCB', title, 0.5, { category: 'SHARED_SPECIALIST', female: 0.6, min: 1, role: 'hr' });

/** What a specialist office works on, from its name ("Phòng Quản lý ngân sách" → "quản lý ngân sách"). */
const field = (name: string) => name.replace(/^(Phòng|Ban|Chi cục|Trung tâm) /, '').toLowerCase();

// ---------------------------------------------------------------------------------------------
// Units.

type Extra = Partial<Pick<UnitSpec, 'children' | 'people' | 'headHeldBy' | 'servedBy' | 'servedByDepartments' | 'service'>> & {
  weight?: number;
};

const unit = (code: string, name: string, positions: PositionSpec[], weight: number, extra: Extra = {}): UnitSpec => ({
  code,
  name,
  positions,
  ...extra,
  weight: extra.weight ?? weight,
});

/** A leadership board: its head leads the agency (or the province), the deputies beside. */
const board = (
  code: string,
  name: string,
  headTitle: string,
  deputyTitle: string,
  deputies: number,
  o: { province?: boolean; cadre?: boolean; people?: [string, string][] } = {},
): UnitSpec => ({
  code,
  name,
  positions: [head('TRG', headTitle, 0.2), deputy('PHO', deputyTitle, deputies, 0.25)],
  weight: 0,
  board: o.province ? 'province' : 'agency',
  cadre: o.cadre,
  people: o.people,
});

/** The office (văn phòng, phòng hành chính): general affairs, HR, accounts, records, drivers, guards. */
const office = (code: string, name: string, weight: number, o: Extra & { headTitle?: string; deputyTitle?: string; hr?: boolean } = {}) =>
  unit(
    code,
    name,
    [
      head('TRG', o.headTitle ?? 'Chánh Văn phòng', 0.4),
      deputy('PHO', o.deputyTitle ?? 'Phó Chánh Văn phòng', 1, 0.5),
      staff('CVTH', 'Chuyên viên tổng hợp', 3),
      ...(o.hr === false ? [] : [hrOfficer()]),
      shared('KT', 'Kế toán', 1, 0.8),
      shared('VT', 'Văn thư', 1, 0.85),
      support('LX', 'Nhân viên lái xe', 0.8, 0.02),
      support('BV', 'Nhân viên bảo vệ', 0.6, 0.05),
      support('PV', 'Nhân viên phục vụ', 0.4, 0.9),
    ],
    weight,
    o,
  );

/** A specialist office (phòng chuyên môn). */
const dept = (code: string, name: string, weight: number, o: Extra & { deputies?: number; field?: string; headTitle?: string } = {}) =>
  unit(
    code,
    name,
    [
      head('TRG', o.headTitle ?? 'Trưởng phòng'),
      deputy('PHO', `Phó ${o.headTitle ?? 'Trưởng phòng'}`, o.deputies ?? 1),
      staff('CVC', `Chuyên viên chính về ${o.field ?? field(name)}`, 1),
      staff('CV', `Chuyên viên về ${o.field ?? field(name)}`, 3),
    ],
    weight,
    o,
  );

/** A branch with its own units (chi cục, ban, trung tâm): a head, deputies, a few specialists of its own. */
const branch = (
  code: string,
  name: string,
  headTitle: string,
  weight: number,
  children: UnitSpec[],
  o: Extra & { deputies?: number; staffTitle?: string } = {},
) =>
  unit(
    code,
    name,
    [
      head('TRG', headTitle),
      deputy('PHO', `Phó ${headTitle}`, o.deputies ?? 1),
      staff('CV', o.staffTitle ?? (o.service ? 'Viên chức chuyên môn' : 'Chuyên viên'), 1),
    ],
    weight,
    { ...o, children },
  );

/** A public service centre inside an agency (viên chức). */
const centre = (code: string, name: string, weight: number, children: UnitSpec[], o: Extra = {}) =>
  branch(code, name, 'Giám đốc', weight, children, { ...o, service: true, staffTitle: 'Viên chức chuyên môn' });

/** A team (tổ, đội, trạm, hạt, bộ phận) of a unit. */
const team = (code: string, name: string, headTitle: string, staffTitle: string, weight: number, o: Extra & { female?: number } = {}) =>
  unit(code, name, [head('TRG', headTitle, o.female ?? 0.3), staff('NV', staffTitle, 1, { female: o.female ?? 0.5 })], weight, o);

/** A hospital department (khoa lâm sàng). */
const ward = (code: string, name: string, weight: number, o: Extra = {}) =>
  unit(
    code,
    name,
    [
      head('TRG', 'Trưởng khoa', 0.3),
      deputy('PHO', 'Phó Trưởng khoa', 1, 0.4),
      deputy('DDT', 'Điều dưỡng trưởng khoa', 1, 0.85),
      staff('BS', 'Bác sĩ', 3, { female: 0.45 }),
      staff('DD', 'Điều dưỡng', 6, { female: 0.85 }),
      support('HL', 'Hộ lý', 1, 0.85),
    ],
    weight,
    o,
  );

/** A unit within a hospital department (đơn vị). */
const clinic = (code: string, name: string, weight: number) =>
  unit(
    code,
    name,
    [head('TRG', 'Trưởng đơn vị', 0.35), staff('BS', 'Bác sĩ', 1, { female: 0.45 }), staff('DD', 'Điều dưỡng', 3, { female: 0.85 })],
    weight,
  );

/** A paraclinical hospital department (xét nghiệm, chẩn đoán hình ảnh…). */
const lab = (code: string, name: string, weight: number, o: Extra & { techTitle?: string } = {}) =>
  unit(
    code,
    name,
    [
      head('TRG', 'Trưởng khoa', 0.4),
      deputy('PHO', 'Phó Trưởng khoa', 1, 0.5),
      deputy('KTVT', 'Kỹ thuật viên trưởng', 1, 0.5),
      staff('BS', 'Bác sĩ', 2, { female: 0.5 }),
      staff('KTV', o.techTitle ?? 'Kỹ thuật viên', 5, { female: 0.6 }),
    ],
    weight,
    o,
  );

/** A faculty of a college or university, with its subject groups (bộ môn). */
const faculty = (code: string, name: string, weight: number, subjects: [string, string][], o: Extra = {}) =>
  unit(
    code,
    name,
    [
      head('TRG', 'Trưởng khoa', 0.4),
      deputy('PHO', 'Phó Trưởng khoa', 1, 0.5),
      staff('GVC', 'Giảng viên chính', 1, { female: 0.45 }),
      staff('GV', 'Giảng viên', 1, { female: 0.55 }),
      shared('GVU', 'Chuyên viên giáo vụ khoa', 0.5, 0.8),
    ],
    weight,
    {
      ...o,
      children: subjects.map(([c, n]) =>
        unit(
          c,
          n,
          [head('TRG', 'Trưởng bộ môn', 0.45), staff('GVC', 'Giảng viên chính', 1), staff('GV', 'Giảng viên', 3, { female: 0.55 })],
          1,
        ),
      ),
    },
  );

// ---------------------------------------------------------------------------------------------
// Agencies.

const departmentBoard = (deputies = 3, people?: [string, string][]) =>
  board('BGD', 'Ban Giám đốc', 'Giám đốc', 'Phó Giám đốc', deputies, { people });

/** A department (sở): its board, its office and its specialist units. */
const department = (
  code: string,
  name: string,
  domain: string,
  size: number,
  units: UnitSpec[],
  o: { board?: UnitSpec; office?: UnitSpec; secondsFrom?: string } = {},
): AgencySpec => ({
  code,
  name,
  kind: 'DEPARTMENT',
  domain,
  size,
  secondsFrom: o.secondsFrom,
  units: [o.board ?? departmentBoard(), o.office ?? office('VP', 'Văn phòng Sở', 3), ...units],
});

const psu = (code: string, name: string, domain: string, size: number, units: UnitSpec[]): AgencySpec => ({
  code,
  name,
  kind: 'PUBLIC_SERVICE_UNIT',
  domain,
  size,
  units,
});

/**
 * UBND of a ward, a commune or the special zone, as the two-level local government of 2025 has
 * them: its leaders (cán bộ), the office of the People's Council and Committee, the economic and
 * the cultural-social offices, the public administration centre (headed by a vice-chair) and
 * the general services centre.
 */
function commune(
  code: string,
  level: 'phường' | 'xã' | 'đặc khu',
  place: string,
  domain: string,
  size: number,
  o: { community?: Community; people?: Record<string, [string, string][]> } = {},
): AgencySpec {
  const urban = level === 'phường';
  const vp: ConcurrentSource = { unit: 'VP', position: 'CVTH', holders: [0] };
  return {
    code,
    name: `UBND ${level} ${place}`,
    kind: 'COMMUNE',
    domain,
    size,
    community: o.community,
    units: [
      board('LD', `Lãnh đạo UBND ${level}`, `Chủ tịch UBND ${level}`, `Phó Chủ tịch UBND ${level}`, 2, { cadre: true }),
      office('VP', 'Văn phòng HĐND và UBND', 3, { hr: false }),
      unit(
        'KT',
        urban ? 'Phòng Kinh tế, Hạ tầng và Đô thị' : 'Phòng Kinh tế',
        [
          head('TRG', 'Trưởng phòng'),
          deputy('PHO', 'Phó Trưởng phòng', 1),
          staff('CVKT', 'Chuyên viên kinh tế - tài chính', 2),
          staff('CVDC', 'Chuyên viên địa chính - xây dựng', 2, { female: 0.3 }),
          urban ? staff('CVDT', 'Chuyên viên quản lý đô thị - môi trường', 2) : staff('CVNN', 'Chuyên viên nông nghiệp - môi trường', 2),
        ],
        3,
      ),
      unit(
        'VHXH',
        'Phòng Văn hóa - Xã hội',
        [
          head('TRG', 'Trưởng phòng'),
          deputy('PHO', 'Phó Trưởng phòng', 1),
          staff('TCCB', 'Chuyên viên nội vụ', 0.5, { category: 'SHARED_SPECIALIST', female: 0.6, min: 1, role: 'hr' }),
          staff('CVVH', 'Chuyên viên văn hóa - thông tin', 2),
          staff('CVXH', 'Chuyên viên lao động - xã hội', 2, { female: 0.6 }),
          staff('CVGD', 'Chuyên viên giáo dục - y tế', 1, { female: 0.6 }),
        ],
        3,
        { people: o.people?.VHXH },
      ),
      unit(
        'PVHCC',
        'Trung tâm Phục vụ hành chính công',
        [
          head('TRG', 'Giám đốc Trung tâm'),
          deputy('PHO', 'Phó Giám đốc Trung tâm', 1, 0.5),
          staff('CVTN', 'Chuyên viên tiếp nhận và trả kết quả', 1),
        ],
        1,
        {
          // The second vice-chair heads the centre; an office and a land officer also work there.
          headHeldBy: { unit: 'LD', position: 'PHO', holders: [1] },
          servedBy: [
            { ...vp, as: 'CVTN' },
            { unit: 'KT', position: 'CVDC', holders: [0], as: 'CVTN' },
          ],
        },
      ),
      unit(
        'DVTH',
        'Trung tâm Dịch vụ tổng hợp',
        [head('TRG', 'Giám đốc Trung tâm'), deputy('PHO', 'Phó Giám đốc Trung tâm', 1), shared('KT', 'Kế toán', 1, 0.8)],
        0.1,
        {
          service: true,
          children: [
            urban
              ? team('DTMT', 'Tổ Đô thị - Môi trường', 'Tổ trưởng', 'Viên chức kỹ thuật', 1, { female: 0.3 })
              : team('NNMT', 'Tổ Nông nghiệp - Môi trường', 'Tổ trưởng', 'Viên chức khuyến nông', 1, { female: 0.35 }),
            team('VHTT', 'Tổ Văn hóa - Thể thao', 'Tổ trưởng', 'Viên chức văn hóa - thể thao', 1),
          ],
        },
      ),
    ],
  };
}

const hospitalWards: UnitSpec[] = [
  ward('KKB', 'Khoa Khám bệnh', 5),
  ward('CC', 'Khoa Cấp cứu', 4),
  ward('HSTC', 'Khoa Hồi sức tích cực - Chống độc', 3, { children: [clinic('LM', 'Đơn vị Lọc máu', 1)] }),
  ward('NTH', 'Khoa Nội tổng hợp', 4),
  ward('NTM', 'Khoa Nội tim mạch', 3, {
    children: [clinic('CTTM', 'Đơn vị Can thiệp tim mạch', 1)],
    headHeldBy: { unit: 'BGD', position: 'PHO', holders: [1] },
  }),
  ward('NTK', 'Khoa Nội thần kinh', 3, { children: [clinic('DQ', 'Đơn vị Đột quỵ', 1)] }),
  ward('NTIET', 'Khoa Nội tiết', 2),
  ward('NGTH', 'Khoa Ngoại tổng hợp', 4, { headHeldBy: { unit: 'BGD', position: 'PHO', holders: [0] } }),
  ward('CTCH', 'Khoa Chấn thương chỉnh hình', 3),
  ward('NGTK', 'Khoa Ngoại thần kinh', 2),
  ward('PS', 'Khoa Phụ sản', 4),
  ward('NHI', 'Khoa Nhi', 4, { children: [clinic('SS', 'Đơn vị Sơ sinh', 1.5)] }),
  ward('UB', 'Khoa Ung bướu', 3),
  ward('GMHS', 'Khoa Gây mê hồi sức', 4),
  ward('TMH', 'Khoa Tai Mũi Họng', 2),
  ward('MAT', 'Khoa Mắt', 2),
  ward('RHM', 'Khoa Răng Hàm Mặt', 1.5),
  ward('YHCT', 'Khoa Y học cổ truyền', 1.5),
  ward('TN', 'Khoa Truyền nhiễm', 2),
  lab('XN', 'Khoa Xét nghiệm', 3, {
    techTitle: 'Kỹ thuật viên xét nghiệm',
    children: [
      team('HH', 'Tổ Huyết học', 'Tổ trưởng', 'Kỹ thuật viên xét nghiệm', 1, { female: 0.65 }),
      team('HS', 'Tổ Hóa sinh', 'Tổ trưởng', 'Kỹ thuật viên xét nghiệm', 1, { female: 0.65 }),
      team('VS', 'Tổ Vi sinh', 'Tổ trưởng', 'Kỹ thuật viên xét nghiệm', 1, { female: 0.65 }),
    ],
  }),
  lab('CDHA', 'Khoa Chẩn đoán hình ảnh', 3, {
    techTitle: 'Kỹ thuật viên hình ảnh',
    children: [team('CTMRI', 'Đơn vị CT - MRI', 'Trưởng đơn vị', 'Kỹ thuật viên hình ảnh', 1)],
  }),
  lab('GPB', 'Khoa Giải phẫu bệnh', 1),
  unit(
    'DUOC',
    'Khoa Dược',
    [head('TRG', 'Trưởng khoa Dược', 0.6), deputy('PHO', 'Phó Trưởng khoa Dược', 1, 0.6), staff('DS', 'Dược sĩ', 3, { female: 0.7 })],
    2,
  ),
  lab('DD', 'Khoa Dinh dưỡng', 1, { techTitle: 'Cử nhân dinh dưỡng' }),
  lab('KSNK', 'Khoa Kiểm soát nhiễm khuẩn', 1.5, { techTitle: 'Điều dưỡng kiểm soát nhiễm khuẩn' }),
];

export const PROVINCE_AGENCIES: AgencySpec[] = [
  // ---- Departments (sở, ban, ngành) ----------------------------------------------------------
  department(
    'VPUBND',
    'Văn phòng UBND tỉnh',
    'vpubnd',
    140,
    [
      dept('TH', 'Phòng Tổng hợp', 2),
      dept('KT', 'Phòng Kinh tế', 2),
      dept('KGVX', 'Phòng Khoa giáo - Văn xã', 2, { field: 'khoa giáo - văn xã' }),
      dept('NC', 'Phòng Nội chính', 1.5),
      office('HCTC', 'Phòng Hành chính - Tổ chức', 2, {
        headTitle: 'Trưởng phòng',
        deputyTitle: 'Phó Trưởng phòng',
        children: [team('VTLT', 'Tổ Văn thư - Lưu trữ', 'Tổ trưởng', 'Nhân viên văn thư - lưu trữ', 1, { female: 0.8 })],
      }),
      unit(
        'QTTV',
        'Phòng Quản trị - Tài vụ',
        [
          head('TRG', 'Trưởng phòng'),
          deputy('PHO', 'Phó Trưởng phòng', 1),
          shared('KT', 'Kế toán', 2, 0.8),
          shared('TQ', 'Thủ quỹ', 0.5, 0.8),
        ],
        1,
        { children: [team('DX', 'Đội Xe', 'Đội trưởng', 'Nhân viên lái xe', 1.5, { female: 0.02 })] },
      ),
      dept('BTCD', 'Ban Tiếp công dân tỉnh', 1, { headTitle: 'Trưởng ban', field: 'tiếp công dân' }),
      centre('TTCB', 'Trung tâm Thông tin - Công báo', 1, [
        team('CB', 'Phòng Công báo', 'Trưởng phòng', 'Biên tập viên', 1),
        team('TH', 'Phòng Tin học', 'Trưởng phòng', 'Kỹ sư công nghệ thông tin', 1, { female: 0.25 }),
      ]),
    ],
    {
      // The chair and vice-chairs of the Provincial People's Committee sit in its office's agency.
      board: board('BLDVP', 'Lãnh đạo Văn phòng', 'Chánh Văn phòng', 'Phó Chánh Văn phòng', 3),
      office: board('LD', 'Lãnh đạo UBND tỉnh', 'Chủ tịch UBND tỉnh', 'Phó Chủ tịch UBND tỉnh', 3, {
        province: true,
        cadre: true,
        people: [['Trần Quốc Hưng', 'TRG']],
      }),
      secondsFrom: 'HCTC',
    },
  ),
  department(
    'VPDDBQH-HDND',
    'Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân tỉnh',
    'vpdbqh-hdnd',
    55,
    [
      dept('CTQH', 'Phòng Công tác Quốc hội', 2, { field: 'công tác Quốc hội' }),
      dept('CTHDND', 'Phòng Công tác Hội đồng nhân dân', 2, { field: 'công tác Hội đồng nhân dân' }),
    ],
    {
      board: board('BLD', 'Lãnh đạo Văn phòng', 'Chánh Văn phòng', 'Phó Chánh Văn phòng', 2),
      office: office('HCTCQT', 'Phòng Hành chính - Tổ chức - Quản trị', 3, {
        headTitle: 'Trưởng phòng',
        deputyTitle: 'Phó Trưởng phòng',
        children: [team('LTPV', 'Tổ Lễ tân - Phục vụ', 'Tổ trưởng', 'Nhân viên lễ tân', 1, { female: 0.7 })],
      }),
      secondsFrom: 'HCTCQT',
    },
  ),
  department(
    'SNV',
    'Sở Nội vụ',
    'snv',
    170,
    [
      dept('TCBM', 'Phòng Tổ chức, biên chế', 2, {
        field: 'tổ chức, biên chế',
        people: [
          ['Phạm Quốc Bảo', 'TRG'],
          ['Võ Thị Thu Hà', 'CVC'],
        ],
      }),
      dept('CCVC', 'Phòng Công chức, viên chức', 2, { field: 'quản lý công chức, viên chức' }),
      dept('XDCQ', 'Phòng Xây dựng chính quyền và Công tác thanh niên', 1.5, { field: 'xây dựng chính quyền' }),
      dept('CCHC', 'Phòng Cải cách hành chính', 1.5),
      dept('LDVL', 'Phòng Lao động - Việc làm', 2, { field: 'lao động, việc làm' }),
      dept('NCC', 'Phòng Người có công', 1.5, { field: 'chính sách người có công' }),
      branch('CCVTLT', 'Chi cục Văn thư - Lưu trữ', 'Chi cục trưởng', 0.5, [
        dept('HCTH', 'Phòng Hành chính - Tổng hợp', 1),
        dept('QLVT', 'Phòng Quản lý văn thư, lưu trữ', 1, { field: 'văn thư, lưu trữ' }),
        team('LTLS', 'Trung tâm Lưu trữ lịch sử', 'Giám đốc Trung tâm', 'Lưu trữ viên', 2, { service: true, female: 0.7 }),
      ]),
      branch('BTDKT', 'Ban Thi đua - Khen thưởng', 'Trưởng ban', 0.5, [
        dept('HCTH', 'Phòng Hành chính - Tổng hợp', 1),
        dept('NV', 'Phòng Nghiệp vụ thi đua, khen thưởng', 1.5, { field: 'thi đua, khen thưởng' }),
      ]),
    ],
    {
      board: departmentBoard(3, [['Phan Thị Thanh Hương', 'TRG']]),
      office: office('VP', 'Văn phòng Sở', 3, {
        people: [
          ['Nguyễn Thị Lan', 'CVTH'],
          ['Trần Văn Hùng', 'CVTH'],
          ['Lê Minh Châu', 'CVTH'],
        ],
      }),
    },
  ),
  department('STC', 'Sở Tài chính', 'stc', 175, [
    dept('NS', 'Phòng Quản lý ngân sách', 2.5, {
      people: [
        ['Đặng Văn Khoa', 'CVC'],
        ['Huỳnh Thị Mai', 'CV'],
        ['Bùi Anh Tuấn', 'CV'],
      ],
    }),
    dept('GCS', 'Phòng Giá, công sản', 2, {
      field: 'quản lý giá, công sản',
      people: [
        ['Ngô Thị Hồng', 'CV'],
        ['Đỗ Minh Nhật', 'CVC'],
      ],
    }),
    dept('DT', 'Phòng Đầu tư', 2.5, { field: 'quản lý đầu tư công' }),
    dept('TCDN', 'Phòng Tài chính doanh nghiệp', 1.5),
    dept('DKKD', 'Phòng Đăng ký kinh doanh', 1.5),
    dept('THQH', 'Phòng Tổng hợp, quy hoạch', 2, { field: 'tổng hợp, quy hoạch' }),
    dept('HCSN', 'Phòng Tài chính hành chính sự nghiệp', 2),
    centre('HTDN', 'Trung tâm Hỗ trợ doanh nghiệp', 0.5, [
      team('HCTH', 'Phòng Hành chính - Tổng hợp', 'Trưởng phòng', 'Viên chức hành chính', 1),
      team('TVHT', 'Phòng Tư vấn, hỗ trợ doanh nghiệp', 'Trưởng phòng', 'Viên chức tư vấn', 1.5),
    ]),
  ]),
  department('STP', 'Sở Tư pháp', 'stp', 85, [
    dept('XDKTVB', 'Phòng Xây dựng và kiểm tra văn bản', 1.5, { field: 'xây dựng và kiểm tra văn bản' }),
    dept('PBGDPL', 'Phòng Phổ biến, giáo dục pháp luật', 1, { field: 'phổ biến, giáo dục pháp luật' }),
    dept('HCTP', 'Phòng Hành chính tư pháp', 1.5),
    dept('BTTP', 'Phòng Bổ trợ tư pháp', 1),
    centre('TGPL', 'Trung tâm Trợ giúp pháp lý nhà nước', 1, [
      team('HCTH', 'Phòng Hành chính - Tổng hợp', 'Trưởng phòng', 'Viên chức hành chính', 1),
      team('NV', 'Phòng Nghiệp vụ trợ giúp pháp lý', 'Trưởng phòng', 'Trợ giúp viên pháp lý', 2),
    ]),
  ]),
  department('SCT', 'Sở Công Thương', 'sct', 110, [
    dept('QLCN', 'Phòng Quản lý công nghiệp', 1.5),
    dept('QLTM', 'Phòng Quản lý thương mại', 1.5),
    dept('QLNL', 'Phòng Quản lý năng lượng', 1.5),
    dept('KTAT', 'Phòng Kỹ thuật an toàn - Môi trường', 1, { field: 'kỹ thuật an toàn - môi trường' }),
    centre('KCXT', 'Trung tâm Khuyến công và Xúc tiến thương mại', 1, [
      team('KC', 'Phòng Khuyến công', 'Trưởng phòng', 'Viên chức khuyến công', 1),
      team('XTTM', 'Phòng Xúc tiến thương mại', 'Trưởng phòng', 'Viên chức xúc tiến thương mại', 1),
    ]),
  ]),
  department(
    'SNNMT',
    'Sở Nông nghiệp và Môi trường',
    'snnmt',
    520,
    [
      dept('KHTC', 'Phòng Kế hoạch - Tài chính', 1.5, { field: 'kế hoạch - tài chính' }),
      dept('QLDD', 'Phòng Quản lý đất đai', 2),
      dept('MT', 'Phòng Môi trường', 1.5, { field: 'quản lý môi trường' }),
      dept('TNN', 'Phòng Tài nguyên nước, khoáng sản và biến đổi khí hậu', 1.5, { field: 'tài nguyên nước, khoáng sản' }),
      dept('TTBVTV', 'Phòng Trồng trọt và Bảo vệ thực vật', 1.5, { field: 'trồng trọt và bảo vệ thực vật' }),
      branch(
        'CCKL',
        'Chi cục Kiểm lâm',
        'Chi cục trưởng',
        0.5,
        [
          dept('HCTH', 'Phòng Hành chính - Tổng hợp', 1),
          dept('QLBVR', 'Phòng Quản lý, bảo vệ rừng', 1.5, { field: 'quản lý, bảo vệ rừng' }),
          unit(
            'HKLKV',
            'Hạt Kiểm lâm Khánh Vĩnh',
            [head('TRG', 'Hạt trưởng', 0.1), deputy('PHO', 'Phó Hạt trưởng', 1, 0.1), staff('KLV', 'Kiểm lâm viên', 2, { female: 0.12 })],
            2,
            {
              children: [
                team('SC', 'Trạm Kiểm lâm Sông Cầu', 'Trạm trưởng', 'Kiểm lâm viên', 2, { female: 0.1 }),
                team('LS', 'Trạm Kiểm lâm Liên Sang', 'Trạm trưởng', 'Kiểm lâm viên', 2, { female: 0.1 }),
              ],
            },
          ),
          unit(
            'HKLKS',
            'Hạt Kiểm lâm Khánh Sơn',
            [head('TRG', 'Hạt trưởng', 0.1), deputy('PHO', 'Phó Hạt trưởng', 1, 0.1), staff('KLV', 'Kiểm lâm viên', 2, { female: 0.12 })],
            2,
            { children: [team('ST', 'Trạm Kiểm lâm Sơn Thái', 'Trạm trưởng', 'Kiểm lâm viên', 2, { female: 0.1 })] },
          ),
          unit(
            'HKLVN',
            'Hạt Kiểm lâm Vạn Ninh',
            [head('TRG', 'Hạt trưởng', 0.1), deputy('PHO', 'Phó Hạt trưởng', 1, 0.1), staff('KLV', 'Kiểm lâm viên', 2, { female: 0.12 })],
            2,
          ),
          unit(
            'HKLBA',
            'Hạt Kiểm lâm Bác Ái',
            [head('TRG', 'Hạt trưởng', 0.1), deputy('PHO', 'Phó Hạt trưởng', 1, 0.1), staff('KLV', 'Kiểm lâm viên', 2, { female: 0.12 })],
            2,
          ),
        ],
        { deputies: 2 },
      ),
      branch('CCTS', 'Chi cục Thủy sản, Biển và Hải đảo', 'Chi cục trưởng', 0.5, [
        dept('HCTH', 'Phòng Hành chính - Tổng hợp', 1),
        dept('KTTS', 'Phòng Quản lý khai thác thủy sản', 1.5, { field: 'khai thác thủy sản' }),
        team('KN', 'Trạm Kiểm ngư Nha Trang', 'Trạm trưởng', 'Kiểm ngư viên', 2, { female: 0.1 }),
      ]),
      branch('CCCNTY', 'Chi cục Chăn nuôi và Thú y', 'Chi cục trưởng', 0.5, [
        dept('HCTH', 'Phòng Hành chính - Tổng hợp', 1),
        dept('DTTY', 'Phòng Dịch tễ thú y', 1.5, { field: 'dịch tễ thú y' }),
        team('KDDV', 'Trạm Kiểm dịch động vật', 'Trạm trưởng', 'Kiểm dịch viên động vật', 1.5, { female: 0.3 }),
      ]),
      centre('VPDKDD', 'Văn phòng Đăng ký đất đai', 1, [
        team('HCTH', 'Phòng Hành chính - Tổng hợp', 'Trưởng phòng', 'Viên chức hành chính', 1),
        team('DKCG', 'Phòng Đăng ký và cấp giấy chứng nhận', 'Trưởng phòng', 'Viên chức đăng ký đất đai', 3),
        team('CNNT', 'Chi nhánh Nha Trang', 'Giám đốc chi nhánh', 'Viên chức đăng ký đất đai', 3),
        team('CNCR', 'Chi nhánh Cam Ranh', 'Giám đốc chi nhánh', 'Viên chức đăng ký đất đai', 2),
        team('CNPR', 'Chi nhánh Phan Rang', 'Giám đốc chi nhánh', 'Viên chức đăng ký đất đai', 2),
      ]),
    ],
    { board: departmentBoard(4) },
  ),
  department('SXD', 'Sở Xây dựng', 'sxd', 190, [
    dept('QLXD', 'Phòng Quản lý xây dựng', 2),
    dept('QHKT', 'Phòng Quy hoạch - Kiến trúc', 1.5, { field: 'quy hoạch - kiến trúc' }),
    dept('PTDT', 'Phòng Phát triển đô thị và Nhà ở', 1.5, { field: 'phát triển đô thị và nhà ở' }),
    dept('QLVT', 'Phòng Quản lý vận tải, phương tiện và người lái', 2, { field: 'quản lý vận tải' }),
    dept('KCHT', 'Phòng Quản lý kết cấu hạ tầng giao thông', 1.5, { field: 'kết cấu hạ tầng giao thông' }),
    centre('QHKD', 'Trung tâm Quy hoạch và Kiểm định xây dựng', 1, [
      team('QH', 'Phòng Quy hoạch', 'Trưởng phòng', 'Kiến trúc sư', 1.5, { female: 0.35 }),
      team('KD', 'Phòng Kiểm định', 'Trưởng phòng', 'Kỹ sư kiểm định', 1.5, { female: 0.2 }),
    ]),
    centre('DKX', 'Trung tâm Đăng kiểm xe cơ giới', 1, [
      team('DC1', 'Dây chuyền kiểm định số 1', 'Tổ trưởng', 'Đăng kiểm viên', 1, { female: 0.1 }),
      team('DC2', 'Dây chuyền kiểm định số 2', 'Tổ trưởng', 'Đăng kiểm viên', 1, { female: 0.1 }),
    ]),
  ]),
  department('SKHCN', 'Sở Khoa học và Công nghệ', 'skhcn', 120, [
    dept('CDS', 'Phòng Chuyển đổi số', 2, {
      people: [
        ['Lý Gia Huy', 'CVC'],
        ['Trương Thị Ngọc', 'CV'],
        ['Phan Văn Đức', 'CV'],
      ],
    }),
    dept('QLKH', 'Phòng Quản lý khoa học', 1.5),
    dept('BCVT', 'Phòng Bưu chính, viễn thông', 1, { field: 'bưu chính, viễn thông' }),
    dept('TDC', 'Phòng Tiêu chuẩn Đo lường Chất lượng', 1, { field: 'tiêu chuẩn, đo lường, chất lượng' }),
    centre('CNTT', 'Trung tâm Công nghệ thông tin và Truyền thông', 1, [
      team('HTS', 'Phòng Hạ tầng số', 'Trưởng phòng', 'Kỹ sư hạ tầng', 1, { female: 0.2 }),
      team('PTPM', 'Phòng Phát triển phần mềm', 'Trưởng phòng', 'Kỹ sư phần mềm', 1.5, { female: 0.3 }),
      team('ATTT', 'Phòng An toàn thông tin', 'Trưởng phòng', 'Kỹ sư an toàn thông tin', 1, { female: 0.2 }),
    ]),
  ]),
  department('SGDDT', 'Sở Giáo dục và Đào tạo', 'sgddt', 125, [
    dept('GDMN', 'Phòng Giáo dục Mầm non', 1, { field: 'giáo dục mầm non' }),
    dept('GDPT', 'Phòng Giáo dục Phổ thông', 2, { field: 'giáo dục phổ thông' }),
    dept('GDTX', 'Phòng Giáo dục thường xuyên và Giáo dục nghề nghiệp', 1, { field: 'giáo dục thường xuyên' }),
    dept('QLCL', 'Phòng Quản lý chất lượng', 1.5, { field: 'khảo thí, kiểm định chất lượng giáo dục' }),
    dept('TCCB', 'Phòng Tổ chức cán bộ', 1.5, { field: 'tổ chức cán bộ ngành giáo dục' }),
    dept('KHTC', 'Phòng Kế hoạch - Tài chính', 1.5, { field: 'kế hoạch - tài chính' }),
    centre('KTTH', 'Trung tâm Kỹ thuật tổng hợp - Hướng nghiệp', 1, [
      team('HC', 'Tổ Hành chính', 'Tổ trưởng', 'Viên chức hành chính', 1),
      team('HN', 'Tổ Hướng nghiệp - Dạy nghề', 'Tổ trưởng', 'Giáo viên', 2, { female: 0.55 }),
    ]),
  ]),
  department('SYT', 'Sở Y tế', 'syt', 150, [
    dept('KHTC', 'Phòng Kế hoạch - Tài chính', 1.5, { field: 'kế hoạch - tài chính' }),
    dept('NVY', 'Phòng Nghiệp vụ Y', 1.5, { field: 'nghiệp vụ y' }),
    dept('NVD', 'Phòng Nghiệp vụ Dược', 1, { field: 'nghiệp vụ dược' }),
    dept('TCCB', 'Phòng Tổ chức cán bộ', 1, { field: 'tổ chức cán bộ ngành y tế' }),
    dept('BTXH', 'Phòng Bảo trợ xã hội', 1.5, { field: 'bảo trợ xã hội' }),
    branch('CCDS', 'Chi cục Dân số', 'Chi cục trưởng', 0.5, [
      dept('HCTH', 'Phòng Hành chính - Tổng hợp', 1),
      dept('NVDS', 'Phòng Nghiệp vụ dân số', 1, { field: 'dân số' }),
    ]),
    centre('KN', 'Trung tâm Kiểm nghiệm', 1, [
      team('KNT', 'Khoa Kiểm nghiệm thuốc', 'Trưởng khoa', 'Kiểm nghiệm viên', 1.5, { female: 0.7 }),
      team('KNMP', 'Khoa Kiểm nghiệm mỹ phẩm - thực phẩm', 'Trưởng khoa', 'Kiểm nghiệm viên', 1, { female: 0.7 }),
    ]),
  ]),
  department('SVHTTDL', 'Sở Văn hóa, Thể thao và Du lịch', 'svhttdl', 210, [
    dept('QLVH', 'Phòng Quản lý văn hóa và Gia đình', 1.5, { field: 'quản lý văn hóa và gia đình' }),
    dept('QLTDTT', 'Phòng Quản lý thể dục thể thao', 1, { field: 'quản lý thể dục thể thao' }),
    dept('QLDL', 'Phòng Quản lý du lịch', 1.5),
    dept('BCXB', 'Phòng Báo chí, xuất bản', 1, { field: 'báo chí, xuất bản' }),
    centre('BT', 'Bảo tàng tỉnh', 1, [
      team('SKBQ', 'Phòng Sưu tầm - Kiểm kê - Bảo quản', 'Trưởng phòng', 'Viên chức bảo tàng', 1, { female: 0.6 }),
      team('TBGD', 'Phòng Trưng bày - Giáo dục', 'Trưởng phòng', 'Thuyết minh viên', 1, { female: 0.7 }),
    ]),
    centre('TV', 'Thư viện tỉnh', 1, [
      team('NV', 'Phòng Nghiệp vụ', 'Trưởng phòng', 'Thư viện viên', 1, { female: 0.8 }),
      team('PVBD', 'Phòng Phục vụ bạn đọc', 'Trưởng phòng', 'Thư viện viên', 1, { female: 0.8 }),
    ]),
    centre('HLTD', 'Trung tâm Huấn luyện và Thi đấu thể thao', 1, [
      team('HL', 'Phòng Huấn luyện', 'Trưởng phòng', 'Huấn luyện viên', 3, { female: 0.3 }),
      team('TD', 'Phòng Tổ chức thi đấu', 'Trưởng phòng', 'Viên chức tổ chức thi đấu', 1),
    ]),
  ]),
  department(
    'SDTTG',
    'Sở Dân tộc và Tôn giáo',
    'sdttg',
    45,
    [dept('CSDT', 'Phòng Chính sách dân tộc', 1.5), dept('QLTG', 'Phòng Quản lý tôn giáo', 1.5, { field: 'quản lý tôn giáo, tín ngưỡng' })],
    {
      board: departmentBoard(2),
      office: office('VP', 'Văn phòng Sở', 3, {
        children: [team('KTTV', 'Bộ phận Kế toán - Tài vụ', 'Phụ trách bộ phận', 'Kế toán viên', 1, { female: 0.8 })],
      }),
    },
  ),
  department(
    'SNGV',
    'Sở Ngoại vụ',
    'sngv',
    45,
    [
      dept('LS', 'Phòng Lãnh sự và Người Việt Nam ở nước ngoài', 1, { field: 'lãnh sự và người Việt Nam ở nước ngoài' }),
      dept('HTQT', 'Phòng Hợp tác quốc tế', 1.5),
      centre('DVDN', 'Trung tâm Dịch vụ đối ngoại', 1, [
        team('BPD', 'Tổ Biên phiên dịch', 'Tổ trưởng', 'Biên phiên dịch viên', 1, { female: 0.6 }),
        team('LTDN', 'Tổ Lễ tân đối ngoại', 'Tổ trưởng', 'Viên chức lễ tân', 1, { female: 0.6 }),
      ]),
    ],
    { board: departmentBoard(2) },
  ),
  department(
    'TTT',
    'Thanh tra tỉnh',
    'thanhtra',
    85,
    [1, 2, 3]
      .map((n) =>
        unit(
          `NV${n}`,
          `Phòng Nghiệp vụ ${n}`,
          [
            head('TRG', 'Trưởng phòng'),
            deputy('PHO', 'Phó Trưởng phòng', 1),
            staff('TTVC', 'Thanh tra viên chính', 1, { role: n === 1 ? 'inspector' : undefined }),
            staff('TTV', 'Thanh tra viên', 2),
          ],
          2,
        ),
      )
      .concat([
        dept('TCD', 'Phòng Tiếp công dân, xử lý đơn thư', 1.5, { field: 'tiếp công dân, xử lý đơn thư' }),
        dept('PCTN', 'Phòng Phòng, chống tham nhũng', 1.5, { field: 'phòng, chống tham nhũng' }),
        dept('GSKT', 'Phòng Giám sát, kiểm tra và xử lý sau thanh tra', 1, { field: 'giám sát, xử lý sau thanh tra' }),
      ]),
    {
      board: board('BLD', 'Lãnh đạo Thanh tra tỉnh', 'Chánh Thanh tra tỉnh', 'Phó Chánh Thanh tra tỉnh', 3),
      office: office('VP', 'Văn phòng Thanh tra tỉnh', 3, {
        children: [team('THTT', 'Tổ Tổng hợp - Thông tin', 'Tổ trưởng', 'Chuyên viên tổng hợp', 1)],
      }),
    },
  ),
  department(
    'BQLKKT',
    'Ban Quản lý Khu kinh tế Vân Phong',
    'bqlkkt',
    90,
    [
      dept('QLDT', 'Phòng Quản lý đầu tư', 1.5),
      dept('QHXD', 'Phòng Quản lý quy hoạch và xây dựng', 1.5, { field: 'quy hoạch và xây dựng' }),
      dept('DNLD', 'Phòng Quản lý doanh nghiệp và lao động', 1, { field: 'quản lý doanh nghiệp và lao động' }),
      dept('TNMT', 'Phòng Quản lý tài nguyên và môi trường', 1, { field: 'tài nguyên và môi trường' }),
      centre('PTHT', 'Trung tâm Phát triển hạ tầng khu kinh tế', 1, [
        team('KHKT', 'Phòng Kế hoạch - Kỹ thuật', 'Trưởng phòng', 'Kỹ sư xây dựng', 1, { female: 0.25 }),
        team('QLHT', 'Phòng Quản lý hạ tầng', 'Trưởng phòng', 'Viên chức quản lý hạ tầng', 1, { female: 0.25 }),
      ]),
    ],
    {
      board: board('BLD', 'Lãnh đạo Ban', 'Trưởng ban', 'Phó Trưởng ban', 3),
      office: office('VP', 'Văn phòng Ban', 3),
    },
  ),

  // ---- Public service units -----------------------------------------------------------------
  psu('TTPVHCC', 'Trung tâm Phục vụ hành chính công tỉnh', 'ttpvhcc', 45, [
    departmentBoard(2),
    office('HCTH', 'Phòng Hành chính - Tổng hợp', 2, { headTitle: 'Trưởng phòng', deputyTitle: 'Phó Trưởng phòng' }),
    unit(
      'TNTKQ',
      'Phòng Tiếp nhận và Trả kết quả',
      [head('TRG', 'Trưởng phòng'), deputy('PHO', 'Phó Trưởng phòng', 1), staff('CVTN', 'Chuyên viên tiếp nhận và trả kết quả', 1)],
      3,
      {
        children: [
          unit(
            'QSN',
            'Bộ phận Một cửa các sở, ngành',
            [head('TRG', 'Tổ trưởng', 0.5), staff('CVBP', 'Chuyên viên các sở, ngành làm việc tại Trung tâm', 1)],
            0.5,
            { servedByDepartments: { perAgency: 2, as: 'CVBP' } },
          ),
        ],
      },
    ),
    dept('GSKS', 'Phòng Giám sát, kiểm soát thủ tục hành chính', 1.5, { field: 'kiểm soát thủ tục hành chính' }),
  ]),
  psu('BVDK', 'Bệnh viện Đa khoa tỉnh Khánh Hòa', 'bvdktinh', 1150, [
    departmentBoard(4),
    dept('KHTH', 'Phòng Kế hoạch tổng hợp', 1, { field: 'kế hoạch tổng hợp' }),
    office('TCCB', 'Phòng Tổ chức cán bộ', 1, { headTitle: 'Trưởng phòng', deputyTitle: 'Phó Trưởng phòng' }),
    dept('TCKT', 'Phòng Tài chính kế toán', 1, { field: 'tài chính kế toán' }),
    unit(
      'DDG',
      'Phòng Điều dưỡng',
      [
        head('TRG', 'Trưởng phòng Điều dưỡng', 0.8),
        deputy('PHO', 'Phó Trưởng phòng Điều dưỡng', 1, 0.8),
        staff('DD', 'Điều dưỡng', 1, { female: 0.85 }),
      ],
      0.5,
    ),
    dept('HCQT', 'Phòng Hành chính quản trị', 1, { field: 'hành chính quản trị' }),
    dept('VTTB', 'Phòng Vật tư - Thiết bị y tế', 1, { field: 'vật tư - thiết bị y tế' }),
    dept('QLCL', 'Phòng Quản lý chất lượng', 0.5, { field: 'quản lý chất lượng bệnh viện' }),
    dept('CNTT', 'Phòng Công nghệ thông tin', 0.5),
    ...hospitalWards,
  ]),
  psu('CDC', 'Trung tâm Kiểm soát bệnh tật tỉnh', 'cdc', 230, [
    departmentBoard(3),
    office('TCHC', 'Phòng Tổ chức - Hành chính', 2, { headTitle: 'Trưởng phòng', deputyTitle: 'Phó Trưởng phòng' }),
    dept('KHTC', 'Phòng Kế hoạch - Tài chính', 1.5, { field: 'kế hoạch - tài chính' }),
    lab('TN', 'Khoa Phòng, chống bệnh truyền nhiễm', 2, { techTitle: 'Y sĩ y học dự phòng' }),
    lab('HIV', 'Khoa Phòng, chống HIV/AIDS', 1.5, { techTitle: 'Y sĩ y học dự phòng' }),
    lab('SKMT', 'Khoa Sức khỏe môi trường - Y tế trường học', 1.5, { techTitle: 'Cử nhân y tế công cộng' }),
    lab('DD', 'Khoa Dinh dưỡng', 1, { techTitle: 'Cử nhân dinh dưỡng' }),
    lab('XN', 'Khoa Xét nghiệm - Chẩn đoán hình ảnh - Thăm dò chức năng', 2, {
      techTitle: 'Kỹ thuật viên xét nghiệm',
      children: [
        team('VS', 'Tổ Xét nghiệm vi sinh', 'Tổ trưởng', 'Kỹ thuật viên xét nghiệm', 1, { female: 0.65 }),
        team('HL', 'Tổ Xét nghiệm hóa lý', 'Tổ trưởng', 'Kỹ thuật viên xét nghiệm', 1, { female: 0.65 }),
      ],
    }),
    lab('DUOC', 'Khoa Dược - Vật tư y tế', 1, { techTitle: 'Dược sĩ' }),
    ward('PKDK', 'Phòng khám đa khoa', 1.5),
  ]),
  psu('CDKTCN', 'Trường Cao đẳng Kỹ thuật Công nghệ Nha Trang', 'ntc', 260, [
    board('BGH', 'Ban Giám hiệu', 'Hiệu trưởng', 'Phó Hiệu trưởng', 2),
    dept('DT', 'Phòng Đào tạo', 1.5, { field: 'quản lý đào tạo' }),
    office('TCHC', 'Phòng Tổ chức - Hành chính', 1.5, { headTitle: 'Trưởng phòng', deputyTitle: 'Phó Trưởng phòng' }),
    dept('KHTC', 'Phòng Kế hoạch - Tài chính', 1, { field: 'kế hoạch - tài chính' }),
    dept('CTHSSV', 'Phòng Công tác học sinh, sinh viên', 1, { field: 'công tác học sinh, sinh viên' }),
    dept('KTDBCL', 'Phòng Khảo thí và Đảm bảo chất lượng', 0.5, { field: 'khảo thí và đảm bảo chất lượng' }),
    faculty('DDT', 'Khoa Điện - Điện tử', 1, [
      ['DCN', 'Bộ môn Điện công nghiệp'],
      ['DT', 'Bộ môn Điện tử'],
    ]),
    faculty('CK', 'Khoa Cơ khí', 1, [
      ['CKCT', 'Bộ môn Cơ khí chế tạo'],
      ['OTO', 'Bộ môn Công nghệ ô tô'],
    ]),
    faculty('CNTT', 'Khoa Công nghệ thông tin', 1, [
      ['MMT', 'Bộ môn Mạng máy tính'],
      ['LT', 'Bộ môn Lập trình'],
    ]),
    faculty('DL', 'Khoa Du lịch', 1, [
      ['QTKS', 'Bộ môn Quản trị khách sạn'],
      ['CBMA', 'Bộ môn Kỹ thuật chế biến món ăn'],
    ]),
    faculty('KHCB', 'Khoa Khoa học cơ bản', 1, [
      ['TOAN', 'Bộ môn Toán - Lý'],
      ['NN', 'Bộ môn Ngoại ngữ'],
    ]),
  ]),
  psu('DHKH', 'Trường Đại học Khánh Hòa', 'ukh', 330, [
    board('BGH', 'Ban Giám hiệu', 'Hiệu trưởng', 'Phó Hiệu trưởng', 2),
    dept('DT', 'Phòng Đào tạo', 1.5, { field: 'quản lý đào tạo' }),
    office('TCHC', 'Phòng Tổ chức - Hành chính', 1.5, { headTitle: 'Trưởng phòng', deputyTitle: 'Phó Trưởng phòng' }),
    dept('KHTC', 'Phòng Kế hoạch - Tài chính', 1, { field: 'kế hoạch - tài chính' }),
    dept('CTSV', 'Phòng Công tác sinh viên', 1, { field: 'công tác sinh viên' }),
    dept('KHCN', 'Phòng Khoa học công nghệ và Hợp tác quốc tế', 1, { field: 'khoa học công nghệ và hợp tác quốc tế' }),
    dept('KTDBCL', 'Phòng Khảo thí và Đảm bảo chất lượng', 0.5, { field: 'khảo thí và đảm bảo chất lượng' }),
    faculty(
      'SP',
      'Khoa Sư phạm',
      1,
      [
        ['GDTH', 'Bộ môn Giáo dục tiểu học'],
        ['GDMN', 'Bộ môn Giáo dục mầm non'],
        ['TOAN', 'Bộ môn Toán'],
      ],
      { headHeldBy: { unit: 'BGH', position: 'PHO', holders: [0] } },
    ),
    faculty('DL', 'Khoa Du lịch', 1, [
      ['QTDL', 'Bộ môn Quản trị du lịch'],
      ['QTNH', 'Bộ môn Quản trị nhà hàng - khách sạn'],
    ]),
    faculty('NN', 'Khoa Ngoại ngữ', 1, [
      ['TA', 'Bộ môn Tiếng Anh'],
      ['TT', 'Bộ môn Tiếng Trung'],
      ['TN', 'Bộ môn Tiếng Nga'],
    ]),
    faculty('KHXH', 'Khoa Khoa học xã hội và Nhân văn', 1, [
      ['VH', 'Bộ môn Văn học'],
      ['LSDL', 'Bộ môn Lịch sử - Địa lý'],
    ]),
    faculty('KHTN', 'Khoa Khoa học tự nhiên và Công nghệ', 1, [
      ['SHMT', 'Bộ môn Sinh học - Môi trường'],
      ['TH', 'Bộ môn Tin học'],
    ]),
    team('TV', 'Thư viện', 'Giám đốc Thư viện', 'Thư viện viên', 0.5, { female: 0.8 }),
  ]),
  psu('BAOPTTH', 'Báo và Phát thanh, Truyền hình Khánh Hòa', 'baokhanhhoa', 210, [
    board('BBT', 'Ban Biên tập', 'Tổng Biên tập', 'Phó Tổng Biên tập', 3),
    office('HCTS', 'Phòng Hành chính - Trị sự', 1.5, { headTitle: 'Trưởng phòng', deputyTitle: 'Phó Trưởng phòng' }),
    ...(
      [
        ['TS', 'Phòng Thời sự', 2],
        ['BI', 'Phòng Báo in', 1],
        ['BDT', 'Phòng Báo điện tử', 1.5],
        ['CDVN', 'Phòng Chuyên đề - Văn nghệ', 1],
      ] as const
    ).map(([c, n, w]) =>
      unit(
        c,
        n,
        [
          head('TRG', 'Trưởng phòng'),
          deputy('PHO', 'Phó Trưởng phòng', 1),
          staff('PV', 'Phóng viên', 2),
          staff('BTV', 'Biên tập viên', 1, { female: 0.6 }),
          staff('QP', 'Quay phim', 0.5, { female: 0.1 }),
        ],
        w,
        c === 'TS' ? { children: [team('DT', 'Tổ Thời sự tiếng dân tộc', 'Tổ trưởng', 'Phát thanh viên', 0.5, { female: 0.6 })] } : {},
      ),
    ),
    unit(
      'KTCN',
      'Phòng Kỹ thuật - Công nghệ',
      [head('TRG', 'Trưởng phòng', 0.15), deputy('PHO', 'Phó Trưởng phòng', 1, 0.15), staff('KTV', 'Kỹ thuật viên', 1, { female: 0.15 })],
      1.5,
      {
        children: [
          team('PS', 'Tổ Phát sóng', 'Tổ trưởng', 'Kỹ thuật viên phát sóng', 1, { female: 0.15 }),
          team('DH', 'Tổ Dựng hình', 'Tổ trưởng', 'Kỹ thuật viên dựng hình', 1, { female: 0.3 }),
        ],
      },
    ),
    dept('DVQC', 'Phòng Dịch vụ - Quảng cáo', 0.5, { field: 'dịch vụ, quảng cáo' }),
  ]),
  psu('TTXTDT', 'Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch', 'ipa', 40, [
    departmentBoard(2),
    office('HCTH', 'Phòng Hành chính - Tổng hợp', 2, {
      headTitle: 'Trưởng phòng',
      deputyTitle: 'Phó Trưởng phòng',
      children: [team('KT', 'Tổ Kế toán', 'Tổ trưởng', 'Kế toán viên', 0.5, { female: 0.8 })],
    }),
    dept('XTDT', 'Phòng Xúc tiến đầu tư', 2),
    dept('XTTMDL', 'Phòng Xúc tiến thương mại và du lịch', 2, { field: 'xúc tiến thương mại và du lịch' }),
  ]),
  psu('BQLDA', 'Ban Quản lý dự án đầu tư xây dựng các công trình dân dụng và công nghiệp tỉnh', 'bqlda', 75, [
    departmentBoard(2),
    office('HCTH', 'Phòng Hành chính - Tổng hợp', 1.5, { headTitle: 'Trưởng phòng', deputyTitle: 'Phó Trưởng phòng' }),
    dept('KHTC', 'Phòng Kế hoạch - Tài chính', 1, { field: 'kế hoạch - tài chính' }),
    dept('KTTD', 'Phòng Kỹ thuật - Thẩm định', 1.5, { field: 'kỹ thuật - thẩm định' }),
    dept('DHDA', 'Phòng Điều hành dự án', 1.5, {
      field: 'điều hành dự án',
      children: [
        team('GS1', 'Tổ Giám sát hiện trường số 1', 'Tổ trưởng', 'Kỹ sư giám sát', 1, { female: 0.15 }),
        team('GS2', 'Tổ Giám sát hiện trường số 2', 'Tổ trưởng', 'Kỹ sư giám sát', 1, { female: 0.15 }),
      ],
    }),
  ]),
  psu('QDTPT', 'Quỹ Đầu tư phát triển tỉnh', 'quydautu', 30, [
    board('BDH', 'Ban Điều hành', 'Giám đốc', 'Phó Giám đốc', 2),
    office('HCTH', 'Phòng Hành chính - Tổng hợp', 2, { headTitle: 'Trưởng phòng', deputyTitle: 'Phó Trưởng phòng' }),
    dept('TD', 'Phòng Tín dụng', 2, {
      field: 'tín dụng đầu tư',
      children: [team('TDINH', 'Tổ Thẩm định', 'Tổ trưởng', 'Chuyên viên thẩm định', 1)],
    }),
    dept('KTNQ', 'Phòng Kế toán - Ngân quỹ', 1, { field: 'kế toán - ngân quỹ' }),
  ]),
  psu('BQLVNT', 'Ban Quản lý Vịnh Nha Trang', 'vinhnhatrang', 40, [
    board('BLD', 'Lãnh đạo Ban', 'Trưởng ban', 'Phó Trưởng ban', 2),
    office('HCTH', 'Phòng Hành chính - Tổng hợp', 2, { headTitle: 'Trưởng phòng', deputyTitle: 'Phó Trưởng phòng' }),
    dept('TNMT', 'Phòng Quản lý tài nguyên - Môi trường', 1.5, { field: 'tài nguyên - môi trường biển' }),
    unit(
      'DKTGS',
      'Đội Kiểm tra, giám sát',
      [head('TRG', 'Đội trưởng', 0.1), deputy('PHO', 'Đội phó', 1, 0.1), staff('NV', 'Nhân viên kiểm tra', 1, { female: 0.15 })],
      1,
      {
        children: [
          team('HM', 'Tổ Tuần tra Hòn Mun', 'Tổ trưởng', 'Nhân viên tuần tra', 1, { female: 0.1 }),
          team('HT', 'Tổ Tuần tra Hòn Tằm', 'Tổ trưởng', 'Nhân viên tuần tra', 1, { female: 0.1 }),
        ],
      },
    ),
  ]),

  // ---- UBND of wards, communes and the special zone ------------------------------------------
  commune('UBND-NT', 'phường', 'Nha Trang', 'nhatrang', 130, {
    people: {
      VHXH: [
        ['Hồ Thị Yến', 'CVVH'],
        ['Mai Văn Tâm', 'CVVH'],
      ],
    },
  }),
  commune('UBND-BNT', 'phường', 'Bắc Nha Trang', 'bacnhatrang', 125),
  commune('UBND-TNT', 'phường', 'Tây Nha Trang', 'taynhatrang', 105),
  commune('UBND-NNT', 'phường', 'Nam Nha Trang', 'namnhatrang', 110),
  commune('UBND-CR', 'phường', 'Cam Ranh', 'camranh', 100),
  commune('UBND-BCR', 'phường', 'Bắc Cam Ranh', 'baccamranh', 90),
  commune('UBND-BN', 'phường', 'Ba Ngòi', 'bangoi', 95),
  commune('UBND-NH', 'phường', 'Ninh Hòa', 'ninhhoa', 95),
  commune('UBND-DNH', 'phường', 'Đông Ninh Hòa', 'dongninhhoa', 85),
  commune('UBND-HT', 'phường', 'Hòa Thắng', 'hoathang', 85),
  commune('UBND-PR', 'phường', 'Phan Rang', 'phanrang', 130),
  commune('UBND-DH', 'phường', 'Đông Hải', 'donghai', 90),
  commune('UBND-BA', 'phường', 'Bảo An', 'baoan', 95),
  commune('UBND-VN', 'xã', 'Vạn Ninh', 'vanninh', 90),
  commune('UBND-VT', 'xã', 'Vạn Thắng', 'vanthang', 80),
  commune('UBND-DK', 'xã', 'Diên Khánh', 'dienkhanh', 95),
  commune('UBND-DL', 'xã', 'Diên Lạc', 'dienlac', 80),
  commune('UBND-CL', 'xã', 'Cam Lâm', 'camlam', 85),
  commune('UBND-SD', 'xã', 'Suối Dầu', 'suoidau', 75),
  commune('UBND-KV', 'xã', 'Khánh Vĩnh', 'khanhvinh', 80, { community: 'raglai' }),
  commune('UBND-KS', 'xã', 'Khánh Sơn', 'khanhson', 75, { community: 'raglai' }),
  commune('UBND-NP', 'xã', 'Ninh Phước', 'ninhphuoc', 85, { community: 'cham' }),
  commune('UBND-NHAI', 'xã', 'Ninh Hải', 'ninhhai', 85, { community: 'cham' }),
  commune('UBND-BAI', 'xã', 'Bác Ái', 'bacai', 70, { community: 'raglai' }),
  commune('UBND-TS', 'đặc khu', 'Trường Sa', 'truongsa', 40),
];
