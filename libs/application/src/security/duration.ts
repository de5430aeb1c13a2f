/** `90s`, `30m`, `8h`, `7d` → seconds. */
export const parseDuration = (text: string): number | undefined => {
  const match = /^(\d{1,6})([smhd])$/.exec(text.trim());
  if (!match) return undefined;
  const unit = { s: 1, m: 60, h: 3600, d: 86_400 }[match[2] as 's' | 'm' | 'h' | 'd'];
  return Number(match[1]) * unit;
};
