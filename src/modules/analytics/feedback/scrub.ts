// Scrubs free-text feedback before it is stored: whatever looks like an e-mail address, an IBAN
// or a phone number is replaced by a marker. It errs on the side of removing too much — a
// comment about a service needs none of these, and a stored one could identify its author.

const EMAIL = /[\p{L}\p{N}._%+-]+\s*(?:@|\(at\)|\[at\]|\{at\}|\s(?:at|ät)\s)\s*[\p{L}\p{N}-]+(?:\s*(?:\.|\(dot\)|\[dot\]|\(punkt\)|\[punkt\])\s*[\p{L}\p{N}-]+)+/giu;
// Two letters, two check digits, then 11–30 letters/digits, possibly grouped by spaces.
const IBAN = /\b[A-Z]{2}\s?\d{2}(?:\s?[A-Z0-9]){11,30}\b/gi;
// A run of digits with the separators phone numbers are written with, at least 6 digits.
const PHONE = /(?:\+|\b00|\b0|\(0)[\d\s/().-]{4,}\d|\b\d{6,}\b/g;
const DATE = /^\d{1,2}\.\d{1,2}\.(?:\d{2}|\d{4})$/;

export const MARKERS = { email: '[E-Mail entfernt]', iban: '[IBAN entfernt]', phone: '[Telefonnummer entfernt]' } as const;

export function scrubComment(text: string): string {
  return text
    .replace(EMAIL, MARKERS.email)
    .replace(IBAN, (m) => (/\d{6}/.test(m.replace(/\s/g, '')) ? MARKERS.iban : m))
    .replace(PHONE, (m) => {
      const t = m.trim();
      if (DATE.test(t)) return m;                         // 23.11.2026 is a date, not a number
      return t.replace(/\D/g, '').length >= 6 ? MARKERS.phone : m;
    })
    .replace(/\s+/g, ' ')
    .trim();
}
