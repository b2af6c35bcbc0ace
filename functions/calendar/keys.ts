// The national holiday arrangements published on the platform, in the single table:
//
//   CALENDAR / YEAR#<yyyy>   one year's arrangement (国务院 放假安排): holidays, make-up working days, the
//                            notice, who published it and when, and a revision. A query of pk = CALENDAR reads
//                            every year at once: what each function that counts working days loads at cold
//                            start and checks again every few seconds.
export const arrangementPartition = 'CALENDAR';
export const arrangementKey = (year: number) => ({ pk: arrangementPartition, sk: `YEAR#${year}` });
