import catalog from '../../data/province-catalog.json';
import { type ConversionScale, checkScale, convert } from './conversion';
import { MAX_STANDARD_MINUTES } from './work-item';

// The sample province catalog (services/catalog/data/province-catalog.json): about 150 work items in
// groups A (leadership posts), B (shared professional work), C (agency-specific, tagged with the
// agency's code) and D (other), with the conversion scale they are valued on.

const scale: ConversionScale = catalog.scale;
const items = catalog.items;
const GROUPS = ['A', 'B', 'C', 'D'] as const;
// The job-position categories of services/org/src/domain/model.ts (POSITION_CATEGORIES); services do
// not import one another's code.
const POSITION_CATEGORIES = ['LEADERSHIP', 'SPECIALIST', 'SHARED_SPECIALIST', 'SUPPORT'];
const inGroup = (g: string) => items.filter((i) => i.group === g);

describe('the sample province catalog', () => {
  it('holds 140–160 items, every group with a sensible share', () => {
    expect(items.length).toBeGreaterThanOrEqual(140);
    expect(items.length).toBeLessThanOrEqual(160);
    expect(new Set(items.map((i) => i.group))).toEqual(new Set(GROUPS));
    const counts = Object.fromEntries(GROUPS.map((g) => [g, inGroup(g).length]));
    expect(counts.A).toBeGreaterThanOrEqual(15);
    expect(counts.A).toBeLessThanOrEqual(25);
    expect(counts.B).toBeGreaterThanOrEqual(50);
    expect(counts.B).toBeLessThanOrEqual(70);
    expect(counts.C).toBeGreaterThanOrEqual(45);
    expect(counts.C).toBeLessThanOrEqual(65);
    expect(counts.D).toBeGreaterThanOrEqual(10);
    expect(counts.D).toBeLessThanOrEqual(20);
  });

  it('gives every item a unique code of its group (C codes name the agency)', () => {
    expect(new Set(items.map((i) => i.code)).size).toBe(items.length);
    for (const i of items) {
      const pattern = i.group === 'C' ? /^C\.[A-Z][A-Z-]*\.\d{2}$/ : new RegExp(`^${i.group}\\.\\d{2}$`);
      expect({ code: i.code, ok: pattern.test(i.code) }).toEqual({ code: i.code, ok: true });
      if (i.group === 'C') expect(i.code.split('.')[1]).toBe(i.agencyCode);
    }
  });

  it('names each kind of work once, in Vietnamese with diacritics', () => {
    expect(new Set(items.map((i) => i.name)).size).toBe(items.length);
    const diacritics = /[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]/i;
    for (const i of items) {
      for (const text of [i.name, i.product, i.productUnit, i.sector]) expect(text.trim()).not.toBe('');
      expect(i.productUnit.length).toBeLessThanOrEqual(50);
    }
    // Names and products are written in Vietnamese, with their diacritics (not stripped to ASCII).
    expect(items.filter((i) => !diacritics.test(i.name)).map((i) => i.code)).toEqual([]);
    expect(items.filter((i) => !diacritics.test(i.product)).map((i) => i.code)).toEqual([]);
  });

  it('gives whole standard minutes within the catalog limit, and a complexity group of the scale', () => {
    const groups = new Set(scale.complexityGroups.map((g) => g.code));
    for (const i of items) {
      expect(Number.isInteger(i.standardMinutes)).toBe(true);
      expect(i.standardMinutes).toBeGreaterThanOrEqual(1);
      expect(i.standardMinutes).toBeLessThanOrEqual(MAX_STANDARD_MINUTES);
      expect(groups.has(i.complexityGroup)).toBe(true);
    }
  });

  it('allows coefficient ranges that include 1.00', () => {
    for (const i of items)
      for (const r of [i.difficulty, i.urgency]) {
        expect(Number.isInteger(r.min) && Number.isInteger(r.max)).toBe(true);
        expect(r.min).toBeGreaterThan(0);
        expect(r.min).toBeLessThanOrEqual(r.max);
        expect(r.min).toBeLessThanOrEqual(100);
        expect(r.max).toBeGreaterThanOrEqual(100);
      }
  });

  it('tags group C items with their agency, and no other item', () => {
    for (const i of items) {
      if (i.group === 'C') expect(i.agencyCode).toMatch(/^[A-Z][A-Z-]*$/);
      else expect(i.agencyCode).toBeNull();
    }
    expect(new Set(inGroup('C').map((i) => i.agencyCode)).size).toBeGreaterThanOrEqual(5);
  });

  it('applies every item to valid job-position categories, group A to leadership posts', () => {
    const valid = new Set<string>(POSITION_CATEGORIES);
    for (const i of items) {
      expect(i.positionCategories.length).toBeGreaterThan(0);
      expect(new Set(i.positionCategories).size).toBe(i.positionCategories.length);
      for (const p of i.positionCategories) expect(valid.has(p)).toBe(true);
    }
    for (const i of inGroup('A')) expect(i.positionCategories).toContain('LEADERSHIP');
  });

  it('ships a scale that passes the check made when a tenant saves one', () => {
    expect(() => checkScale(scale)).not.toThrow();
    expect(scale.standardProductMinutes).toBe(60);
    expect(scale.complexityGroups).toEqual([
      { code: 'N1', coefficientHundredths: 100 },
      { code: 'N2', coefficientHundredths: 125 },
      { code: 'N3', coefficientHundredths: 150 },
      { code: 'N4', coefficientHundredths: 175 },
      { code: 'N5', coefficientHundredths: 200 },
    ]);
  });

  it('converts one product of every item with the default coefficients', () => {
    for (const i of items) {
      const group = scale.complexityGroups.find((g) => g.code === i.complexityGroup)!;
      const converted = convert({ quantityHundredths: 100 }, i, scale);
      // One product, coefficients 1.00: standard minutes × the group's coefficient.
      expect(converted.minutesHundredths).toBe(i.standardMinutes * group.coefficientHundredths);
      expect(converted.unitsHundredths).toBeGreaterThan(0);
    }
    // Drafting the standard product (a routine administrative document) converts to one.
    const standard = items.find((i) => i.name.toLowerCase() === `soạn thảo ${scale.standardProductName.toLowerCase()}`)!;
    expect(standard).toBeDefined();
    expect(convert({ quantityHundredths: 100 }, standard, scale)).toEqual({ minutesHundredths: 6_000, unitsHundredths: 100 });
  });
});
