package dk.telemed.sim.physiology;

/**
 * A unit a device can report a type in.
 *
 * @param code the UCUM code as spec section 1 writes it
 * @param perCanonical how many of this unit make one canonical unit (value in this unit =
 *     canonical value × perCanonical)
 * @param decimals how many decimals the device shows in this unit
 */
public record UnitChoice(String code, double perCanonical, int decimals) {
}
