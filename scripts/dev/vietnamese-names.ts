/**
 * Vietnamese personal names for the generated demo province: family names with about the
 * frequency they have in the country (Nguyễn near four in ten, then Trần, Lê, Phạm, Huỳnh/Hoàng,
 * Phan, Võ/Vũ…), middle names by gender (Văn, Thị and the others), given names, and the
 * e-mail local part an agency would make of them ("Phan Thị Thanh Hương" → huongptt).
 * No I/O: every choice comes from the random source passed in.
 */

export type Random = () => number;
export type Gender = 'male' | 'female';

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32): the same seed, the same sequence. */
export function seededRandom(seed: number): Random {
  let s = seed | 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Weighted = readonly (readonly [string, number])[];

/** One entry of a weighted list. */
export function pickWeighted(rnd: Random, list: Weighted): string {
  let total = 0;
  for (const [, w] of list) total += w;
  let x = rnd() * total;
  for (const [v, w] of list) {
    x -= w;
    if (x < 0) return v;
  }
  return list[list.length - 1][0];
}

export const pick = <T>(rnd: Random, list: readonly T[]): T => list[Math.floor(rnd() * list.length)];

/**
 * Family names, in per mille of the population of the South Central Coast: Huỳnh and Võ are
 * more frequent there than Hoàng and Vũ, which are their northern forms.
 */
const FAMILY: Weighted = [
  ['Nguyễn', 380],
  ['Trần', 110],
  ['Lê', 95],
  ['Phạm', 70],
  ['Huỳnh', 35],
  ['Hoàng', 16],
  ['Phan', 45],
  ['Võ', 30],
  ['Vũ', 9],
  ['Đặng', 21],
  ['Bùi', 20],
  ['Đỗ', 14],
  ['Hồ', 13],
  ['Ngô', 13],
  ['Dương', 10],
  ['Lý', 5],
  ['Trương', 9],
  ['Đinh', 7],
  ['Đoàn', 6],
  ['Mai', 5],
  ['Lương', 4],
  ['Cao', 4],
  ['Lâm', 4],
  ['Tô', 3],
  ['Hà', 3],
  ['Châu', 3],
  ['Thái', 2],
  ['Tạ', 2],
  ['Văn', 2],
  ['Lưu', 2],
  ['Kiều', 1],
  ['Quách', 1],
  ['La', 1],
];

/** Raglai family names (Khánh Sơn, Khánh Vĩnh, Bác Ái). */
const FAMILY_RAGLAI: Weighted = [
  ['Cao', 30],
  ['Mấu', 20],
  ['Bo Bo', 15],
  ['Pi Năng', 15],
  ['Katơr', 10],
  ['Chamaléa', 10],
  ['Ca Tia', 8],
];

/** Cham family names (Ninh Phước, Ninh Hải). */
const FAMILY_CHAM: Weighted = [
  ['Đàng', 35],
  ['Thành', 20],
  ['Quảng', 15],
  ['Lộ', 10],
  ['Thiên', 8],
  ['Trượng', 6],
  ['Báo', 6],
];

const MIDDLE_MALE: Weighted = [
  ['Văn', 380],
  ['Minh', 70],
  ['Quốc', 50],
  ['Thanh', 45],
  ['Hữu', 45],
  ['Đức', 40],
  ['Công', 35],
  ['Ngọc', 30],
  ['Xuân', 30],
  ['Tấn', 40],
  ['Trung', 20],
  ['Anh', 20],
  ['Hoàng', 20],
  ['Bá', 15],
  ['Đình', 25],
  ['Quang', 25],
  ['Nhật', 15],
  ['Gia', 10],
  ['Trọng', 15],
  ['Thế', 15],
  ['Duy', 15],
  ['Phước', 15],
  ['Kim', 10],
];

const MIDDLE_FEMALE: Weighted = [
  ['Thị', 560],
  ['Ngọc', 60],
  ['Thanh', 50],
  ['Thu', 40],
  ['Kim', 35],
  ['Mỹ', 30],
  ['Bảo', 20],
  ['Hồng', 25],
  ['Phương', 20],
  ['Thùy', 25],
  ['Diệu', 15],
  ['Khánh', 15],
  ['Hoài', 15],
  ['Minh', 20],
  ['Quỳnh', 15],
  ['Bích', 15],
];

/** The second middle name of women called "Thị …" ("Phan Thị Thanh Hương"), about one in four. */
const SECOND_MIDDLE_FEMALE = ['Thanh', 'Thu', 'Ngọc', 'Kim', 'Mỹ', 'Hồng', 'Bích', 'Thúy', 'Minh', 'Hoài', 'Diễm', 'Phương'];

const GIVEN_MALE = `
  An Anh Bảo Bình Cường Chiến Công Dũng Duy Đạt Định Đức Giang Hải Hậu Hiếu Hiển Hòa Hoàng Hùng Hưng Huy Kha Khải Khang
  Khánh Khoa Kiên Lâm Linh Lộc Long Lực Mạnh Minh Nam Nghĩa Nguyên Nhân Nhật Phát Phong Phú Phúc Phước Quang Quân Quý Sang
  Sơn Tài Tâm Tân Thái Thắng Thành Thiện Thịnh Thông Tiến Tín Toàn Trí Triều Trung Tuấn Tùng Vinh Việt Vũ Vương Bằng Châu
  Hào Lợi Sỹ Tú
`
  .trim()
  .split(/\s+/);

const GIVEN_FEMALE = `
  Anh Ánh Bích Châu Chi Diễm Dung Duyên Giang Hà Hạnh Hằng Hậu Hiền Hoa Hòa Hồng Huệ Hương Huyền Khánh Kiều Lan Lệ Liên
  Linh Loan Ly Mai My Nga Ngân Ngọc Nguyệt Nhàn Nhi Nhung Oanh Phương Phượng Quyên Quỳnh Sương Tâm Thảo Thơ Thu Thủy Thúy
  Thư Trâm Trang Trinh Trúc Tuyết Uyên Vân Vi Vy Xuân Yến Hạ Tiên Thanh
`
  .trim()
  .split(/\s+/);

/** Where the people of an agency come from: most of the province, or a commune of Raglai or Cham people. */
export type Community = 'kinh' | 'raglai' | 'cham';

/** A full name "Family Middle Given". */
export function vietnameseName(rnd: Random, gender: Gender, community: Community = 'kinh'): string {
  const local = community === 'raglai' ? FAMILY_RAGLAI : community === 'cham' ? FAMILY_CHAM : undefined;
  const family = local && rnd() < 0.35 ? pickWeighted(rnd, local) : pickWeighted(rnd, FAMILY);
  let middle: string;
  let given: string;
  if (gender === 'female') {
    middle = pickWeighted(rnd, MIDDLE_FEMALE);
    if (middle === 'Thị' && rnd() < 0.25) middle = `Thị ${pick(rnd, SECOND_MIDDLE_FEMALE)}`;
    do given = pick(rnd, GIVEN_FEMALE);
    while (middle.endsWith(given));
  } else {
    middle = pickWeighted(rnd, MIDDLE_MALE);
    do given = pick(rnd, GIVEN_MALE);
    while (middle === given);
  }
  return `${family} ${middle} ${given}`;
}

/** Lower case without diacritics ("Đặng Thị Ánh" → "dang thi anh"). */
export function withoutDiacritics(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase();
}

/**
 * The local part of an official's e-mail as agencies make them: the given name, then the
 * initials of the family and middle names ("Phan Thị Thanh Hương" → "huongptt").
 */
export function emailLocalPart(fullName: string): string {
  const words = withoutDiacritics(fullName)
    .replace(/[^a-z ]/g, '')
    .split(' ')
    .filter(Boolean);
  const given = words[words.length - 1];
  return `${given}${words
    .slice(0, -1)
    .map((w) => w[0])
    .join('')}`;
}
