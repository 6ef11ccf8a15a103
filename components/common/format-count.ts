/**
 * A count with thousands separators ("100,003"), as `toLocaleString('en-US')` writes it, without
 * Intl: the first Intl call of a page loads ICU data, tens of milliseconds inside a first draw.
 */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const sign = n < 0 ? '-' : '';
  const [int, frac] = Math.abs(n).toString().split('.');
  const grouped = int!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return sign + grouped + (frac ? `.${frac.slice(0, 3)}` : '');
}
