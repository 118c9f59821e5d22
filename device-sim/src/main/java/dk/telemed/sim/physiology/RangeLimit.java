package dk.telemed.sim.physiology;

/** Whether a device showed a number or the limit of its measuring range ("LO"/"HI"). */
public enum RangeLimit {
    NONE, LO, HI
}
