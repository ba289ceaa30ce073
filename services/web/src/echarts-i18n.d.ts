// ECharts ships its translations as UMD objects without types: they have the shape of the English one.
declare module 'echarts/i18n/langVI-obj.js' {
  const locale: Parameters<typeof import('echarts/core').registerLocale>[1];
  export default locale;
}
