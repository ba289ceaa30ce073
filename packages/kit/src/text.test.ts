import { likePatterns, personSortName, searchDocument, searchKey, searchTerms } from './text';

describe('Vietnamese search keys', () => {
  it('folds case, every diacritic and đ', () => {
    expect(searchKey('Nguyễn Văn Đức')).toBe('nguyen van duc');
    expect(searchKey('  ĐẶNG   thị  Hằng ')).toBe('dang thi hang');
    expect(searchKey('Phường Hoàn Kiếm')).toBe('phuong hoan kiem');
    // Every tone on every vowel (precomposed and decomposed input alike).
    expect(searchKey('àáảãạ ăằắẳẵặ âầấẩẫậ èéẻẽẹ êềếểễệ ìíỉĩị òóỏõọ ôồốổỗộ ơờớởỡợ ùúủũụ ưừứửữự ỳýỷỹỵ')).toBe(
      'aaaaa aaaaaa aaaaaa eeeee eeeeee iiiii ooooo oooooo oooooo uuuuu uuuuuu yyyyy',
    );
    expect(searchKey('Nguye\u0302\u0303n')).toBe('nguyen');
  });

  it('splits a query into distinct terms, bounded', () => {
    expect(searchTerms('nguyen van A')).toEqual(['nguyen', 'van', 'a']);
    expect(searchTerms('  ')).toEqual([]);
    expect(searchTerms('a a a')).toEqual(['a']);
    expect(searchTerms('1 2 3 4 5 6 7 8 9 10')).toHaveLength(8);
  });

  it('sorts people by given name first', () => {
    expect(personSortName('Nguyễn Văn An')).toBe('An Nguyễn Văn An');
    expect(personSortName('Lan')).toBe('Lan Lan');
  });

  it('splits codes, emails and punctuation into words, so that a query matches at the start of any of them', () => {
    expect(searchKey('CB-0001 lan.nt@snv.gov.vn')).toBe('cb 0001 lan nt snv gov vn');
    expect(searchTerms('50% a_b')).toEqual(['50', 'a', 'b']);
    expect(searchDocument('Nguyễn Văn Bảo')).toBe(' nguyen van bao');
    expect(likePatterns(['a'])).toEqual(['% a%']);
    const matches = (doc: string, query: string) => searchTerms(query).every((t) => searchDocument(doc).includes(` ${t}`));
    expect(matches('Nguyễn Văn A', 'nguyen van a')).toBe(true);
    expect(matches('Nguyễn Văn Bảo', 'nguyen van a')).toBe(false);
    expect(matches('Đặng Đức Ánh', 'duc')).toBe(true);
  });
});
