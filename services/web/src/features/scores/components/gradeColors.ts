import type { Grade } from '../api/scores';

export const GRADE_COLOR: Record<Grade, string> = {
  GRADE_UNSPECIFIED: 'default',
  GRADE_EXCELLENT: 'purple',
  GRADE_GOOD: 'green',
  GRADE_COMPLETED: 'blue',
  GRADE_NOT_COMPLETED: 'red',
};
