/**
 * The smoothed ReLU of the science page (docs/science.md), written once as a sum of two pieces that is valid for every z:
 *
 *   s(z) = clip(z, 0, rho)^q / (q rho^(q-1)) + max(z - rho, 0)
 *
 * For z <= 0 both terms vanish; on [0, rho] only the polynomial is active; above rho the polynomial
 * is frozen at rho/q, giving z - (1 - 1/q) rho. This form avoids `where` branches, whose unused
 * side would otherwise feed NaN (a negative base to a fractional power) into autodiff.
 */
export function smoothRelu(z: number, q: number, rho: number): number {
  const clipped = Math.min(Math.max(z, 0), rho);
  return Math.pow(clipped, q) / (q * Math.pow(rho, q - 1)) + Math.max(z - rho, 0);
}
