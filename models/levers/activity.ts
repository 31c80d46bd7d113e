/** Admissions and bed days of one stream in one year, as the levers pass them along. */
export interface Activity {
  admissions: number;
  bedDays: number;
}
