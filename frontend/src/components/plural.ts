/** "1 application", "3 applications", "no applications": a count in words, never "application(s)". */
export function countOf(n: number, one: string, many = `${one}s`): string {
  if (n === 0) return `no ${many}`;
  return `${n} ${n === 1 ? one : many}`;
}
