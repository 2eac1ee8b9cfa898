/**
 * Python's fixed-point formatting (`format(x, '.2f')`), which rounds the exact binary value half to
 * even; JavaScript's `toFixed` rounds exact ties up (0.125 → '0.13', Python '0.12'). Used so that
 * text reports match scikit-learn's character for character.
 */
export function pyFixed(x: number, digits: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf';
  const negative = x < 0 || Object.is(x, -0);
  const exact = Math.abs(x).toFixed(100); // exact decimal expansion for |x| < 1e21 (enough digits for our values)
  const [intPart, frac] = exact.split('.');
  const kept = frac.slice(0, digits);
  const rest = frac.slice(digits);
  let digitsStr = intPart + kept;
  const first = rest.charCodeAt(0) - 48;
  const tail = rest.slice(1).replace(/0+$/, '');
  const lastKept = digitsStr.charCodeAt(digitsStr.length - 1) - 48;
  const roundUp = first > 5 || (first === 5 && (tail.length > 0 || lastKept % 2 === 1));
  if (roundUp) {
    const chars = digitsStr.split('');
    let i = chars.length - 1;
    while (i >= 0) {
      if (chars[i] === '9') {
        chars[i] = '0';
        i--;
      } else {
        chars[i] = String.fromCharCode(chars[i].charCodeAt(0) + 1);
        break;
      }
    }
    if (i < 0) chars.unshift('1');
    digitsStr = chars.join('');
  }
  const intLen = digitsStr.length - digits;
  const body = digits > 0 ? `${digitsStr.slice(0, intLen)}.${digitsStr.slice(intLen)}` : digitsStr;
  return negative ? `-${body}` : body;
}

/** Right-aligns `s` in `width` characters (Python's `{:>width}`). */
export function padLeft(s: string, width: number): string {
  return s.length >= width ? s : ' '.repeat(width - s.length) + s;
}
