/**
 * The Blangkon mark: a stylised blangkon (Javanese headcloth) with its mondolan knot, drawn
 * inline so the app needs no external asset.
 */
export function BrandMark({ size = 36 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 48 48" aria-hidden="true" focusable="false">
      <circle cx="24" cy="24" r="23" fill="#ffffff" />
      <circle cx="24" cy="24" r="20" fill="#bb6d26" />
      <path d="M9 29c0-9 6.7-16 15-16s15 7 15 16c-4 1.6-9.2 2.5-15 2.5S13 30.6 9 29z" fill="#005e46" />
      <path
        d="M12 26.5c3.4 1.3 7.6 2 12 2s8.6-.7 12-2"
        fill="none"
        stroke="#e1c4a8"
        strokeWidth="1.6"
        strokeLinecap="round"
      />
      <path
        d="M15 21c2.6-3.6 5.7-5.4 9-5.4"
        fill="none"
        stroke="#76baa4"
        strokeWidth="1.4"
        strokeLinecap="round"
      />
      <ellipse cx="35.5" cy="31.5" rx="4.6" ry="3.6" fill="#036d53" stroke="#e1c4a8" strokeWidth="1.2" />
    </svg>
  );
}
