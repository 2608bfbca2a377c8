/** `?page=N` as a positive whole number: 1 when absent, undefined when malformed (answered with 404). */
export function pageParam(value: unknown): number | undefined {
  if (value === undefined) return 1;
  if (typeof value !== 'string' || !/^[1-9]\d{0,5}$/.test(value)) return undefined;
  return Number(value);
}
