export * from './cells';
export * from './workbook';
