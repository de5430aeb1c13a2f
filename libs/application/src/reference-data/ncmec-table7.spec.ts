import { loadTable7, table7ImportLines } from './ncmec-table7';

describe("the Commission's Table 7, shipped as reference data", () => {
  it('holds every member state for 2022-2024, without the EU total row', () => {
    const figures = loadTable7();
    expect(new Set(figures.map((figure) => figure.memberState)).size).toBe(27);
    expect(figures).toHaveLength(81);
    expect(figures).toContainEqual({ memberState: 'DE', year: 2022, count: 138193 });
    expect(figures).toContainEqual({ memberState: 'SI', year: 2024, count: 4685 });
  });

  it('adds up to the printed EU totals', () => {
    const total = (year: number) => loadTable7().filter((figure) => figure.year === year).reduce((sum, figure) => sum + figure.count, 0);
    expect([total(2022), total(2023), total(2024)]).toEqual([1503431, 1343857, 950817]);
  });

  it('becomes RecordPublishedNcmecFigure import lines, optionally for some member states', () => {
    const lines = table7ImportLines(['NL']).map((line) => JSON.parse(line));
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatchObject({ type: 'RecordPublishedNcmecFigure', data: { memberState: 'NL', year: 2022, count: 57012 } });
  });
});
