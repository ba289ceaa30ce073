import { assetPath } from '@thuocdo/kit';
import { scoringV1 } from '@thuocdo/proto';
import PDFDocument from 'pdfkit';
import { GRADE_NAME_VI, type Grade } from '../domain/rule-pack';

// ---------------------------------------------------------------------------------------------
// The evaluation form (phiếu đánh giá) as a PDF in Vietnamese: A4, with Noto Sans embedded (the
// PDF's standard fonts have no Vietnamese letters) and subset to the glyphs used, so every
// diacritic renders and copies out as text.

const FONT_DIR = 'node_modules/@expo-google-fonts/noto-sans';
/** The font files the form embeds (the production build copies them beside the bundle). */
export const FORM_FONTS = {
  regular: `${FONT_DIR}/400Regular/NotoSans_400Regular.ttf`,
  bold: `${FONT_DIR}/700Bold/NotoSans_700Bold.ttf`,
};

export const PDF_TYPE = 'application/pdf';

/**
 * Every text drawn without glyph composition: the font has each Vietnamese letter as one glyph,
 * and composing (a letter and its marks from several glyphs) would leave the PDF's text map
 * naming the wrong letters ("điểm" copied out as "địểm"), though it prints right.
 */
const SHAPED = { features: { ccmp: false } } as unknown as PDFKit.Mixins.TextOptions;

const MEASURE: Record<string, string> = {
  MEASURE_QUANTITY: 'a) Số lượng',
  MEASURE_QUALITY: 'b) Chất lượng',
  MEASURE_TIMELINESS: 'c) Tiến độ',
  MEASURE_UNIT_RESULT: 'd) Kết quả của đơn vị, lĩnh vực phụ trách',
  MEASURE_ORGANISATION: 'đ) Tổ chức thực hiện',
  MEASURE_UNITY: 'e) Đoàn kết',
};
const STAGE: Record<string, string> = {
  EVALUATION_STAGE_SELF_ASSESSED: 'Tự đánh giá',
  EVALUATION_STAGE_MANAGER_REVIEWED: 'Nhận xét của cấp trên trực tiếp',
  EVALUATION_STAGE_COMMITTEE_REVIEWED: 'Ý kiến của tập thể',
  EVALUATION_STAGE_HR_CONSOLIDATED: 'Tổng hợp của bộ phận tổ chức cán bộ',
  EVALUATION_STAGE_APPROVED: 'Phê duyệt',
};

export interface EvaluationFormInput {
  score: scoringV1.OfficialScore;
  evaluation: scoringV1.Evaluation;
  pack: scoringV1.RulePack | undefined;
  official: { fullName: string; staffCode: string; agency: string; unit: string };
  /** After the quota, once HR consolidated the closed period. */
  finalGrade: Grade | null;
  printedAt: Date;
}

const vnDateTime = (d: Date | undefined) =>
  d
    ? new Intl.DateTimeFormat('vi-VN', {
        timeZone: 'Asia/Ho_Chi_Minh',
        day: '2-digit',
        month: '2-digit',
        year: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
      }).format(d)
    : '';
const decimal = (n: number, places: number) =>
  new Intl.NumberFormat('vi-VN', { minimumFractionDigits: places, maximumFractionDigits: places }).format(n);
const points = (p: string) => (p ? decimal(Number(p), 2) : '');
const percent = (share: string) => `${decimal(Math.round(Number(share) * 10_000) / 100, 2)}%`;
const minutes = (m: string) => decimal(Number(m), Number.isInteger(Number(m)) ? 0 : 2);

/** "2026-03" → "Tháng 03/2026"; "2026-Q1" → "Quý I/2026". */
export function periodTitle(period: string): string {
  const q = /^(\d{4})-Q([1-4])$/.exec(period);
  if (q) return `Quý ${['I', 'II', 'III', 'IV'][Number(q[2]) - 1]}/${q[1]}`;
  return `Tháng ${period.slice(5, 7)}/${period.slice(0, 4)}`;
}

