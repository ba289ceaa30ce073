import dayjs from 'dayjs';
import 'dayjs/locale/vi';
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from '../locales/en.json';
import vi from '../locales/vi.json';

/** Vietnamese first; English on request, remembered in this browser. */
export type Language = 'vi' | 'en';
const STORAGE_KEY = 'thuocdo.language';

function initial(): Language {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'vi';
  } catch {
    return 'vi';
  }
}

void i18n.use(initReactI18next).init({
  resources: { vi: { translation: vi }, en: { translation: en } },
  lng: initial(),
  fallbackLng: 'vi',
  interpolation: { escapeValue: false },
});
dayjs.locale(i18n.language === 'en' ? 'en' : 'vi');

export function setLanguage(lang: Language): void {
  void i18n.changeLanguage(lang);
  dayjs.locale(lang === 'en' ? 'en' : 'vi');
  document.documentElement.lang = lang;
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // private browsing: the choice lasts for this page only
  }
}

export default i18n;
