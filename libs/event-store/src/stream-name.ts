/** Streams are `<category>-<id>`; the category is everything before the first dash. */
export const streamName = (category: string, id: string): string => `${category}-${id}`;

export const categoryOf = (stream: string): string => {
  const dash = stream.indexOf('-');
  return dash < 0 ? stream : stream.slice(0, dash);
};
