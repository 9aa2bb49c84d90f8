/** @develoka/angka-terbilang-js ships no types: a digit string (or number) to Indonesian words. */
declare module '@develoka/angka-terbilang-js' {
  export default function angkaTerbilang(target: string | number, settings?: { decimal: string }): string;
}