/** The form's PDF bytes. */
export function renderEvaluationForm(f: EvaluationFormInput): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 48, bottom: 48, left: 56, right: 56 },
    info: { Title: `Phiếu đánh giá ${f.official.fullName} ${periodTitle(f.score.period)}`, Author: 'ThuocDo', Creator: 'ThuocDo' },
    lang: 'vi-VN',
  });
  doc.registerFont('regular', assetPath(FORM_FONTS.regular));
  doc.registerFont('bold', assetPath(FORM_FONTS.bold));
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const left = doc.page.margins.left;
  const heading = (text: string) => doc.moveDown(0.6).font('bold').fontSize(11.5).text(text, left, undefined, SHAPED).moveDown(0.2);
  const line = (label: string, value: string) =>
    doc
      .font('regular')
      .fontSize(10.5)
      .text(`${label}: `, left, undefined, { ...SHAPED, continued: true })
      .font('bold')
      .text(value || '—', SHAPED);
  /** A row of cells at fixed widths (fractions of the line), wrapping within each. */
  const row = (cells: string[], widths: number[], bold = false) => {
    const y = doc.y;
    let x = left;
    let bottom = y;
    doc.font(bold ? 'bold' : 'regular').fontSize(10);
    cells.forEach((c, i) => {
      const w = widths[i] * width;
      doc.text(c, x, y, { ...SHAPED, width: w - 6 });
      bottom = Math.max(bottom, doc.y);
      x += w;
    });
    doc.y = bottom + 3;
    doc.x = left;
    if (doc.y > doc.page.height - doc.page.margins.bottom - 40) doc.addPage();
  };

  doc
    .font('bold')
    .fontSize(10.5)
    .text('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { ...SHAPED, align: 'center' });
  doc
    .font('regular')
    .text('Độc lập - Tự do - Hạnh phúc', { ...SHAPED, align: 'center' })
    .moveDown(1.2);
  doc
    .font('bold')
    .fontSize(14)
    .text('PHIẾU ĐÁNH GIÁ KẾT QUẢ THỰC HIỆN NHIỆM VỤ', { ...SHAPED, align: 'center' });
  doc
    .font('regular')
    .fontSize(11)
    .text(`Kỳ đánh giá: ${periodTitle(f.score.period)}`, { ...SHAPED, align: 'center' })
    .moveDown(0.8);

  line('Họ và tên', f.official.fullName);
  line('Mã cán bộ', f.official.staffCode);
  line('Cơ quan', f.official.agency);
  line('Đơn vị', f.official.unit);
  line(
    'Bộ quy tắc',
    f.pack ? `${f.pack.nameVi} (${f.pack.legalBasis}, phiên bản ${f.pack.version})` : `${f.score.packCode} ${f.score.packVersion}`,
  );
  line('Vị trí', f.score.role === scoringV1.ScoringRole.SCORING_ROLE_MANAGER ? 'Lãnh đạo, quản lý' : 'Không giữ chức vụ lãnh đạo, quản lý');

  const variant = f.score.role === scoringV1.ScoringRole.SCORING_ROLE_MANAGER ? f.pack?.manager : f.pack?.nonManager;
  heading(`I. Kết quả thực hiện nhiệm vụ: ${points(f.score.taskPoints)}/${variant ? points(variant.taskPoints) : '…'} điểm`);
  row(['Tiêu chí', 'Tỷ lệ', 'Căn cứ'], [0.45, 0.15, 0.4], true);
  for (const m of f.score.measures) {
    const name = MEASURE[measureName(m.measure)] ?? String(m.measure);
    const basis =
      m.measure === scoringV1.Measure.MEASURE_UNIT_RESULT
        ? `${m.numerator}/${m.denominator} người do mình quản lý đạt từ Hoàn thành nhiệm vụ`
        : m.measure <= scoringV1.Measure.MEASURE_TIMELINESS
          ? `${minutes(m.numerator)}/${minutes(m.denominator)} phút quy đổi`
          : 'Theo đánh giá';
    row([name, percent(m.value), basis], [0.45, 0.15, 0.4]);
  }

  heading(`II. Tiêu chí chung: ${points(f.score.generalPoints)} điểm`);
  row(['Tiêu chí', 'Điểm', 'Tối đa'], [0.7, 0.15, 0.15], true);
  for (const g of f.score.general) {
    const c = variant?.generalCriteria.find((x) => x.code === g.code);
    row([c?.nameVi ?? g.code, g.entered ? points(g.points) : 'Chưa chấm', points(g.maxPoints)], [0.7, 0.15, 0.15]);
  }

  heading('III. Tổng điểm và xếp loại');
  line('Tổng điểm', `${points(f.score.total)}/100`);
  line('Xếp loại theo điểm', gradeName(f.score.grade));
  if (f.finalGrade) line('Xếp loại sau khi áp dụng tỷ lệ', GRADE_NAME_VI[f.finalGrade]);
  if (f.score.provisional)
    doc
      .font('regular')
      .fontSize(9.5)
      .fillColor('#8a4b00')
      .text('Điểm tạm tính: kỳ đánh giá chưa đóng, kết quả còn thay đổi.', SHAPED)
      .fillColor('black');

  heading('IV. Quy trình đánh giá');
  const steps = f.evaluation.steps;
  if (!steps.length) doc.font('regular').fontSize(10).text('Chưa có bước nào.', SHAPED);
  row(['Bước', 'Người thực hiện, thời gian', 'Nhận xét'], [0.3, 0.3, 0.4], steps.length > 0);
  for (const s of steps)
    row(
      [
        `${STAGE[stageName(s.stage)] ?? ''}${s.withdrawn ? ' (đã hủy do mở lại kỳ)' : ''}`,
        `${s.byName || s.by}\n${vnDateTime(s.time)}`,
        s.comment + (s.grade ? `${s.comment ? '\n' : ''}${points(s.total)} điểm, ${gradeName(s.grade)}` : ''),
      ],
      [0.3, 0.3, 0.4],
    );
  if (f.evaluation.comments.length) {
    heading('V. Ý kiến, khiếu nại của người được đánh giá');
    for (const c of f.evaluation.comments)
      row([c.appeal ? 'Khiếu nại' : 'Ý kiến', `${c.byName || c.by}\n${vnDateTime(c.time)}`, c.text], [0.3, 0.3, 0.4]);
  }
  const approval = steps.filter((s) => stageName(s.stage) === 'EVALUATION_STAGE_APPROVED' && !s.withdrawn).at(-1);
  doc.moveDown(1);
  if (approval?.chainHash)
    doc
      .font('regular')
      .fontSize(8.5)
      .text(`Mã xác thực kết quả đã phê duyệt (SHA-256): ${approval.chainHash}`, left, undefined, { ...SHAPED, width });
  doc
    .font('regular')
    .fontSize(8.5)
    .text(`In từ ThuocDo lúc ${vnDateTime(f.printedAt)}; điểm tính lúc ${vnDateTime(f.score.computeTime)}.`, left, undefined, {
      ...SHAPED,
      width,
    });
  doc.end();
  return done;
}

// The enums by their names, as the proto spells them (the maps above are by name).
const measureName = (m: scoringV1.Measure) => scoringV1.measureToJSON(m);
/** A grade of the proto by its name in the decrees ('' when unset). */
const gradeName = (g: scoringV1.Grade) => GRADE_NAME_VI[scoringV1.gradeToJSON(g).replace('GRADE_', '') as Grade] ?? '';
const stageName = (s: scoringV1.EvaluationStage) => scoringV1.evaluationStageToJSON(s);
