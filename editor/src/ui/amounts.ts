/** A difference with its sign always shown: +110.35, -4.80, +0.00. */
export function signed(amount: string): string {
  return amount.startsWith('-') ? amount : `+${amount}`;
}
